/**
 * Snapshots opened for formulas, shared by every use case: a service asks for a session on a
 * snapshot, works in it and hands it back. The implementation decides how many DuckDB instances
 * stay open and how many queries run at once.
 */
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { readManifest, snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';

export interface SnapshotSession {
  readonly manifest: Manifest;
  readonly sandbox: Sandbox;
}

export interface SnapshotSessions {
  /** Runs `work` with the snapshot open; the sandbox must not be used after `work` settles. */
  use<T>(snapshotId: string, work: (session: SnapshotSession) => Promise<T>): Promise<T>;
  /** Closes every open instance (server shutdown). */
  close(): void;
}

/** One new sandbox per use, closed after it: for the CLI, where each command runs once. */
export function openPerUse(workspace: Workspace): SnapshotSessions {
  return {
    async use(snapshotId, work) {
      const manifest = readManifest(workspace, snapshotId);
      const sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
      try {
        return await work({ manifest, sandbox });
      } finally {
        sandbox.close();
      }
    },
    close() {},
  };
}
