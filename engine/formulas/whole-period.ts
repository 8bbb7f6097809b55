/**
 * A fused group's period condition, dropped when it cannot drop a row. Every formula of a report
 * keeps the rows of its period (`e.Stamp BETWEEN $start AND $end`), and a snapshot holds one period:
 * the condition is then true of every row, yet DuckDB tests it row by row (its parameters are not
 * known when the query is planned), and the aggregates after it read the rows through a selection
 * rather than whole. Without it, the message-history groups took a sixth less time.
 *
 * So a group whose formulas share such a condition on a column of the one table it reads (its
 * derived facts, or a snapshot table) gets the same query without it, and a check: whether every
 * row of that table has the column set and within the bounds given. The evaluator runs the query
 * without the condition only when the check holds for the values bound, which gives the same rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { deserialize, type Node } from './sql-tree.ts';

export interface WithoutPeriod {
  /** The group's query without its period condition. */
  readonly sql: string;
  /** A SELECT of one boolean: whether the condition holds for every row of the table read. */
  readonly coveredSql: string;
}

/** The position among `shared` of a condition `<column> BETWEEN $low AND $high`, if the group has one. */
export function periodConditionAt(shared: readonly Node[]): number | undefined {
  const at = shared.findIndex(
    (condition) =>
      condition.class === 'BETWEEN' &&
      (condition.input as Node).class === 'COLUMN_REF' &&
      (condition.lower as Node).class === 'PARAMETER' &&
      (condition.upper as Node).class === 'PARAMETER',
  );
  return at < 0 ? undefined : at;
}

/**
 * The check for `condition` (a period condition of `template`'s group) over the one table the
 * template reads; undefined when it reads a join or anything else.
 */
export async function coveredSql(connection: DuckDBConnection, template: Node, condition: Node): Promise<string | undefined> {
  const fromTable = (template.node as Node).from_table as Node;
  if (fromTable.type !== 'BASE_TABLE') return undefined;
  const tree = structuredClone(template);
  const node = tree.node as Node;
  node.select_list = [{ ...(condition.input as Node), alias: 'period_column' }];
  node.where_clause = null;
  node.group_expressions = [];
  node.group_sets = [];
  node.aggregate_handling = 'STANDARD_HANDLING';
  const rows = await deserialize(connection, tree);
  const low = `$${String((condition.lower as Node).identifier)}`;
  const high = `$${String((condition.upper as Node).identifier)}`;
  // A NULL is never BETWEEN anything: a row without the column would be dropped, so none may be.
  return `SELECT count(*) = count(period_column) AND coalesce(min(period_column) >= ${low} AND max(period_column) <= ${high}, true) AS covered FROM (\n${rows}\n) AS period_rows`;
}
