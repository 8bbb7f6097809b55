/**
 * The demo IS data every source under test is filled from, and what an extraction of it must
 * give: the demo snapshot's row counts and checksums (made by copyPeriod, a separate path), or,
 * for a client range, the same selection rules run in DuckDB.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { generateDemoData } from '../../../snapshots/demo/generate.ts';
import { scaleNamed, type ScaleName } from '../../../snapshots/demo/scales.ts';
import { firstDays, parsePeriod, type Period } from '../../../snapshots/period.ts';
import { createTableSql, quoteIdent, tables } from '../../../snapshots/schema/index.ts';
import { tableStats } from '../../../snapshots/store/checksums.ts';
import type { TableStats } from '../../../snapshots/store/manifest.ts';
import { duckdbDialect, selectionPredicate, type ClientRange } from '../../../snapshots/store/selection.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

export interface DemoFixture {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** The catalog holding the demo IS tables (schema main). */
  readonly catalog: string;
  /** The demo's period (the scale's days of 2026-10). */
  readonly period: Period;
  /** Row counts and checksums of the demo snapshot of that period. */
  readonly expected: TableStats;
  /** The same, for a client range, computed in DuckDB with the selection rules. */
  expectedFor(clients: ClientRange): Promise<TableStats>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function openDemoFixture({ scale = 'tiny', seed = 11 }: { scale?: ScaleName; seed?: number } = {}): Promise<DemoFixture> {
  const requested = parsePeriod('2026-10');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const catalog = 'isdb';
  await connection.run(`ATTACH ':memory:' AS ${catalog}`);
  await generateDemoData(connection, catalog, { scale: scaleNamed(scale), period: requested, seed });
  const period = firstDays(requested, scaleNamed(scale).days);
  let expectations = 0;
  return {
    instance,
    connection,
    catalog,
    period,
    expected: await demoSnapshotStats(scale, seed),
    async expectedFor(clients) {
      const target = `expect_${++expectations}`;
      await connection.run(`ATTACH ':memory:' AS ${target}`);
      const dialect = duckdbDialect((name) => `${catalog}.${quoteIdent(name)}`);
      for (const table of tables) {
        await connection.run(createTableSql(table, `${target}.${quoteIdent(table.name)}`));
        const predicate = selectionPredicate(table, period, dialect, clients);
        await connection.run(
          `INSERT INTO ${target}.${quoteIdent(table.name)} SELECT * FROM ${dialect.sourceTable(table.name)}${predicate ? ` WHERE ${predicate}` : ''}`,
        );
      }
      const stats = await tableStats(connection, tables, target);
      await connection.run(`DETACH ${target}`);
      return stats;
    },
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function demoSnapshotStats(scale: ScaleName, seed: number): Promise<TableStats> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-demo-expected-'));
  try {
    const manifest = await createDemoSnapshot(resolveWorkspace(dir), {
      scale: scaleNamed(scale),
      period: parsePeriod('2026-10'),
      periodLabel: '2026-10',
      seed,
    });
    return manifest.tables;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
