/**
 * The IS SQL Server as a snapshot source, through `mssql` (tedious).
 *
 * Production safety:
 * - Read-only by construction: the only statements sent are the SELECTs of ../queries.ts and one
 *   INFORMATION_SCHEMA look-up. The login also declares ApplicationIntent=ReadOnly, which routes
 *   an Availability Group listener to a readable secondary (on a standalone server it changes
 *   nothing, so a login that only has db_datareader is still the advice).
 * - One connection, bounded chunks, rows streamed with backpressure (`request.stream` + pause).
 * - Isolation: READ COMMITTED by default. `readUncommitted=true` in the URL switches to READ
 *   UNCOMMITTED: the extraction then takes no shared locks, so it can never block IS's writers
 *   or wait for them, at the price of dirty reads (a row of a transaction that later rolls back)
 *   and, under concurrent page splits, rows read twice or missed. For a closed period whose rows
 *   no longer change this is a fair trade on a busy server; for the current month it is not.
 * - Types: numeric is cast to varchar in the SELECT (the driver would return a lossy JS number);
 *   bigint arrives as text; datetime arrives as a Date read as UTC, so its milliseconds are the
 *   naive stamp's (useUTC).
 */
import mssql from 'mssql';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ColumnDef } from '../../schema/index.ts';
import { tsqlDialect } from '../../store/selection.ts';
import { connectError, type SourceConfig } from '../connection-url.ts';
import { createRowQueue } from '../row-queue.ts';
import type { LiveColumn, LiveNames, Source, SourceSession, SourceSql, SourceValue, StreamOptions } from '../source.ts';

/** Longest we wait for the server to acknowledge a cancel (tedious' own cancel timeout is 5 s). */
const CANCEL_WAIT_MS = 6000;

export function mssqlSource(config: SourceConfig): Source {
  return {
    kind: 'sqlserver',
    server: `${config.host}:${config.port}`,
    database: config.database,
    schema: config.schema,
    sql: tsqlSql(config.schema),
    connect: () => connect(config),
    isConnectionLost,
  };
}

const bracket = (name: string): string => `[${name.replaceAll(']', ']]')}]`;

function tsqlSql(schema: string): SourceSql {
  return {
    dialect: (names: LiveNames) => {
      const base = tsqlDialect((table) => `${bracket(schema)}.${bracket(names.table(table))}`);
      return { ...base, quote: (column) => base.quote(names.column(column)) };
    },
    selectExpression: (quoted: string, column: ColumnDef) =>
      column.sqlServerType.startsWith('numeric') ? `CAST(${quoted} AS varchar(40)) AS ${quoted}` : quoted,
  };
}

async function connect(config: SourceConfig): Promise<SourceSession> {
  const pool = new mssql.ConnectionPool({
    server: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    connectionTimeout: config.connectTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    pool: { min: 0, max: 1 },
    validateConnection: 'socket',
    arrayRowMode: true,
    options: {
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      readOnlyIntent: true,
      useUTC: true,
      appName: 'call-theory-billing',
      connectionIsolationLevel: config.readUncommitted ? mssql.ISOLATION_LEVEL.READ_UNCOMMITTED : mssql.ISOLATION_LEVEL.READ_COMMITTED,
    },
  });
  pool.on('error', () => {}); // a dropped idle connection; the next request reports it
  try {
    await pool.connect();
  } catch (error) {
    await pool.close().catch(() => undefined);
    throw connectError(config, error, (error as { code?: string } | null)?.code === 'ELOGIN');
  }
  return session(pool, config.schema);
}

function session(pool: mssql.ConnectionPool, schema: string): SourceSession {
  // The small queries in flight, so that a cancel stops them on the server (a row count can wait on a lock).
  const running = new Set<mssql.Request>();
  const queryRows = async (sql: string): Promise<SourceValue[][]> => {
    const request = pool.request();
    request.arrayRowMode = true;
    running.add(request);
    try {
      const result = await request.query(sql);
      return (result.recordset ?? []) as unknown as SourceValue[][];
    } finally {
      running.delete(request);
    }
  };
  return {
    async listColumns(): Promise<LiveColumn[]> {
      const rows = await queryRows(`SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '${schema}'`);
      return rows.map(([table, column]) => ({ table: String(table), column: String(column) }));
    },
    queryRows,
    streamRows: (sql, options) => streamRows(pool, sql, options),
    async cancel() {
      for (const request of running) request.cancel();
    },
    close: () => pool.close(),
  };
}

async function* streamRows(pool: mssql.ConnectionPool, sql: string, { signal, batchRows }: StreamOptions): AsyncGenerator<SourceValue[][]> {
  const request = new mssql.Request(pool);
  request.stream = true;
  request.arrayRowMode = true;
  const queue = createRowQueue<SourceValue[]>({ pause: () => request.pause(), resume: () => request.resume(), cancel: () => request.cancel() }, { batchRows });
  let finished = false;
  const settled = new Promise<void>((resolve) => request.once('done', resolve)).then(() => {
    finished = true;
  });
  request.on('row', (row: SourceValue[]) => queue.push(row));
  request.on('error', (error: unknown) => queue.fail(error));
  request.on('done', () => queue.end());
  const cancel = (): void => {
    request.cancel();
  };
  signal.addEventListener('abort', cancel, { once: true });
  void request.query(sql); // in stream mode the outcome arrives as events; the promise always resolves
  try {
    yield* queue;
  } finally {
    signal.removeEventListener('abort', cancel);
    if (!finished) {
      // Let the ATTENTION round trip finish, so the server has stopped the statement before the
      // connection closes; tedious gives up (and closes the socket) after its cancel timeout.
      request.cancel();
      await Promise.race([settled, sleep(CANCEL_WAIT_MS)]);
    }
  }
}

/** Socket-level failures: the chunk can be read again on a new connection. */
function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ESOCKET' || code === 'ECONNCLOSED' || code === 'ECONNRESET' || code === 'ENOTOPEN';
}
