/** Vitest global setup: build the workbench UI once if web/dist is missing or older than web/. */
import { ensureWebBuild } from '../../../server/web-build.ts';

export default async function setup(): Promise<void> {
  await ensureWebBuild({ log: (line) => console.log(line) });
}
