/**
 * Where user SQL runs: a DuckDB instance that sees only snapshot tables. The snapshot is attached
 * read-only; then file and network access is switched off and the configuration locked, so a
 * query cannot read files (read_csv, COPY), attach databases, install or load extensions, or
 * raise its own limits. Each query runs under a time limit (interrupt) and the instance under a
 * memory limit; a query that breaks one fails with a clear error and the sandbox stays usable.
 */
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTableSql, tables } from '../../snapshots/schema/index.ts';
import { EngineError } from '../errors.ts';
import { derivedCatalog, type DerivedFacts } from './derived-facts.ts';
import type { BoundParameters } from './params.ts';
import { textResults, type ResultColumns, type TextPlan } from './text-results.ts';
import { keptParameterWriter } from './written-parameters.ts';

/** A result as columns of exact JSON values, by column name. */
export type { ResultColumns } from './text-results.ts';

export interface SandboxLimits {
  /** Per query, in milliseconds. */
  readonly timeoutMs: number;
  /** DuckDB memory limit for the whole instance, e.g. '1GB'. */
  readonly memoryLimit: string;
  readonly threads: number;
}

export const defaultLimits: SandboxLimits = { timeoutMs: 30_000, memoryLimit: '1GB', threads: 2 };

export interface Sandbox {
  /** Runs one SELECT with bound parameters; returns rows as exact JSON values (numbers as strings). */
  query(sql: string, parameters: BoundParameters, label: string): Promise<Record<string, unknown>[]>;
  /**
   * The same, column by column: for wide results (a fused group's hundred values per client), where
   * building an object per row costs more than the query.
   */
  queryColumns(sql: string, parameters: BoundParameters, label: string): Promise<ResultColumns>;
  /** Names and DuckDB types of the columns a SELECT returns, without reading any row. */
  describe(sql: string, parameters: BoundParameters, label: string): Promise<{ name: string; type: string }[]>;
  /**
   * Makes the derived facts of a join readable (derived-facts.ts): attached from beside the snapshot,
   * or first stored there. False where that cannot be done (a scratch sandbox, a join that would
   * multiply rows, a folder that cannot be written); the caller then reads the snapshot tables.
   */
  derive(facts: DerivedFacts): Promise<boolean>;
  /** For trusted engine statements (fixture loading, validation tables); never user SQL. */
  readonly connection: DuckDBConnection;
  close(): void;
}

/** A sandbox over a snapshot file, alone in its DuckDB instance (closing it closes the instance). */
export async function openSnapshotSandbox(snapshotFile: string, limits: SandboxLimits = defaultLimits): Promise<Sandbox> {
  const instance = await openSnapshotInstance(snapshotFile, limits);
  const sandbox = await instance.connect();
  return { ...sandbox, close: () => instance.close() };
}

/**
 * One DuckDB instance over a snapshot file, shared by several sandboxes: each has a connection of
 * its own, so their queries run side by side under the instance's one memory limit and threads, and
 * a time limit interrupts only its own query.
 */
export interface SnapshotInstance {
  /** A sandbox on a connection of its own; closing it closes only that connection. */
  connect(): Promise<Sandbox>;
  /** Closes the instance and every connection still open on it. */
  close(): void;
}

export async function openSnapshotInstance(snapshotFile: string, limits: SandboxLimits = defaultLimits): Promise<SnapshotInstance> {
  const derived: DerivedState = { dir: join(dirname(snapshotFile), DERIVED_FOLDER), known: new Map() };
  const { instance, connection: first } = await openInstance(async (connection) => {
    await connection.run(`ATTACH ${sqlString(snapshotFile)} AS snapshot (READ_ONLY)`);
    await connection.run('USE snapshot');
    // The one folder the engine may still attach files from once external access is off: the
    // snapshot's derived facts. Queries only ever SELECT (prepareSelect), so nothing writes there
    // but the engine.
    await connection.run(`SET allowed_directories = [${sqlString(`${derived.dir}/`)}]`);
  }, limits);
  // The catalog is chosen per connection; USE is still allowed with the configuration locked.
  return sharedInstance(instance, first, limits, (connection) => connection.run('USE snapshot').then(() => undefined), withoutPath(snapshotFile), derived);
}

/**
 * An in-memory instance whose tables `prepare` makes from trusted engine statements (a client's
 * share of a snapshot: engine/portal/scoped-snapshot.ts), then locked like a snapshot's: external
 * access off, configuration locked, SELECTs only, the same limits. `redact` cleans its errors.
 */
export async function openPreparedInstance(
  prepare: (connection: DuckDBConnection) => Promise<void>,
  limits: SandboxLimits = defaultLimits,
  redact: (message: string) => string = (m) => m,
): Promise<SnapshotInstance> {
  const { instance, connection: first } = await openInstance(prepare, limits);
  return sharedInstance(instance, first, limits, async () => {}, redact);
}

/** Sandboxes on connections of their own over one instance; `first` is the connection that prepared it. */
function sharedInstance(
  instance: DuckDBInstance,
  first: DuckDBConnection,
  limits: SandboxLimits,
  onConnect: (connection: DuckDBConnection) => Promise<void>,
  redact: (message: string) => string,
  derived?: DerivedState,
): SnapshotInstance {
  const open = new Set<DuckDBConnection>([first]);
  let spare: DuckDBConnection | undefined = first;
  return {
    async connect() {
      let connection = spare;
      spare = undefined;
      if (!connection) {
        connection = await instance.connect();
        open.add(connection);
        await onConnect(connection);
      }
      const own = connection;
      const more = async (): Promise<DuckDBConnection> => {
        const another = await instance.connect();
        open.add(another);
        await onConnect(another);
        return another;
      };
      return sandboxOn(
        connectionPool(own, more, limits.threads),
        limits,
        (connections) => {
          for (const each of connections) open.delete(each);
          closeAll(connections);
        },
        redact,
        derived,
      );
    },
    close() {
      for (const connection of open) connection.closeSync();
      open.clear();
      instance.closeSync();
    },
  };
}

/**
 * A sandbox over empty IS tables in memory: for validating formulas and running fixtures. The
 * engine fills the tables through `connection`; user SQL still only reads them.
 */
export async function openScratchSandbox(limits: SandboxLimits = defaultLimits): Promise<Sandbox> {
  const { instance, connection } = await openInstance(async (connection) => {
    for (const table of tables) await connection.run(createTableSql(table));
  }, limits);
  return sandboxOn(
    connectionPool(connection, () => instance.connect(), limits.threads),
    limits,
    (connections) => {
      closeAll(connections);
      instance.closeSync();
    },
  );
}

/**
 * The connections a sandbox runs its queries on: its own, and up to `size` in all, opened when
 * queries overlap. DuckDB runs one query per connection at a time; two at once keep both cores
 * busy while one query is between steps (binding, handing its result to JavaScript).
 */
interface ConnectionPool {
  readonly first: DuckDBConnection;
  /** Runs `work` on a free connection, waiting for one if all are busy. */
  use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  readonly all: () => readonly DuckDBConnection[];
}

function connectionPool(first: DuckDBConnection, open: () => Promise<DuckDBConnection>, size: number): ConnectionPool {
  const all = [first];
  const idle = [first];
  const waiting: ((connection: DuckDBConnection) => void)[] = [];
  let opening = 0;
  const acquire = async (): Promise<DuckDBConnection> => {
    const free = idle.pop();
    if (free) return free;
    if (all.length + opening < size) {
      opening++;
      try {
        const connection = await open();
        all.push(connection);
        return connection;
      } finally {
        opening--;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (connection: DuckDBConnection): void => {
    const next = waiting.shift();
    if (next) next(connection);
    else idle.push(connection);
  };
  return {
    first,
    async use(work) {
      const connection = await acquire();
      try {
        return await work(connection);
      } finally {
        release(connection);
      }
    },
    all: () => all,
  };
}

function closeAll(connections: readonly DuckDBConnection[]): void {
  for (const connection of connections) connection.closeSync();
}

const spillFolder = (): string => join(tmpdir(), `billing-duckdb-${process.pid}`);

/** A locked-down instance and the connection that prepared it. */
async function openInstance(
  prepare: (connection: DuckDBConnection) => Promise<void>,
  limits: SandboxLimits,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    // Large sorts may spill; keep that in the system temp folder and bounded.
    temp_directory: spillFolder(),
    max_temp_directory_size: '4GB',
    // A fused group's partial aggregation groups by the client and a code column (cltId × Kind,
    // cltID × agtType, cltID × DispositionId: 16-17 bits of key). Within this many bits DuckDB
    // aggregates into an array indexed by the key instead of a hash table; at 12 (its default) those
    // groups fell back to hashing, 2-3 times slower. The array is allocated outside the memory limit:
    // 2^17 slots of every aggregate, which fuse.ts (64 per query) and validate.ts (32 per formula) bound.
    perfect_ht_threshold: '17',
  });
  const connection = await instance.connect();
  try {
    await prepare(connection);
    // DuckDB keeps the memory that big joins and aggregations free, for reuse. Handing back what is
    // above 64 MB took the peak of a large export, formula edit and what-ifs from ~1.1 GiB to ~0.9
    // GiB at no measurable cost in time (16 MB returned more but made the export ~10 % slower).
    await connection.run("SET allocator_bulk_deallocation_flush_threshold = '64MB'");
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return { instance, connection };
}

/** The sandbox over a pool of connections: SELECTs only, each under the time limit; `redact` cleans what its errors say. */
function sandboxOn(
  pool: ConnectionPool,
  limits: SandboxLimits,
  close: (connections: readonly DuckDBConnection[]) => void,
  redact: (message: string) => string = (m) => m,
  derived?: DerivedState,
): Sandbox {
  /** Runs `work` on a free connection under the time limit, turning DuckDB failures into EngineErrors. */
  const limited = <T>(label: string, work: (connection: DuckDBConnection) => Promise<T>, timeoutMs = limits.timeoutMs): Promise<T> =>
    pool.use(async (connection) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, timeoutMs);
      try {
        return await work(connection);
      } catch (error) {
        throw runtimeError(error, label, timedOut, limits, redact);
      } finally {
        clearTimeout(timer);
      }
    });
  const text = textResults();
  const statements = preparedStatements();
  const writeParameters = keptParameterWriter();
  const run = <T>(sql: string, parameters: BoundParameters, label: string, plan: TextPlan<T>) =>
    limited(label, async (connection) => {
      // With its values written in, a statement is planned once, when prepared (written-parameters.ts).
      const statement = writeParameters(plan.sql, parameters);
      const prepared = await statements.prepare(connection, statement.sql, label);
      try {
        prepared.bind(statement.bound.values, statement.bound.types);
        const result = await prepared.runAndReadAll();
        const read = plan.read(result);
        text.learn(sql, parameters, result);
        return read;
      } catch (error) {
        // Prepared afresh next time: an interrupted or failed statement is not trusted again.
        statements.forget(connection, statement.sql);
        throw error;
      }
    });
  const derive = (facts: DerivedFacts): Promise<boolean> => {
    if (!derived) return Promise.resolve(false);
    let known = derived.known.get(facts.key);
    if (!known) {
      // The facts it is derived from first; then attached once for the instance: every connection of it sees the catalog.
      const attach = () =>
        limited('derived facts', (connection) => attachDerived(connection, derived.dir, facts), Math.max(limits.timeoutMs, DERIVE_TIMEOUT_MS));
      const source = facts.from ? derive(facts.from) : Promise.resolve(true);
      known = source.then((ready) => (ready ? attach() : false)).catch(() => false);
      derived.known.set(facts.key, known);
    }
    return known;
  };
  return {
    connection: pool.first,
    query: (sql, parameters, label) => run(sql, parameters, label, text.forRows(sql, parameters)),
    queryColumns: (sql, parameters, label) => run(sql, parameters, label, text.forColumns(sql, parameters)),
    describe: (sql, parameters, label) =>
      limited(label, async (connection) => {
        const prepared = await prepareSelect(connection, `SELECT * FROM (\n${sql}\n) LIMIT 0`, label);
        prepared.bind(parameters.values, parameters.types);
        const result = await prepared.run();
        return result.columnNames().map((name, i) => ({ name, type: result.columnType(i).toString() }));
      }),
    derive,
    close: () => close(pool.all()),
  };
}

/**
 * Storing a join's facts is done once per snapshot and saves its time on every later query, so it
 * may take longer than a query: a year of calls takes tens of seconds to join and sort.
 */
const DERIVE_TIMEOUT_MS = 5 * 60_000;

/** Where a snapshot's derived facts are kept: a folder beside its data file. */
export const DERIVED_FOLDER = 'derived';

/** A snapshot instance's derived facts: their folder, and each key's attach (shared by its connections). */
interface DerivedState {
  readonly dir: string;
  readonly known: Map<string, Promise<boolean>>;
}

let partialCount = 0;

/**
 * Attaches the stored facts read-only; when there are none yet (or the file does not open: a
 * damaged copy is removed), stores them first. A file appears under its final name only once
 * complete (written under a name of its own, then renamed), so a reader never sees half of one.
 */
async function attachDerived(connection: DuckDBConnection, dir: string, facts: DerivedFacts): Promise<boolean> {
  // The key names files and catalogs; the SELECTs are the engine's own, each one statement.
  if (!/^[0-9a-f]{8,64}$/.test(facts.key)) return false;
  for (const sql of [facts.select, facts.guard]) await prepareSelect(connection, sql, 'derived facts');
  const file = join(dir, `${facts.key}.duckdb`);
  const catalog = derivedCatalog(facts.key);
  if (existsSync(file)) {
    try {
      await connection.run(`ATTACH ${sqlString(file)} AS ${catalog} (READ_ONLY)`);
      await connection.run(`SELECT count(*) FROM ${catalog}.main.facts`);
      return true;
    } catch {
      await detachQuietly(connection, catalog);
      rmSync(file, { force: true });
    }
  }
  const fits = (await connection.runAndReadAll(facts.guard)).getRows()[0]?.[0] === true;
  if (!fits) return false;
  mkdirSync(dir, { recursive: true });
  removeAbandonedPartials(dir);
  const partial = join(dir, `${facts.key}.${process.pid}-${++partialCount}.partial`);
  const building = `building_${facts.key}`;
  try {
    await connection.run(`ATTACH ${sqlString(partial)} AS ${building}`);
    await connection.run(`CREATE TABLE ${building}.main.facts AS ${facts.select}`);
    await connection.run(`DETACH ${building}`);
    renameSync(partial, file);
  } catch {
    await detachQuietly(connection, building);
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    return false;
  }
  await connection.run(`ATTACH ${sqlString(file)} AS ${catalog} (READ_ONLY)`);
  return true;
}

/** Files a killed or crashed process left half written (its pid no longer runs). */
function removeAbandonedPartials(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/\.(\d+)-\d+\.partial(?:\.wal)?$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !processRuns(pid)) rmSync(join(dir, name), { force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function detachQuietly(connection: DuckDBConnection, catalog: string): Promise<void> {
  await connection.run(`DETACH DATABASE IF EXISTS ${catalog}`).catch(() => undefined);
}

/** Statements kept prepared per connection; the least recently used is dropped first. */
const PREPARED_PER_CONNECTION = 64;

/**
 * Prepared statements kept per connection, by SQL: a recompute runs the same thirty queries each
 * time, and parsing and planning them again cost about 30 ms of a large report's 400.
 */
function preparedStatements(): {
  prepare(connection: DuckDBConnection, sql: string, label: string): Promise<DuckDBPreparedStatement>;
  forget(connection: DuckDBConnection, sql: string): void;
} {
  const byConnection = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  return {
    async prepare(connection, sql, label) {
      const kept = byConnection.get(connection) ?? new Map<string, DuckDBPreparedStatement>();
      byConnection.set(connection, kept);
      const known = kept.get(sql);
      if (known) {
        kept.delete(sql);
        kept.set(sql, known);
        return known;
      }
      const prepared = await prepareSelect(connection, sql, label);
      if (kept.size >= PREPARED_PER_CONNECTION) drop(kept, kept.keys().next().value as string);
      kept.set(sql, prepared);
      return prepared;
    },
    forget(connection, sql) {
      const kept = byConnection.get(connection);
      if (kept) drop(kept, sql);
    },
  };
}

/** Frees a kept statement at once; only ever called while its connection runs nothing else (the pool's turn). */
function drop(kept: Map<string, DuckDBPreparedStatement>, sql: string): void {
  kept.get(sql)?.destroySync();
  kept.delete(sql);
}

/**
 * Defence in depth behind validation: the sandbox itself prepares exactly one statement and
 * refuses to run it unless DuckDB calls it a SELECT (so no CREATE MACRO, USE, SET ... ever runs).
 */
async function prepareSelect(connection: DuckDBConnection, sql: string, label: string): Promise<DuckDBPreparedStatement> {
  const statements = await connection.extractStatements(sql);
  if (statements.count !== 1) {
    throw new EngineError('multiple_statements', `${label} must be exactly one SELECT statement, not ${statements.count}`, { formulaId: label });
  }
  const prepared = await statements.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) {
    throw new EngineError('not_select', `${label} is not a SELECT statement and was not run`, { formulaId: label });
  }
  return prepared;
}

function runtimeError(error: unknown, label: string, timedOut: boolean, limits: SandboxLimits, redact: (message: string) => string): EngineError {
  if (error instanceof EngineError) return error;
  const message = redact(error instanceof Error ? error.message : String(error));
  if (timedOut || /^INTERRUPT/i.test(message)) {
    return new EngineError('timeout', `${label} took longer than the ${limits.timeoutMs / 1000} s limit and was stopped`, { formulaId: label });
  }
  if (/out of memory|memory limit/i.test(message)) {
    return new EngineError('memory_limit', `${label} needed more than the ${limits.memoryLimit} memory limit and was stopped`, { formulaId: label });
  }
  return new EngineError('runtime_error', `${label} failed while running: ${message.split('\n')[0]}`, { formulaId: label }, { cause: error });
}

/**
 * Where the server keeps its snapshots is none of a caller's business: an error that quotes the
 * snapshot file (or the folders above it, up to the workspace, or the spill folder) says `<snapshot>` instead.
 */
export function withoutPath(snapshotFile: string): (message: string) => string {
  const folder = dirname(snapshotFile);
  const paths = [snapshotFile, folder, dirname(folder), dirname(dirname(folder)), spillFolder()].filter((path) => path.length > 1);
  return (message) => paths.reduce((text, path) => text.replaceAll(path, '<snapshot>'), message);
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
