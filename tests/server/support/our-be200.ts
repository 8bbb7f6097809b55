/** Test support: the workbench's own Billing Export 200 of a server's snapshot (legacy formulas), to make legacy files from. */
import { buildBe200Report } from '../../../engine/be200/report.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import { readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import type { TestServer } from './test-server.ts';

export async function ourBe200Report(server: Pick<TestServer, 'context' | 'snapshotId'>) {
  const workspace = server.context.workspace;
  const manifest = readManifest(workspace, server.snapshotId);
  const library = loadLibrary();
  const sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
  try {
    return await buildBe200Report({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index: indexFormulas(library.formulas),
      variant: 'legacy',
      params: { start: manifest.period.start, end: manifest.period.end },
    });
  } finally {
    sandbox.close();
  }
}
