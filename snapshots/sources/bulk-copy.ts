/**
 * The bulk path of extraction, for sources that write CSV (PostgreSQL's COPY): each chunk is
 * written to a file by the source and loaded by DuckDB in one INSERT (csv-load.ts), all or
 * nothing, so a dropped connection only means reading that chunk again — none of it is in the
 * snapshot yet. The source and DuckDB work at the same time: DuckDB loads one chunk (or creates
 * the next table) while the source writes the next chunk into the other of two files. DuckDB's
 * statements run one at a time, in order, and all have ended when the copy returns or fails.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SnapshotError } from '../errors.ts';
import { createTableSql } from '../schema/index.ts';
import type { Chunk } from './chunks.ts';
import { loadCsvSql } from './csv-load.ts';
import type { ResolvedTable } from './discovery.ts';
import type { ProgressTracker } from './progress.ts';
import { chunkSql, type QueryContext } from './queries.ts';
import { throwIfCancelled, type SessionKeeper } from './resume.ts';
import type { Source, SourceSession } from './source.ts';

export interface BulkTable {
  readonly table: ResolvedTable;
  readonly chunks: readonly Chunk[];
}

export interface BulkCopy {
  readonly connection: DuckDBConnection;
  readonly keeper: SessionKeeper;
  readonly context: QueryContext;
  readonly tracker: ProgressTracker;
  readonly source: Source;
  readonly signal: AbortSignal;
  /** The two files chunks take turns in. */
  readonly files: readonly [string, string];
  /** Told which table the source is reading (for messages about a resumed connection). */
  readonly reading: (table: string) => void;
}

export async function copyTablesAsCsv(copy: BulkCopy, tables: readonly BulkTable[]): Promise<void> {
  const { connection, keeper, tracker, source, signal } = copy;
  const duckdb = serialQueue();
  // The last DuckDB statement that read each file: the file is free again once it has ended.
  const fileFree: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let turn = 0;
  try {
    for (const { table, chunks } of tables) {
      duckdb.push(async () => {
        await connection.run(createTableSql(table.def));
        tracker.tableStarted(table.def.name);
      });
      copy.reading(table.def.name);
      for (const chunk of chunks) {
        const slot = turn++ % 2;
        await fileFree[slot];
        const file = copy.files[slot] as string;
        const sql = chunkSql(table, chunk, copy.context);
        const rows = await keeper.run(table.def.name, (session) => (session.copyCsv as NonNullable<SourceSession['copyCsv']>)(sql, file, signal));
        throwIfCancelled(source, signal);
        fileFree[slot] = duckdb.push(async () => {
          await connection.run(loadCsvSql(table, file)).catch((error: unknown) => {
            throw loadFailed(table.def.name, error);
          });
          tracker.rowsWritten(rows);
        });
      }
      duckdb.push(async () => tracker.tableDone());
    }
    await duckdb.drained();
  } finally {
    await duckdb.settled(); // never leave a statement running on the snapshot's connection
  }
}

/** A load that failed, named by its table (it surfaces while the source already reads a later chunk). */
function loadFailed(table: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  // A full disk keeps its own error, which the snapshot store reports as such.
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOSPC' || /no space left on device|disk is full/i.test(message)) return error;
  return new SnapshotError('source_query_failed', `Loading a chunk of ${table} into the snapshot failed: ${message}`, { cause: error });
}

/** Tasks run one after another in the order pushed; after a failure the rest are skipped and the failure is reported. */
function serialQueue() {
  let tail: Promise<void> = Promise.resolve();
  return {
    push(task: () => Promise<void>): Promise<void> {
      tail = tail.then(task);
      tail.catch(() => undefined); // reported by drained() or by whoever awaits this task
      return tail;
    },
    drained: (): Promise<void> => tail,
    settled: (): Promise<void> =>
      tail.then(
        () => undefined,
        () => undefined,
      ),
  };
}
