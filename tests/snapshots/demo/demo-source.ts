/** Test factory: a demo IS database generated into an in-memory DuckDB catalog named `source`. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { generateDemoData, type DemoData } from '../../../snapshots/demo/generate.ts';
import { scaleNamed, type ScaleName } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';

export interface DemoSourceFixture extends DemoData {
  readonly connection: DuckDBConnection;
  /** First column of the first row of a query, as a number. */
  scalar(sql: string): Promise<number>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function openDemoSource({
  scale = 'tiny',
  seed = 1,
  period = '2026-10',
}: {
  scale?: ScaleName;
  seed?: number;
  period?: string;
} = {}): Promise<DemoSourceFixture> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`ATTACH ':memory:' AS source`);
  const data = await generateDemoData(connection, 'source', { scale: scaleNamed(scale), period: parsePeriod(period), seed });
  await connection.run('USE source');
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  return {
    ...data,
    connection,
    rows,
    scalar: async (sql) => Number(Object.values((await rows(sql))[0] ?? {})[0] ?? NaN),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
