/**
 * The contract suite against a real SQL Server, when MSSQL_TEST_URL names one, e.g.
 *   MSSQL_TEST_URL='mssql://sa:Passw0rd!@127.0.0.1:1433/billing_test?encrypt=false'
 * The test creates a schema of its own in that database (the login needs CREATE SCHEMA, CREATE
 * TABLE and CREATE VIEW there), loads the demo data, and drops everything afterwards.
 */
import mssql from 'mssql';
import { randomBytes } from 'node:crypto';
import { formatStamp, parseStamp } from '../../../snapshots/period.ts';
import { tables, type ColumnDef } from '../../../snapshots/schema/index.ts';
import { parseSourceUrl } from '../../../snapshots/sources/connection-url.ts';
import { proxyDrop, runSourceContract, type SourceFixture, type UrlOptions } from './contract.ts';
import { openDemoFixture, type DemoFixture } from './demo-fixture.ts';
import { castLiteral, variantViews, type VariantValue } from './variants.ts';

const TEST_URL = process.env.MSSQL_TEST_URL;
const INSERT_ROWS = 1000; // SQL Server's limit for one VALUES list

const bracket = (name: string): string => `[${name.replaceAll(']', ']]')}]`;

/** T-SQL literal; datetime in the ISO form every DATEFORMAT reads. */
function tsqlLiteral(value: VariantValue, column: ColumnDef): string {
  const text = column.sqlServerType === 'datetime' && typeof value === 'string' ? formatStamp(parseStamp(value)).replace(' ', 'T') : value;
  return castLiteral(text, column.sqlServerType).replace(/^CAST\('/, "CAST(N'");
}

async function openServerBed(url: string): Promise<SourceFixture> {
  const config = parseSourceUrl(url, {});
  const demo = await openDemoFixture();
  const admin = new mssql.ConnectionPool({
    server: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    options: { encrypt: config.encrypt, trustServerCertificate: config.trustServerCertificate },
  });
  await admin.connect();
  const base = `billing_${randomBytes(4).toString('hex')}`;
  const schemas = [base];
  const run = (sql: string) => admin.request().batch(sql);
  await run(`CREATE SCHEMA ${bracket(base)}`);
  for (const table of tables) {
    const columns = table.columns.map((column) => `${bracket(column.name)} ${column.sqlServerType}${column.nullable ? ' NULL' : ' NOT NULL'}`);
    await run(`CREATE TABLE ${bracket(base)}.${bracket(table.name)} (${columns.join(', ')})`);
    await loadTable(run, demo, base, table.name, table.columns);
  }
  const fixture: SourceFixture = {
    kind: 'sqlserver',
    demo,
    host: config.host,
    port: config.port,
    password: config.password ?? '',
    url: (options: UrlOptions = {}) => {
      const next = new URL(url);
      if (options.host) next.hostname = options.host;
      if (options.port) next.port = String(options.port);
      next.searchParams.set('schema', options.schema ?? base);
      for (const [key, value] of Object.entries(options.params ?? {})) next.searchParams.set(key, value);
      return next.toString();
    },
    refusedLogin: (() => {
      const wrong = new URL(url);
      wrong.password = 'wrong-password-9c1e';
      return { url: wrong.toString(), password: 'wrong-password-9c1e' };
    })(),
    dropMidTable: (table) => proxyDrop(fixture, table),
    async variant(name, spec) {
      const schema = `${base}_${name}`;
      schemas.push(schema);
      await run(`CREATE SCHEMA ${bracket(schema)}`);
      const views = variantViews(
        spec,
        (table) => `${bracket(base)}.${bracket(table)}`,
        (table) => `${bracket(schema)}.${bracket(table)}`,
        {
          quote: bracket,
          literal: tsqlLiteral,
        },
      );
      for (const view of views) await run(view); // CREATE VIEW must be alone in its batch
      return schema;
    },
    async close() {
      for (const schema of schemas.reverse()) {
        const objects = await admin.request().query(`SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '${schema}'`);
        for (const row of objects.recordset as { TABLE_NAME: string; TABLE_TYPE: string }[]) {
          await run(`DROP ${row.TABLE_TYPE === 'VIEW' ? 'VIEW' : 'TABLE'} ${bracket(schema)}.${bracket(row.TABLE_NAME)}`);
        }
        await run(`DROP SCHEMA ${bracket(schema)}`);
      }
      await admin.close();
      demo.close();
    },
  };
  return fixture;
}

async function loadTable(
  run: (sql: string) => Promise<unknown>,
  demo: DemoFixture,
  schema: string,
  table: string,
  columns: readonly ColumnDef[],
): Promise<void> {
  const rows = await demo.rows(`SELECT * FROM ${demo.catalog}.main."${table}"`);
  const list = columns.map((column) => bracket(column.name)).join(', ');
  for (let start = 0; start < rows.length; start += INSERT_ROWS) {
    const values = rows
      .slice(start, start + INSERT_ROWS)
      .map((row) => `(${columns.map((column) => tsqlLiteral(row[column.name] === null ? null : String(row[column.name]), column)).join(', ')})`);
    await run(`INSERT INTO ${bracket(schema)}.${bracket(table)} (${list}) VALUES ${values.join(', ')}`);
  }
}

runSourceContract({
  name: 'SQL Server (real server from MSSQL_TEST_URL)',
  ...(TEST_URL
    ? {}
    : { skip: 'MSSQL_TEST_URL is not set (mssql://user:password@host:1433/scratch_db?encrypt=false); the TDS responder suite covers the driver path' }),
  setup: () => openServerBed(TEST_URL as string),
});
