/**
 * An IS replica kept in PostgreSQL as a snapshot source, through `pg`. Also our real-database
 * test bed (tests/snapshots/sources/postgres.test.ts).
 *
 * - Read-only by construction: the session starts with default_transaction_read_only=on and runs
 *   everything in one REPEATABLE READ, READ ONLY transaction, so every table and chunk is read
 *   from the same MVCC snapshot (until a dropped connection forces a new one).
 * - Chunks are read with COPY (SELECT …) TO STDOUT as CSV into a file that DuckDB loads (the bulk
 *   path, several times faster than rows through the driver).
 * - Types: timestamp (without time zone) is read as its text, never through a JS Date in the
 *   machine's zone; numeric is cast to text; bigint arrives as text (pg's default).
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { quoteIdent, type ColumnDef } from '../../schema/index.ts';
import { postgresDialect } from '../../store/selection.ts';
import { connectError, type SourceConfig } from '../connection-url.ts';
import type { LiveColumn, LiveNames, Source, SourceSession, SourceSql, SourceValue } from '../source.ts';

const TIMESTAMP_OID = 1114;

export function postgresSource(config: SourceConfig): Source {
  return {
    kind: 'postgresql',
    server: `${config.host}:${config.port}`,
    database: config.database,
    schema: config.schema,
    sql: postgresSql(config.schema),
    // COPY reads about a million rows a second: a chunk of two million costs a couple of seconds to
    // read again after a drop, and fewer chunks evaluate the selection's subqueries (a call's start
    // rows by its end rows) fewer times.
    chunkRows: 2_000_000,
    connect: () => connect(config),
    isConnectionLost,
  };
}

function postgresSql(schema: string): SourceSql {
  return {
    dialect: (names: LiveNames) =>
      postgresDialect(
        (table) => `${quoteIdent(schema)}.${quoteIdent(names.table(table))}`,
        (column) => quoteIdent(names.column(column)),
      ),
    selectExpression: (quoted: string, column: ColumnDef) => (column.sqlServerType.startsWith('numeric') ? `${quoted}::text AS ${quoted}` : quoted),
  };
}

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? (text: string) => text : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

async function connect(config: SourceConfig): Promise<SourceSession> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    connectionTimeoutMillis: config.connectTimeoutMs,
    application_name: 'call-theory-billing',
    // work_mem: the period selections test membership in message histories under OR, which PostgreSQL
    // runs as a hashed subplan only if the hash fits in work_mem; at the default 4 MB it falls back to
    // re-scanning the histories for every message, and a large site's count never ends. This session only.
    options: '-c default_transaction_read_only=on -c work_mem=256MB',
    ...(config.requestTimeoutMs > 0 ? { statement_timeout: config.requestTimeoutMs } : {}),
    types,
  });
  client.on('error', () => {}); // a connection dropped while idle; the next query reports it
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    // SQLSTATE class 28: authorization (user, password); 3D000: no such database.
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    throw connectError(config, error, /^28/.test(code) || code === '3D000');
  }
  return session(client, config);
}

function session(client: pg.Client, config: SourceConfig): SourceSession {
  const { schema } = config;
  return {
    async listColumns(): Promise<LiveColumn[]> {
      const result = await client.query<{ table_name: string; column_name: string }>(
        'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1',
        [schema],
      );
      return result.rows.map((row) => ({ table: row.table_name, column: row.column_name }));
    },
    async queryRows(sql) {
      return (await client.query<SourceValue[]>({ text: sql, rowMode: 'array' })).rows;
    },
    copyCsv: (sql, file, signal) => copyCsv(client, sql, file, signal),
    cancel: () => cancelBackend(config, (client as pg.Client & { processID: number | null }).processID),
    close: () => client.end(),
  };
}

async function copyCsv(client: pg.Client, sql: string, file: string, signal: AbortSignal): Promise<number> {
  const abort = (): void => void client.end().catch(() => undefined);
  signal.addEventListener('abort', abort, { once: true });
  try {
    // Timestamps come out as their text and numeric as its exact digits: COPY uses each type's output function.
    const copy = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
    await pipeline(copy, createWriteStream(file));
    return copy.rowCount;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/**
 * Stops what the session's backend is running, from a connection of its own (the session's is busy
 * waiting for its statement): pg_cancel_backend, allowed on one's own sessions. Best effort, bounded.
 */
async function cancelBackend(config: SourceConfig, processId: number | null): Promise<void> {
  if (processId === null) return;
  const canceller = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    connectionTimeoutMillis: Math.min(config.connectTimeoutMs, 5000),
    application_name: 'call-theory-billing (cancel)',
  });
  canceller.on('error', () => {});
  try {
    await canceller.connect();
    await canceller.query('SELECT pg_cancel_backend($1)', [processId]);
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/** Connection failures (class 08, server shutdown 57P0x) and snapshot conflicts on a hot standby (40001). */
function isConnectionLost(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '40001', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(code)) return true;
  return /Connection terminated|connection error|not queryable|Client was closed/i.test(error instanceof Error ? error.message : '');
}
