/**
 * The one interface every live IS source implements (SQL Server, PostgreSQL), so that discovery,
 * chunking, resume, progress and cancel are written once (extract.ts) and tested once (the
 * contract suite in tests/snapshots/sources/contract.ts).
 *
 * A source only ever runs SELECT statements that extract.ts generates from the IS schema; it never
 * runs user SQL.
 */
import type { ColumnDef } from '../schema/index.ts';
import type { SelectionDialect } from '../store/selection.ts';

export type SourceKind = 'sqlserver' | 'postgresql';

/** A value as a driver returns it (Date for SQL Server datetime, text for PostgreSQL timestamps). */
export type SourceValue = string | number | boolean | bigint | Date | null;

/** One column of INFORMATION_SCHEMA.COLUMNS in the source's schema. */
export interface LiveColumn {
  readonly table: string;
  readonly column: string;
}

/** How IS names are spelled in the source, once discovery has found them. */
export interface LiveNames {
  readonly table: (isName: string) => string;
  readonly column: (isName: string) => string;
}

/** The source's SQL: how to name things and how to read a column exactly. */
export interface SourceSql {
  readonly dialect: (names: LiveNames) => SelectionDialect;
  /** The SELECT-list expression for a column (already quoted), e.g. a cast of numeric to text. */
  readonly selectExpression: (quoted: string, column: ColumnDef) => string;
}

export interface StreamOptions {
  readonly signal: AbortSignal;
  /** Rows per batch handed to the consumer. */
  readonly batchRows: number;
}

/** One open connection. Every method may fail when the connection drops; see Source.isConnectionLost. */
export interface SourceSession {
  /** Every column of every table in the source's IS schema. */
  listColumns(): Promise<LiveColumn[]>;
  /** A small SELECT (counts and bounds), rows as arrays. */
  queryRows(sql: string): Promise<SourceValue[][]>;
  // A session reads a chunk's rows one of two ways: it has exactly one of the next two methods.
  /**
   * Rows through the driver (SQL Server): streams a SELECT's rows in batches. The driver is paused
   * while a batch waits for the consumer (backpressure); the signal cancels the statement on the server.
   */
  streamRows?(sql: string, options: StreamOptions): AsyncIterable<readonly (readonly SourceValue[])[]>;
  /**
   * The bulk path (PostgreSQL's COPY): writes a SELECT's rows to `file` as CSV (RFC 4180, no
   * header, NULL as an empty unquoted field) and resolves with the row count. Extraction then
   * loads the file with DuckDB's CSV reader (bulk-copy.ts, csv-load.ts).
   */
  copyCsv?(sql: string, file: string, signal: AbortSignal): Promise<number>;
  /** Stops the statement running on the server now (a cancel, as Ctrl-C in psql or SSMS): the work waiting on it fails. */
  cancel?(): Promise<void>;
  close(): Promise<void>;
}

export interface Source {
  readonly kind: SourceKind;
  /** `host:port`; with `database`, all that messages and manifests ever show (never credentials). */
  readonly server: string;
  readonly database: string;
  /** The schema holding the IS tables (`dbo`, `public`). */
  readonly schema: string;
  readonly sql: SourceSql;
  /**
   * Rows per chunk unless the request says otherwise: what a dropped connection costs to read
   * again, and how often a chunk's selection subqueries run. Default 50,000.
   */
  readonly chunkRows?: number;
  /** Opens a session; fails with SnapshotError `source_unreachable` or `source_login_failed`. */
  connect(): Promise<SourceSession>;
  /** Whether the error means the connection was lost, so the work can resume on a new one. */
  isConnectionLost(error: unknown): boolean;
}

/** `sqlserver db1:1433/IS`: how messages name a source. */
export function describeSource(source: Pick<Source, 'kind' | 'server' | 'database'>): string {
  return `${source.kind} ${source.server}/${source.database}`;
}
