/**
 * The one error type of the snapshots layer. `code` is stable for programs, `message` is for
 * people and names what is wrong and where (table, file, option).
 */
export type SnapshotErrorCode =
  | 'bad_period'
  | 'bad_scale'
  | 'bad_seed'
  | 'not_found'
  | 'workspace_locked'
  | 'disk_full'
  | 'corrupt_snapshot'
  | 'cancelled';

export class SnapshotError extends Error {
  readonly code: SnapshotErrorCode;

  constructor(code: SnapshotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotError';
    this.code = code;
  }
}
