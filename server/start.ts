/**
 * Starts the workbench server on a workspace: creates the workspace and a demo snapshot on first
 * start, takes the workspace lock, and serves the Hono app until closed.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createDemoSnapshot, type Progress } from '../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../snapshots/demo/scales.ts';
import { parsePeriod } from '../snapshots/period.ts';
import { listSnapshots } from '../snapshots/store/snapshot-store.ts';
import { ensureWorkspace, lockWorkspace, type Workspace } from '../snapshots/store/workspace.ts';
import { createApp } from './http/app.ts';
import { productVersion } from './version.ts';

export interface StartOptions {
  readonly workspace: Workspace;
  readonly port: number;
  readonly host: string;
  readonly now?: () => Date;
  readonly onProgress?: (progress: Progress) => void;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer({ workspace, port, host, now = () => new Date(), onProgress, log = () => {} }: StartOptions): Promise<RunningServer> {
  ensureWorkspace(workspace);
  const unlock = lockWorkspace(workspace, {}, now);
  try {
    if (listSnapshots(workspace).length === 0) {
      const periodLabel = previousMonth(now());
      log(`First start: creating a small demo snapshot for ${periodLabel} in ${workspace.snapshotsDir}`);
      await createDemoSnapshot(workspace, { scale: scaleNamed('small'), period: parsePeriod(periodLabel), periodLabel, seed: 1, now, ...(onProgress ? { onProgress } : {}) });
    }
    const app = createApp({ workspace, version: productVersion() });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
    return {
      url,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          unlock();
        }),
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * The last whole month before `now` in the server's local calendar (the IS server keeps local
 * time), as YYYY-MM: the period billed at month end.
 */
export function previousMonth(now: Date): string {
  const year = now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
  const month = now.getMonth() === 0 ? 12 : now.getMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}
