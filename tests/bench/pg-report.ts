/**
 * The PostgreSQL baseline: a snapshot's tables loaded into a throwaway database on the local
 * PostgreSQL (the extraction tests' test bed), indexed on the join and date columns, and the
 * Billing Export 200 computed there, one translated formula per query (pg-translate.ts).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { compileFormula } from '../../engine/formulas/compile.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import type { FormulaIndex } from '../../engine/formulas/references.ts';
import { tables } from '../../snapshots/schema/index.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from '../snapshots/sources/pg-testbed.ts';
import { POSTGRES_COMPAT_SQL, translateForPostgres } from './pg-translate.ts';

export type Values = ReadonlyMap<string, ReadonlyMap<number, string>>;

export interface PgBaseline {
  readonly testbed: PgTestbed;
  /** Where extraction connects (no password: trust auth). */
  readonly url: string;
  readonly loadMs: number;
  readonly indexes: readonly string[];
}

/** Loads every table of the snapshot file (lower-case names, see pg-translate.ts), indexes it and gathers statistics. */
export async function loadSnapshotIntoPostgres(dataFile: string): Promise<PgBaseline> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let testbed: PgTestbed;
  try {
    await connection.run(`ATTACH '${dataFile.replaceAll("'", "''")}' AS snap (READ_ONLY)`);
    testbed = await createPgTestbed(
      { catalog: 'snap', rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[] },
      { lowercase: true },
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const indexes = indexedColumns();
  for (const { table, column } of indexes) await testbed.admin(`CREATE INDEX ON ${table} (${column})`);
  for (const sql of POSTGRES_COMPAT_SQL) await testbed.admin(sql);
  // With the default 4 MB, PostgreSQL cannot hash the extraction's `msgId IN (SELECT … FROM
  // msgHistories …)` at large (4 million ids) and re-scans the subquery per row: the extent query
  // alone ran for over 5 minutes. The extractor raises work_mem for its own session; the COPY baseline
  // and the report run on other connections, so the database gets the same 256 MB for a fair comparison.
  await testbed.admin(`ALTER DATABASE ${testbed.database} SET work_mem = '256MB'`);
  await testbed.admin('VACUUM ANALYZE');
  return {
    testbed,
    url: `postgres://${testbed.user}@${PG_HOST}:${PG_PORT}/${testbed.database}`,
    loadMs: performance.now() - started,
    indexes: indexes.map(({ table, column }) => `${table}(${column})`),
  };
}

/** Each table's key, the columns it joins on (its references) and its period stamp: what the formulas join and filter on. */
function indexedColumns(): { table: string; column: string }[] {
  return tables.flatMap((table) => {
    const columns = new Set([
      ...table.primaryKey,
      ...table.references.map((reference) => reference.column),
      ...(table.periodColumn ? [table.periodColumn] : []),
    ]);
    return [...columns].map((column) => ({ table: table.name.toLowerCase(), column: column.toLowerCase() }));
  });
}

/** A session that computes the report: the client list and every formula, one query each. */
export async function connectPgReport(
  baseline: PgBaseline,
): Promise<{ run(formulas: readonly Formula[], index: FormulaIndex, params: Readonly<Record<string, ParamValue>>): Promise<Values>; close(): Promise<void> }> {
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: baseline.testbed.user, database: baseline.testbed.database });
  await client.connect();
  return {
    async run(formulas, index, params) {
      const values = new Map<string, Map<number, string>>();
      await client.query("SELECT cltid, clientnumber::text, clientname, coalesce(billingcode, '') FROM cltclients ORDER BY clientnumber");
      for (const formula of formulas) {
        const compiled = compileFormula(formula, index);
        const { rows } = await client.query<{ cltid: number; value: string | number | null }>(translateForPostgres(compiled.sql, compiled.parameters, params));
        values.set(formula.id, new Map(rows.filter((row) => row.value !== null).map((row) => [Number(row.cltid), String(row.value)])));
      }
      return values;
    },
    close: () => client.end(),
  };
}
