/**
 * The floor under the full export: one DuckDB query that reads every column the report reads
 * (the schema's `legacy` columns, tables/columns Billing Export 200 uses) exactly once and does
 * next to nothing with it: one bit_xor(hash()) per column, no join, no grouping. Not max(): DuckDB
 * answers max() of a whole table from its column statistics without scanning a row.
 */
import type { Sandbox } from '../../engine/formulas/sandbox.ts';
import { quoteIdent, tables } from '../../snapshots/schema/index.ts';
import { median, timeRuns } from './stats.ts';

export interface FloorResult {
  readonly columns: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
}

/** One pass over all report columns; a scalar subquery per table so each is scanned once. */
export function floorSql(): { sql: string; columns: number } {
  let columns = 0;
  const perTable = tables.flatMap((table) => {
    const read = table.columns.filter((column) => column.usage === 'legacy');
    if (read.length === 0) return [];
    columns += read.length;
    const aggregates = read.map((column) => `bit_xor(hash(${quoteIdent(column.name)})) AS ${quoteIdent(`${table.name}.${column.name}`)}`);
    return [`(SELECT ${aggregates.join(', ')} FROM ${quoteIdent(table.name)})`];
  });
  return { sql: `SELECT * FROM ${perTable.map((subquery, i) => `${subquery} AS t${i}`).join(',\n  ')}`, columns };
}

/** The floor's query run once on `sandbox`. */
async function runFloor(sandbox: Sandbox): Promise<void> {
  await sandbox.query(floorSql().sql, { values: {}, types: {} }, 'floor');
}

/** One run of the floor on `sandbox`, in milliseconds. */
export async function timeFloorOnce(sandbox: Sandbox): Promise<number> {
  const started = performance.now();
  await runFloor(sandbox);
  return performance.now() - started;
}

/** The floor on a warm sandbox (the same one the warm export uses), after one warm-up. */
export async function benchFloor(sandbox: Sandbox, runs: number): Promise<FloorResult> {
  const runsMs = await timeRuns(runs, () => runFloor(sandbox), 1);
  return { columns: floorSql().columns, runsMs, medianMs: median(runsMs) };
}
