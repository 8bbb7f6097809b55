/**
 * The workspace database: one DuckDB file (`workspace/workspace.duckdb`) holding users, formula
 * versions, drafts and reviews, releases, setups, scenarios and the append-only audit log. DuckDB
 * is the engine we already ship and trust with snapshots; it is embedded, transactional, and its
 * write-ahead log makes a commit durable, so a process killed mid-write loses nothing it
 * acknowledged. Transactions are serialised: the server has one connection and Node interleaves
 * requests at every await, so each write runs alone from BEGIN to COMMIT.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { join } from 'node:path';
import { z } from 'zod';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { MIGRATIONS } from './schema.ts';

/** A row as DuckDB returns it (JSON values); the store maps it to a domain value with its table's `…FromRow`. */
export type Row = Record<string, unknown>;

export interface Database {
  /** Reads outside a transaction (each statement sees committed data). */
  all(sql: string, params?: Record<string, DuckDBValue>): Promise<Row[]>;
  /** Runs `work` in a transaction, alone; commits when it returns, rolls back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * `read`'s answer, kept under `key` until the next transaction ends: for what every request reads
   * (its session), which a query on the file costs milliseconds each. Every write is a transaction,
   * so a kept answer is always what reading again would give. `read` must not depend on anything
   * but the database and `key` (the clock included: compare times after).
   */
  cached<T>(key: string, read: (db: Database) => Promise<T>): Promise<T>;
  close(): void;
}

export interface Transaction {
  all(sql: string, params?: Record<string, DuckDBValue>): Promise<Row[]>;
  run(sql: string, params?: Record<string, DuckDBValue>): Promise<void>;
}

/** What reads: the database, or a transaction (which sees its own writes). */
export type Reader = Database | Transaction;

/**
 * A table's one mapping from its rows to a domain value: the row is parsed against `columns` (a
 * column the query did not select, or of another type, is a loud error, not an `undefined` later),
 * then shaped. Columns the schema does not name are ignored.
 *
 * @example const draftFromRow = rowMapping(z.object({ draft_id: z.number() }), (row) => ({ draftId: row.draft_id }));
 */
export function rowMapping<Columns extends z.ZodType, T>(columns: Columns, shape: (row: z.output<Columns>) => T): (row: Row) => T {
  return (row) => shape(columns.parse(row));
}

/** A TIMESTAMP column's text (DuckDB gives `2026-10-01 08:00:00.123456`, in UTC; ISO's `T` read too) as a Date. */
const utcDate = (text: string): Date => new Date(`${text.replace(' ', 'T')}Z`);

/** A TIMESTAMP column as ISO 8601 to the millisecond: `2026-10-01T08:00:00.123`. */
export const timestamp = z.string().transform((text) => utcDate(text).toISOString().slice(0, 23));

/** `read` through the database's read cache (`Database.cached`); a transaction reads afresh (it sees its own writes). */
export function cachedRead<T>(db: Reader, key: string, read: (reader: Reader) => Promise<T>): Promise<T> {
  return 'cached' in db ? db.cached(key, read) : read(db);
}

/** Whether a TIMESTAMP column's text (UTC, as DuckDB gives it: `2026-10-01 08:00:00.123`) is later than `now`. */
export function isLaterThan(stamp: string, now: Date): boolean {
  return utcDate(stamp).getTime() > now.getTime();
}

/** The number a one-row aggregate query names `n` (count(*) is a BIGINT, which DuckDB gives as text); 0 without a row. */
export async function numberOf(db: Reader, sql: string, params?: Record<string, DuckDBValue>): Promise<number> {
  const [row] = await db.all(sql, params);
  return z.coerce.number().parse(row?.n ?? 0);
}

export function databaseFile(workspace: Workspace): string {
  return join(workspace.root, 'workspace.duckdb');
}

/** Answers `Database.cached` keeps at most; past that it starts again empty. */
const MAX_CACHED_READS = 10_000;

export async function openDatabase(file: string): Promise<Database> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const all = async (sql: string, params?: Record<string, DuckDBValue>) => (await connection.runAndReadAll(sql, params)).getRowObjectsJson() as Row[];
  const run = async (sql: string, params?: Record<string, DuckDBValue>) => {
    await connection.run(sql, params);
  };
  await migrate(connection);
  // A kept read was asked after the last transaction ended, and reads and transactions run one at a
  // time in the order asked: each transaction asked before it ended (and emptied this) before it ran.
  const reads = new Map<string, Promise<unknown>>();
  const database: Database = {
    all: (sql, params) => serialised(() => all(sql, params)),
    transaction: (work) =>
      serialised(async () => {
        await connection.run('BEGIN TRANSACTION');
        try {
          const result = await work({ all, run });
          await connection.run('COMMIT');
          return result;
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          reads.clear();
        }
      }),
    cached<T>(key: string, read: (db: Database) => Promise<T>): Promise<T> {
      const kept = reads.get(key);
      if (kept) return kept as Promise<T>;
      if (reads.size >= MAX_CACHED_READS) reads.clear();
      const answer = read(database);
      reads.set(key, answer);
      // A failed read is asked again next time.
      answer.catch(() => {
        if (reads.get(key) === answer) reads.delete(key);
      });
      return answer;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  return database;
}

/** Applies the migrations not yet applied, each in its own transaction, recording the schema version. */
async function migrate(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const rows = (await connection.runAndReadAll('SELECT max(version) AS v FROM schema_version')).getRowObjectsJson();
  const current = Number(rows[0]?.v ?? 0);
  for (const [i, statements] of MIGRATIONS.entries()) {
    const version = i + 1;
    if (version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    for (const statement of statements) await connection.run(statement);
    await connection.run(`INSERT INTO schema_version VALUES (${version})`);
    await connection.run('COMMIT');
  }
}
