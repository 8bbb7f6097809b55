/**
 * Run as a child process by snapshot-store.test.ts: starts writing a snapshot, says so on stdout,
 * then stalls so the test can kill it with SIGKILL mid-write.
 */
import { createSnapshot } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { parsePeriod } from '../../../snapshots/period.ts';

const workspace = resolveWorkspace(process.argv[2]);
await createSnapshot(workspace, {
  idBase: 'demo-tiny-2026-10',
  source: { kind: 'demo', scale: 'tiny', seed: 1, generator: 'test' },
  period: parsePeriod('2026-10'),
  fill: async (connection) => {
    await connection.run('CREATE TABLE cltClients AS SELECT range AS cltID FROM range(100000)');
    process.stdout.write('FILLING\n');
    await new Promise(() => {}); // never finishes
  },
});
