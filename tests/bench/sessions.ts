/**
 * Snapshot sessions for the benchmarks, which hold a snapshot's data file and manifest rather than a
 * workspace: one sandbox kept open for every use (a running server's warm snapshot), or a new one
 * per use (cold).
 */
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import type { SnapshotSessions } from '../../server/services/snapshot-sessions.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';

/** Every use on `sandbox`, which the caller opened and closes. */
export function heldOpen(manifest: Manifest, sandbox: Sandbox): SnapshotSessions {
  return {
    use: (snapshotId, work) => work({ manifest: sameSnapshot(manifest, snapshotId), sandbox }),
    evict() {},
    close() {},
  };
}

/** A new sandbox on `dataFile` for each use, closed after it. */
export function openedPerUse(manifest: Manifest, dataFile: string): SnapshotSessions {
  return {
    async use(snapshotId, work) {
      const sandbox = await openSnapshotSandbox(dataFile);
      try {
        return await work({ manifest: sameSnapshot(manifest, snapshotId), sandbox });
      } finally {
        sandbox.close();
      }
    },
    evict() {},
    close() {},
  };
}

function sameSnapshot(manifest: Manifest, snapshotId: string): Manifest {
  if (snapshotId !== manifest.id) throw new Error(`the benchmark holds snapshot ${manifest.id}, not ${snapshotId}`);
  return manifest;
}
