/**
 * Extracts a period from a live IS database into a new snapshot: discover the schema, count each
 * table's selection, then copy every table chunk by chunk into DuckDB — as CSV files DuckDB loads
 * (bulk-copy.ts) when the source can write them, else as rows streamed through the bulk writer.
 * The snapshot is written by createSnapshot, atomically: a failure or a cancel leaves nothing.
 *
 * @example
 *   const { source, config } = openSource('mssql://reader@is-db/IS'); // password: BILLING_SOURCE_PASSWORD
 *   await extractSnapshot(workspace, { source, secret: config.password, period: parsePeriod('2026-10'), periodLabel: '2026-10' });
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotError } from '../errors.ts';
import type { Period } from '../period.ts';
import { createTableSql, tables } from '../schema/index.ts';
import { openBulkWriter } from '../store/bulk-writer.ts';
import type { Manifest } from '../store/manifest.ts';
import type { ClientRange } from '../store/selection.ts';
import { createSnapshot } from '../store/snapshot-store.ts';
import type { Workspace } from '../store/workspace.ts';
import { chunkColumnOf, planChunks, type Chunk } from './chunks.ts';
import { copyTablesAsCsv } from './bulk-copy.ts';
import { resolveSchema, type ResolvedTable } from './discovery.ts';
import { createProgressTracker, type ExtractionEvent, type ProgressTracker } from './progress.ts';
import { chunkSql, discardChunkSql, extentSql, type QueryContext } from './queries.ts';
import { keepSession, type ResumeOptions, throwIfCancelled, type SessionKeeper } from './resume.ts';
import { describeSource, type Source, type SourceSession, type StreamOptions } from './source.ts';
import { numberValue, rowReader, stampValue } from './values.ts';

export interface ExtractRequest {
  readonly source: Source;
  /** The source's password, only so that driver messages can be redacted. */
  readonly secret?: string;
  readonly period: Period;
  /** The period as the user wrote it, for the snapshot id. */
  readonly periodLabel: string;
  readonly clients?: ClientRange | null;
  /** Keep a snapshot of a period with no call or message in it (else refused as `empty_period`). */
  readonly allowEmpty?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ExtractionEvent) => void;
  /** Rows per chunk: what a dropped connection costs to read again. */
  readonly chunkRows?: number;
  /** Rows per batch from the driver into DuckDB. */
  readonly batchRows?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly now?: () => Date;
  readonly clock?: () => number;
}

interface TablePlan {
  readonly table: ResolvedTable;
  readonly chunks: readonly Chunk[];
  readonly rows: number;
}

export async function extractSnapshot(workspace: Workspace, request: ExtractRequest): Promise<Manifest> {
  const { source, clients } = request;
  if (clients) assertClientRange(clients);
  let warnings: readonly string[] = [];
  return createSnapshot(workspace, {
    idBase: `${source.kind}-${source.database}-${request.periodLabel}`,
    source: { kind: source.kind, server: source.server, database: source.database },
    period: request.period,
    clients: clients ?? null,
    ...(request.now ? { now: request.now } : {}),
    fill: async (connection, partialDir) => {
      warnings = await fill(connection, partialDir, request);
    },
    // createSnapshot's describe() is typed for the demo's edge cases; the manifest schema keeps warnings too.
    describe: async () => (warnings.length > 0 ? { warnings: [...warnings] } : {}),
  });
}

async function fill(connection: DuckDBConnection, partialDir: string, request: ExtractRequest): Promise<readonly string[]> {
  const { source } = request;
  const signal = request.signal ?? new AbortController().signal;
  throwIfCancelled(source, signal);
  const emit = request.onProgress ?? (() => {});
  let current = '';
  const resume: ResumeOptions = {
    retries: request.retries ?? 3,
    retryDelayMs: request.retryDelayMs ?? 2000,
    signal,
    secret: request.secret,
    onResume: (attempt, reason) => emit({ kind: 'resumed', table: current, attempt, reason }),
  };
  const keeper = await keepSession(source, resume);
  try {
    const live = await keeper.run('INFORMATION_SCHEMA.COLUMNS', (session) => session.listColumns());
    const schema = resolveSchema(tables, live, `${describeSource(source)} (schema ${source.schema})`);
    const context: QueryContext = { sql: source.sql, dialect: source.sql.dialect(schema.names), period: request.period, clients: request.clients ?? undefined };
    const plans = await planTables(keeper, () => keepSession(source, resume), schema.tables, context, request.chunkRows ?? source.chunkRows ?? 50_000);
    const rows = plans.reduce((sum, plan) => sum + plan.rows, 0);
    if (!request.allowEmpty) assertPeriodHasData(plans, request);
    emit({ kind: 'planned', tables: plans.length, rows, warnings: schema.warnings });
    const tracker = createProgressTracker({ tables: plans.length, rows }, emit, request.clock);
    // Chunk files live in the snapshot's own hidden folder: on the workspace's disk, not a small /tmp,
    // and swept with the folder if this process dies.
    const csvFolder = mkdtempSync(join(partialDir, 'chunks-'));
    try {
      const bulk = await keeper.run('the source', async (session) => session.copyCsv !== undefined);
      if (bulk) {
        const files = [join(csvFolder, 'chunk-a.csv'), join(csvFolder, 'chunk-b.csv')] as const;
        await copyTablesAsCsv({ connection, keeper, context, tracker, source, signal, files, reading: (table) => (current = table) }, plans);
      } else {
        const copy: CopyContext = { connection, keeper, context, tracker, source, stream: { signal, batchRows: request.batchRows ?? 2000 } };
        for (const plan of plans) {
          current = plan.table.def.name;
          await connection.run(createTableSql(plan.table.def));
          tracker.tableStarted(current);
          for (const chunk of plan.chunks) await copyChunk(copy, plan.table, chunk);
          tracker.tableDone();
        }
      }
    } finally {
      rmSync(csvFolder, { recursive: true, force: true });
    }
    return schema.warnings;
  } finally {
    await keeper.close();
  }
}

/**
 * Every table's plan, read on the extraction's session and on one more opened for the purpose (and
 * closed after): the row counts of the period's selection are the slowest statements after the
 * copy itself (at `large`, 2.4 s, half of it the messages' alone), and the source answers two at
 * once. Without a second session (refused, say), all on the one.
 */
async function planTables(
  keeper: SessionKeeper,
  openHelper: () => Promise<SessionKeeper>,
  tables: readonly ResolvedTable[],
  context: QueryContext,
  chunkRows: number,
): Promise<TablePlan[]> {
  const helper = await openHelper().catch(() => undefined);
  const plans = new Array<TablePlan>(tables.length);
  let next = 0;
  let failed = false;
  const planOn = async (session: SessionKeeper): Promise<void> => {
    try {
      while (!failed && next < tables.length) {
        const at = next++;
        plans[at] = await planTable(session, tables[at] as ResolvedTable, context, chunkRows);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  try {
    // After a failure neither session takes another table, and both end before it is reported.
    const outcomes = await Promise.allSettled([planOn(keeper), ...(helper ? [planOn(helper)] : [])]);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return plans;
  } finally {
    await helper?.close();
  }
}

async function planTable(keeper: SessionKeeper, table: ResolvedTable, context: QueryContext, chunkRows: number): Promise<TablePlan> {
  const [row] = await keeper.run(`${table.def.name} (row count)`, (session) => session.queryRows(extentSql(table, context)));
  const column = chunkColumnOf(table.def);
  const bound = column.kind === 'stamp' ? stampValue : numberValue;
  const extent = { rows: numberValue(row?.[0] ?? 0) ?? 0, min: bound(row?.[1] ?? null), max: bound(row?.[2] ?? null) };
  return { table, rows: extent.rows, chunks: planChunks(column, extent, chunkRows) };
}

interface CopyContext {
  readonly connection: DuckDBConnection;
  readonly keeper: SessionKeeper;
  readonly context: QueryContext;
  readonly tracker: ProgressTracker;
  readonly source: Source;
  readonly stream: StreamOptions;
}

/** Streams one chunk's rows into the snapshot; a dropped connection discards the chunk's rows and reads it again. */
async function copyChunk(copy: CopyContext, table: ResolvedTable, chunk: Chunk): Promise<void> {
  const { connection, keeper, tracker, source } = copy;
  const read = rowReader(table);
  const sql = chunkSql(table, chunk, copy.context);
  let written = 0;
  const stream = async (session: SourceSession): Promise<void> => {
    const writer = await openBulkWriter(connection, table.def);
    try {
      for await (const batch of (session.streamRows as NonNullable<SourceSession['streamRows']>)(sql, copy.stream)) {
        throwIfCancelled(source, copy.stream.signal);
        for (const row of batch) writer.append(read(row));
        written += batch.length;
        tracker.rowsWritten(batch.length);
      }
    } finally {
      writer.close();
    }
  };
  const discard = async (): Promise<void> => {
    await connection.run(discardChunkSql(table, chunk));
    tracker.rowsDiscarded(written);
    written = 0;
  };
  await keeper.run(table.def.name, stream, discard);
}

/**
 * A period in which no table read by its stamp has a row is almost always a wrong period, client
 * range or source: its snapshot would bill every client zero. Refused unless asked for.
 */
function assertPeriodHasData(plans: readonly TablePlan[], request: ExtractRequest): void {
  const byPeriod = plans.filter((plan) => plan.table.def.periodColumn !== undefined);
  if (byPeriod.length === 0 || byPeriod.some((plan) => plan.rows > 0)) return;
  const clients = request.clients ? `, clients ${request.clients.from}-${request.clients.to}` : '';
  throw new SnapshotError(
    'empty_period',
    `${describeSource(request.source)} has no data for ${request.periodLabel}${clients} (no row in ${byPeriod.map((plan) => plan.table.def.name).join(', ')}): check the period, the client range and the source; to keep an empty snapshot anyway, ask for it (--allow-empty, or allowEmpty in the request).`,
  );
}

function assertClientRange(clients: ClientRange): void {
  if (!/^\d{1,18}$/.test(clients.from) || !/^\d{1,18}$/.test(clients.to) || BigInt(clients.from) > BigInt(clients.to)) {
    throw new SnapshotError('bad_client_range', `The client range ${clients.from}-${clients.to} must be two client numbers, the first not above the second.`);
  }
}
