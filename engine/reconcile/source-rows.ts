/**
 * The snapshot rows behind one cell (client x statistic): the formula's own aggregate query turned
 * into a row query. Approach: generic rewrite, not a per-family table. Every library formula is
 * `SELECT <client>, <aggregate expression> AS value FROM ... WHERE ... GROUP BY <client>` (with CTEs
 * and references inlined by the compiler), so in DuckDB's parse tree we keep FROM and WHERE, add
 * `<client> = $cell_client`, drop GROUP BY, and select the rows of the first table in FROM (for a
 * call statistic, the statCallEnd rows of the client in the period) with each aggregate's argument
 * as a `contribution` column. Formulas of another shape (a constant, a UNION) say why they have no
 * rows. The queries run in the sandbox like any formula.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { compileFormula } from '../formulas/compile.ts';
import type { Formula, ParamDef, ParamValue } from '../formulas/definition.ts';
import { bindParameters } from '../formulas/params.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { Sandbox } from '../formulas/sandbox.ts';
import { findParameters } from '../formulas/sql-analysis.ts';
import { AGGREGATES, and, childNodes, deserialize, serialize, type Node } from '../formulas/sql-tree.ts';

export interface RowQuery {
  readonly kind: 'row-query';
  readonly formulaId: string;
  /** The table (or its alias) whose rows are listed. */
  readonly table: string;
  /** One SELECT returning the table's columns and the contribution columns, for `$cell_client`. */
  readonly sql: string;
  readonly parameters: readonly ParamDef[];
  /** What each contribution column holds: the argument of which aggregate of the formula. */
  readonly contributions: readonly { readonly column: string; readonly aggregate: string }[];
  /**
   * How the rows add up to the cell when the value is one plain sum or count (the usual case):
   * 'sum' or 'count' of the contribution column; absent when the value is computed from its
   * aggregates (e.g. `sum(ms) // 1000`) or counts distinct values.
   */
  readonly total?: 'sum' | 'count';
}

export interface NoRowQuery {
  readonly kind: 'no-row-query';
  readonly formulaId: string;
  readonly reason: string;
}

export interface SourceRows {
  readonly kind: 'source-rows';
  readonly query: RowQuery;
  readonly cltID: number;
  /** The first `limit` rows, ordered by all columns so the list is stable. */
  readonly rows: readonly Record<string, unknown>[];
  readonly count: number;
  /** The rows added up as the formula does (see RowQuery.total): equals the cell. */
  readonly total?: string;
}

const CELL_CLIENT: ParamDef = { name: 'cell_client', type: 'integer', default: 0, description: 'The cltID of the cell whose rows are listed.' };

/**
 * @example await sourceRows({ sandbox, formula: index.get('seccalls'), index, params: { start, end }, cltID: 7 })
 *   // { kind: 'source-rows', query: { table: 'e', ... }, rows: [{ callId: '1', ..., contribution: '1' }], count: 42 }
 */
export async function sourceRows(request: {
  sandbox: Sandbox;
  formula: Formula;
  index: FormulaIndex;
  params: Readonly<Record<string, ParamValue>>;
  cltID: number;
  limit?: number;
}): Promise<SourceRows | NoRowQuery> {
  const query = await rowQueryOf(request.sandbox.connection, request.formula, request.index);
  if (query.kind === 'no-row-query') return query;
  const bound = bindParameters(query.parameters, { ...request.params, cell_client: String(request.cltID) }, query.formulaId);
  const label = `rows behind ${query.formulaId}`;
  const limit = Math.max(0, Math.floor(request.limit ?? 20));
  const rows = await request.sandbox.query(`SELECT * FROM (\n${query.sql}\n) AS source_rows ORDER BY ALL LIMIT ${limit}`, bound, label);
  const total = query.total ? `, coalesce(${query.total}(contribution), 0) AS total` : '';
  const [counted] = await request.sandbox.query(`SELECT count(*) AS count${total} FROM (\n${query.sql}\n) AS source_rows`, bound, label);
  return {
    kind: 'source-rows',
    query,
    cltID: request.cltID,
    rows,
    count: Number(counted?.count ?? 0),
    ...(query.total ? { total: String(counted?.total) } : {}),
  };
}

/** The row query of a formula, or why it has none. Parsing uses the trusted engine connection. */
export async function rowQueryOf(connection: DuckDBConnection, formula: Formula, index: FormulaIndex): Promise<RowQuery | NoRowQuery> {
  const none = (reason: string): NoRowQuery => ({ kind: 'no-row-query', formulaId: formula.id, reason });
  const compiled = compileFormula(formula, index);
  const statement = await serialize(connection, compiled.sql);
  // The compiler wraps the formula as `WITH <references> SELECT cltID, value FROM (<formula>) AS formula`.
  const outer = statement?.node as Node | undefined;
  const inner = ((outer?.from_table as Node | undefined)?.subquery as Node | undefined)?.node as Node | undefined;
  if (!statement || !outer || !inner) return none('the compiled formula could not be read back');
  if (inner.type !== 'SELECT_NODE') return none('the formula combines several queries (UNION ...); list its rows by hand');
  const select = inner.select_list as Node[];
  const valueAt = select.findIndex((item) => String(item.alias).toLowerCase() === 'value');
  const client = select[valueAt === 0 ? 1 : 0];
  if (valueAt < 0 || !client || select.length !== 2) return none('the formula does not select exactly (cltID, value)');
  if ((inner.group_expressions as Node[]).length === 0) return none('the formula does not aggregate rows: its value is the same for every client');
  if (inner.having || inner.qualify) return none('the formula filters its groups (HAVING or QUALIFY); the rows of a group do not show that');
  const aggregates = aggregatesIn(select[valueAt] as Node);
  const filters = [...new Set(aggregates.map((aggregate) => JSON.stringify(aggregate.filter ?? null)))];
  if (aggregates.length === 0) return none('the value has no aggregate over rows');
  if (filters.length > 1) return none('the value combines aggregates with different FILTER clauses');
  const filter = aggregates[0]?.filter as Node | undefined;
  const table = drivingTable(inner.from_table as Node);
  if (!table) return none('the first table of FROM has no name to list its rows by');
  const contributions = aggregates.map((aggregate, i) => ({
    column: aggregates.length === 1 ? 'contribution' : `contribution_${i + 1}`,
    aggregate: aggregateName(aggregate),
  }));
  const rowNode: Node = {
    ...inner,
    cte_map: { map: [...cteEntries(outer), ...cteEntries(inner)] },
    modifiers: [],
    select_list: [star(table), ...aggregates.map((aggregate, i) => ({ ...contributionOf(aggregate), alias: contributions[i]?.column }))],
    where_clause: and([...(inner.where_clause ? [inner.where_clause as Node] : []), ...(filter ? [filter] : []), equalsCellClient({ ...client, alias: '' })]),
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
  };
  const sql = await deserialize(connection, { ...statement, node: rowNode });
  const used = new Set(findParameters(sql).map((parameter) => parameter.name));
  const parameters = [...compiled.parameters, CELL_CLIENT].filter((param) => used.has(param.name));
  const total = totalOf(select[valueAt] as Node, aggregates);
  return { kind: 'row-query', formulaId: formula.id, table, sql, parameters, contributions, ...(total ? { total } : {}) };
}

/** 'sum' or 'count' when the value is exactly one such aggregate (under casts), else undefined. */
function totalOf(value: Node, aggregates: readonly Node[]): 'sum' | 'count' | undefined {
  let node = value;
  while (node.class === 'CAST') node = node.child as Node;
  const [only] = aggregates;
  if (aggregates.length !== 1 || !only || node !== only || only.distinct) return undefined;
  const name = String(only.function_name);
  return name === 'sum' ? 'sum' : name === 'count_star' ? 'sum' : name === 'count' ? 'count' : undefined;
}

/** Aggregate calls in an expression, outermost first, each once (a CASE may repeat one). */
function aggregatesIn(expression: Node): Node[] {
  const found = new Map<string, Node>();
  const visit = (node: Node): void => {
    if (node.class === 'FUNCTION' && AGGREGATES.has(String(node.function_name))) {
      found.set(JSON.stringify({ ...node, alias: '' }), node);
      return;
    }
    childNodes(node).forEach(visit);
  };
  visit(expression);
  return [...found.values()];
}

function aggregateName(aggregate: Node): string {
  const name = String(aggregate.function_name);
  return name === 'count_star' ? 'count(*)' : `${name}${aggregate.distinct ? ' distinct' : ''}`;
}

/** What one row adds to the aggregate: 1 for count(*), the argument otherwise. */
function contributionOf(aggregate: Node): Node {
  const [argument] = (aggregate.children as Node[] | undefined) ?? [];
  return (
    argument ?? {
      class: 'CONSTANT',
      type: 'VALUE_CONSTANT',
      alias: '',
      query_location: 0,
      value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value: 1 },
    }
  );
}

/** The leftmost table of a FROM clause: the rows the formula counts or sums. */
function drivingTable(from: Node): string | undefined {
  let node = from;
  while (node.type === 'JOIN') node = node.left as Node;
  const name = String(node.alias || (node.type === 'BASE_TABLE' ? node.table_name : ''));
  return name || undefined;
}

function star(relation: string): Node {
  return {
    class: 'STAR',
    type: 'STAR',
    alias: '',
    query_location: 0,
    relation_name: relation,
    exclude_list: [],
    replace_list: [],
    columns: false,
    expr: null,
    qualified_exclude_list: [],
    rename_list: [],
  };
}

function equalsCellClient(client: Node): Node {
  const parameter = { class: 'PARAMETER', type: 'VALUE_PARAMETER', alias: '', query_location: 0, identifier: CELL_CLIENT.name };
  return { class: 'COMPARISON', type: 'COMPARE_EQUAL', alias: '', query_location: 0, left: client, right: parameter };
}

function cteEntries(node: Node): unknown[] {
  return ((node.cte_map as { map?: unknown[] } | undefined)?.map ?? []) as unknown[];
}
