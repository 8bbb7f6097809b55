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
  | 'cancelled'
  // Extraction from a live IS database (snapshots/sources/):
  | 'bad_source_url'
  | 'bad_client_range'
  | 'source_unreachable'
  | 'source_login_failed'
  | 'source_schema_mismatch'
  | 'source_query_failed'
  | 'source_connection_lost'
  | 'empty_period';

export class SnapshotError extends Error {
  readonly code: SnapshotErrorCode;

  constructor(code: SnapshotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotError';
    this.code = code;
  }
}
