/**
 * The PostgreSQL test bed: a fresh database on 127.0.0.1:5432 (trust auth, as on the development
 * machines and in CI) holding the IS tables, filled with the demo data, dropped afterwards.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createPostgresTableSql, postgresTypeOf } from '../../../snapshots/sources/postgres/pg-schema.ts';
import { quoteIdent, tables } from '../../../snapshots/schema/index.ts';
import { isAlive } from '../../../snapshots/store/workspace.ts';
import type { DemoFixture } from './demo-fixture.ts';
import { castLiteral, variantViews, type SchemaVariant } from './variants.ts';

export const PG_HOST = '127.0.0.1';
export const PG_PORT = Number(process.env.PGPORT ?? 5432);
const LOAD_ROWS = 5000;

/** The first of $PGUSER, postgres and root that the local server lets in, or an error saying how to fix it. */
export async function pgAdminUser(): Promise<string> {
  const candidates = [process.env.PGUSER, 'postgres', 'root'].filter((user): user is string => Boolean(user));
  const failures: string[] = [];
  for (const user of candidates) {
    const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user, database: 'postgres', connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      return user;
    } catch (error) {
      failures.push(`${user}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`No PostgreSQL superuser reachable on ${PG_HOST}:${PG_PORT} (${failures.join('; ')}). CI starts it in .ci/run.`);
}

export interface PgTestbed {
  readonly user: string;
  readonly database: string;
  /** Runs SQL in the test database as the admin user (setup only; extraction connects on its own). */
  admin(sql: string): Promise<pg.QueryResult>;
  variant(name: string, spec: SchemaVariant): Promise<string>;
  close(): Promise<void>;
}

/** Where the rows come from: the demo fixture, or (the benchmark) any DuckDB catalog of IS tables. */
export type TestbedRows = Pick<DemoFixture, 'catalog' | 'rows'>;

/** Creates a database, the IS tables (`lowercase`: identifiers folded, as pgloader leaves them) and loads the demo rows. */
export async function createPgTestbed(demo: TestbedRows, { lowercase = false } = {}): Promise<PgTestbed> {
  const user = await pgAdminUser();
  const database = `billing_src_${process.pid}_${randomBytes(4).toString('hex')}`;
  const root = new pg.Client({ host: PG_HOST, port: PG_PORT, user, database: 'postgres' });
  await root.connect();
  await dropAbandonedDatabases(root);
  await root.query(`CREATE DATABASE ${database}`);
  await root.end();
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user, database });
  await client.connect();
  const fold = (name: string): string => (lowercase ? name.toLowerCase() : name);
  for (const table of tables) await client.query(lowercase ? createPostgresTableSql(table).toLowerCase() : createPostgresTableSql(table));
  for (const table of tables) await loadTable(client, demo, table.name, fold);
  return {
    user,
    database,
    admin: (sql) => client.query(sql),
    async variant(name, spec) {
      await client.query(`CREATE SCHEMA ${name}`);
      const literal = (value: Parameters<typeof castLiteral>[0], column: (typeof tables)[number]['columns'][number]) =>
        castLiteral(value, postgresTypeOf(column.sqlServerType));
      const views = variantViews(
        spec,
        (table) => `public.${quoteIdent(fold(table))}`,
        (table) => `${name}.${quoteIdent(fold(table))}`,
        {
          quote: (identifier) => quoteIdent(fold(identifier)),
          literal,
        },
      );
      for (const view of views) await client.query(view);
      return name;
    },
    async close() {
      await client.end();
      const cleanup = new pg.Client({ host: PG_HOST, port: PG_PORT, user, database: 'postgres' });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Test databases of test processes that died before dropping them (killed runs). */
async function dropAbandonedDatabases(root: pg.Client): Promise<void> {
  const { rows } = await root.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'billing\\_src\\_%'");
  for (const { datname } of rows) {
    const pid = Number(/^billing_src_(\d+)_/.exec(datname)?.[1]);
    if (pid !== process.pid && !isAlive(pid)) await root.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
}

/** Copies a demo table in pages of rows: JSON text from DuckDB keeps every value exact. */
async function loadTable(client: pg.Client, demo: TestbedRows, table: string, fold: (name: string) => string): Promise<void> {
  const name = quoteIdent(fold(table));
  for (let offset = 0; ; offset += LOAD_ROWS) {
    const rows = await demo.rows(`SELECT * FROM ${demo.catalog}.main.${quoteIdent(table)} WHERE rowid >= ${offset} AND rowid < ${offset + LOAD_ROWS}`);
    if (rows.length === 0) return;
    const folded = rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [fold(key), value])));
    await client.query(`INSERT INTO ${name} SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [JSON.stringify(folded)]);
  }
}
