/**
 * Two-level aggregation for a fused group: one scan computes each distinct aggregate once, grouped
 * by the client and by the code columns the formulas compare with several constants (such as
 * `e.Kind = 9`); the formulas' other conditions stay on their aggregates as a FILTER in that scan.
 * A small outer query then adds those partial results up per formula, picking the partial rows of
 * its codes. A hundred filtered aggregates over every call become forty over every call plus a
 * hundred over a few partial rows per client.
 *
 * A partial that no formula picks by code (a client total, such as the sum of every call's talk
 * seconds) is aggregated by client alone, in a second scan: grouping thirty totals by client and
 * code costs several times grouping them by client, while the scan is cheap. The partials picked
 * by code are added up per client first and the totals joined after, one row per client.
 *
 * A partial sum of integers of 32 bits or fewer is kept as a BIGINT: DuckDB sums integers into a
 * 128-bit HUGEINT, and picking and adding those up per client took a fifth of the calls group's
 * time. It always fits: a client would need over two billion rows of one code to overflow it.
 *
 * Only decomposable aggregates qualify (count, sum, min, max, bool_and, bool_or, without DISTINCT);
 * otherwise the group keeps plain filtered fusion.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { INTEGERS_UP_TO_32_BITS } from './duckdb-types.ts';
import { perClientCtes, type PerClientColumn, type PickContext } from './partial-picks.ts';
import {
  and,
  baseTable,
  canonical,
  childNodes,
  columnRef,
  conjunctsOf,
  constant,
  containsNode,
  deserialize,
  functionCall,
  mapChildren,
  type Node,
} from './sql-tree.ts';

/** How each inner aggregate is combined in the outer query. */
const OUTER_AGGREGATE: Readonly<Record<string, string>> = {
  count_star: 'sum',
  count: 'sum',
  sum: 'sum',
  min: 'min',
  max: 'max',
  bool_and: 'bool_and',
  bool_or: 'bool_or',
};

export interface PreAggregationMember {
  /** The value expression (with its aggregates). */
  readonly value: Node;
  /** The member's own conditions beyond those the group shares. */
  readonly residual: readonly Node[];
}

/** The two-level SQL of a group, and how many aggregates its inner scans compute per group of rows. */
export interface PreAggregated {
  readonly sql: string;
  readonly width: number;
}

/**
 * The two-level SQL for a group, selecting `cltID` and `v0`, `v1` ... in member order; undefined
 * when some aggregate cannot be split.
 *
 * The inner query groups by the client and by the columns the group compares with several
 * constants (like `e.Kind`): a few partial rows per client. A condition that tests only those
 * columns (`e.Kind = 9`, `e.Kind > 2`) is applied in the outer query; any other condition (`e.selTalk
 * > 0`) stays with its aggregate in the inner query as a FILTER, so it does not multiply the partial
 * rows. The outer query adds partials up with CASE rather than FILTER, which DuckDB evaluates far
 * faster over a hundred aggregates, or reads a code's one partial row from a list (partial-picks.ts).
 */
export async function preAggregatedSql(
  connection: DuckDBConnection,
  template: Node,
  members: readonly PreAggregationMember[],
  shared: readonly Node[],
  { narrowSum = () => false, pickRows = true }: { narrowSum?: (argument: Node) => boolean; pickRows?: boolean } = {},
): Promise<PreAggregated | undefined> {
  const keys = keyColumns(members.flatMap((member) => [...member.residual, ...ownFilters(member.value)]));
  const partials = new Map<string, { alias: string; node: Node }>();
  const partialFor = (node: Node): string => {
    const key = canonical(node);
    const partial = partials.get(key) ?? { alias: `p${partials.size}`, node };
    partials.set(key, partial);
    return partial.alias;
  };
  // Each outer aggregate of a partial, and whether it picks partial rows by code.
  const uses: { node: Node; alias: string; byCode: boolean }[] = [];
  const combine = (innerName: string, alias: string, conditions: readonly Node[]): Node => {
    const node = outerAggregate(innerName, alias, conditions);
    uses.push({ node, alias, byCode: conditions.length > 0 });
    return node;
  };
  const outerValues: Node[] = [];
  for (const member of members) {
    const value = structuredClone(member.value);
    let ok = true;
    const rewrite = (node: Node): Node => {
      if (node.class === 'FUNCTION' && String(node.function_name) in OUTER_AGGREGATE && node.distinct !== true) {
        const name = String(node.function_name);
        const conditions = [...member.residual, ...(node.filter ? conjunctsOf(node.filter as Node) : [])];
        const outerConditions = conditions.filter((condition) => keys.isKeyCondition(condition)).map((condition) => keys.rewrite(condition));
        const innerConditions = sortedByText(conditions.filter((condition) => !keys.isKeyCondition(condition)));
        const filter = innerConditions.length > 0 ? and(innerConditions) : null;
        const partial = partialFor({ ...node, filter, alias: '' });
        const combined = combine(name, partial, outerConditions);
        if (filter === null || name === 'count_star') return name === 'count_star' || name === 'count' ? nullIfZero(combined) : combined;
        if (name !== 'count') return combined;
        // count(x) of the rows that pass: NULL when no row passes, as the formula alone gives no row.
        const passing = partialFor({ ...countStar(), filter, alias: '' });
        return caseWhen(comparison('COMPARE_GREATERTHAN', combine('count_star', passing, outerConditions), constant('INTEGER', 0)), combined);
      }
      if (node.class === 'FUNCTION' && (String(node.function_name) in OUTER_AGGREGATE || node.distinct === true)) ok = false;
      return mapChildren(node, rewrite);
    };
    const rewritten = rewrite(value);
    if (!ok || !aggregatesOnlyKnown(member.value)) return undefined;
    outerValues.push(rewritten);
  }

  const pickedByCode = new Set(uses.filter((use) => use.byCode).map((use) => use.alias));
  const scanned = [...partials.values()].map(countedIf);
  const byCode = scanned.filter((partial) => pickedByCode.has(partial.alias)).map((partial) => narrowed(partial, narrowSum));
  const totals = scanned.filter((partial) => !pickedByCode.has(partial.alias));
  const inner = (selected: readonly { alias: string; node: Node }[], keyColumns: readonly Node[]): Promise<string> =>
    innerSql(connection, template, selected, keyColumns, shared);
  let pre: string;
  if (byCode.length > 0) {
    const codeColumns = keys.columns();
    const byCodeSql = await inner(byCode, codeColumns);
    const context = {
      keys: codeColumns.map((key) => String(key.alias)),
      bigints: new Set(byCode.filter(isBigint).map((partial) => partial.alias)),
      pick: pickRows,
    };
    const perClient = await perClientSql(connection, template, uses, pickedByCode, context);
    // Every client of one scan is a client of the other: same rows, same conditions.
    const totalsSql = totals.length > 0 ? `pre_totals AS (\n${await inner(totals, [])}\n), ` : '';
    const joined = totals.length > 0 ? 'SELECT * FROM pre_per_client INNER JOIN pre_totals USING (cltID)' : 'SELECT * FROM pre_per_client';
    pre = `WITH pre_by_code AS (\n${byCodeSql}\n), ${totalsSql}${perClient}, pre AS (\n${joined}\n)`;
  } else {
    // One row per client already: each partial is its formula's aggregate.
    for (const use of uses) becomes(use.node, columnRef('pre', use.alias));
    pre = `WITH pre AS (\n${await inner(totals, [])}\n)`;
  }

  const outer = structuredClone(template);
  const outerNode = outer.node as Node;
  const cltID = columnRef('pre', 'cltID');
  // Aliased only now: a shallow copy made earlier would have missed the changes to the aggregates above.
  outerNode.select_list = [{ ...cltID, alias: 'cltID' }, ...outerValues.map((value, i) => ({ ...value, alias: `v${i}` }))];
  outerNode.from_table = baseTable('pre');
  outerNode.where_clause = null;
  // Still aggregates when partials have several rows per client; otherwise each value is one row's.
  const grouped = uses.some((use) => use.node.class === 'FUNCTION');
  outerNode.group_expressions = grouped ? [cltID] : [];
  outerNode.group_sets = grouped ? [[0]] : [];
  return { sql: `${pre}\n${await deserialize(connection, outer)}`, width: partials.size };
}

/**
 * The partials of the scan by code, per client as the formulas use them (one column each, `a0`,
 * `a1` ..., partial-picks.ts), each use turned into that column; a use of a client total becomes the
 * total's column.
 */
async function perClientSql(
  connection: DuckDBConnection,
  template: Node,
  uses: readonly { node: Node; alias: string }[],
  byCode: ReadonlySet<string>,
  context: PickContext,
): Promise<string> {
  const columns = new Map<string, PerClientColumn>();
  for (const use of uses) {
    if (!byCode.has(use.alias)) {
      becomes(use.node, columnRef('pre', use.alias));
      continue;
    }
    const key = canonical(use.node);
    const sum = columns.get(key) ?? { alias: `a${columns.size}`, node: structuredClone(use.node) };
    columns.set(key, sum);
    becomes(use.node, columnRef('pre', sum.alias));
  }
  return perClientCtes(connection, template, [...columns.values()], context);
}

/** A partial of type BIGINT: a count, or a sum narrowed to BIGINT. count_if is a sum of booleans, a HUGEINT today, and summed into one either way. */
function isBigint(partial: { node: Node }): boolean {
  const { node } = partial;
  return (
    (node.class === 'FUNCTION' && ['count_star', 'count', 'count_if'].includes(String(node.function_name))) ||
    (node.class === 'CAST' && (node.cast_type as Node).id === 'BIGINT')
  );
}

/** `node` turned into `replacement` in place, so every expression holding it now holds the replacement. */
function becomes(node: Node, replacement: Node): void {
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, replacement);
}

/**
 * `count(*) FILTER (WHERE c)` written `count_if(c)`: the same count (rows where c is true), which
 * DuckDB computes several times faster when c is more than a comparison of a column (the calls
 * group's count of calls with any selected seconds took four times a plain count).
 */
function countedIf(partial: { alias: string; node: Node }): { alias: string; node: Node } {
  if (partial.node.function_name !== 'count_star' || !partial.node.filter) return partial;
  return { alias: partial.alias, node: functionCall('count_if', [partial.node.filter as Node]) };
}

/** A partial sum of narrow integers, cast to BIGINT (see the top of this file); any other partial as it is. */
function narrowed(partial: { alias: string; node: Node }, narrowSum: (argument: Node) => boolean): { alias: string; node: Node } {
  const [argument] = (partial.node.children as Node[] | undefined) ?? [];
  if (partial.node.function_name !== 'sum' || !argument || !narrowSum(argument)) return partial;
  return {
    alias: partial.alias,
    node: { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: partial.node, cast_type: { id: 'BIGINT', type_info: null }, try_cast: false },
  };
}

/**
 * The arguments of the members' sums whose values are integers of 32 bits or fewer, as DuckDB types
 * them over `template`'s tables. An argument with a parameter is left out: its type depends on the
 * value bound.
 */
export async function narrowSumArguments(connection: DuckDBConnection, template: Node, members: readonly PreAggregationMember[]): Promise<Node[]> {
  const candidates = new Map<string, Node>();
  const visit = (node: Node): void => {
    const [argument] = (node.children as Node[] | undefined) ?? [];
    if (node.class === 'FUNCTION' && node.function_name === 'sum' && argument && !hasParameter(argument)) candidates.set(canonical(argument), argument);
    childNodes(node).forEach(visit);
  };
  for (const member of members) visit(member.value);
  if (candidates.size === 0) return [];
  const probe = structuredClone(template);
  const node = probe.node as Node;
  const arguments_ = [...candidates.values()];
  node.select_list = arguments_.map((argument, i) => ({ ...argument, alias: `a${i}` }));
  node.where_clause = null;
  node.group_expressions = [];
  node.group_sets = [];
  try {
    // Prepared, never run: DuckDB types the arguments without reading a row.
    const prepared = await connection.prepare(await deserialize(connection, probe));
    try {
      return arguments_.filter((_, i) => INTEGERS_UP_TO_32_BITS.has(prepared.columnTypeId(i)));
    } finally {
      prepared.destroySync();
    }
  } catch {
    return [];
  }
}

function hasParameter(node: Node): boolean {
  return containsNode(node, (each) => each.class === 'PARAMETER');
}

/** The scan that aggregates `partials` per client and per key column, under the group's shared conditions. */
async function innerSql(
  connection: DuckDBConnection,
  template: Node,
  partials: readonly { alias: string; node: Node }[],
  keyColumns: readonly Node[],
  shared: readonly Node[],
): Promise<string> {
  const inner = structuredClone(template);
  const innerNode = inner.node as Node;
  const [client] = innerNode.select_list as [Node];
  innerNode.select_list = [{ ...client, alias: 'cltID' }, ...keyColumns, ...partials.map((p) => ({ ...p.node, alias: p.alias }))];
  const groupBy = [{ ...client, alias: '' }, ...keyColumns.map((k) => ({ ...k, alias: '' }))];
  innerNode.group_expressions = groupBy;
  innerNode.group_sets = [groupBy.map((_, i) => i)];
  innerNode.where_clause = shared.length > 0 ? and(shared) : null;
  return deserialize(connection, inner);
}

/**
 * The grouping keys of the inner query: each column that the group compares with several
 * constants (like `e.Kind = 9`, `e.Kind IN (1, 2)`). A condition that reads no other column is a
 * key condition, tested on the partial rows; any other stays in the inner query.
 */
function keyColumns(conditions: readonly Node[]): { isKeyCondition(condition: Node): boolean; rewrite(condition: Node): Node; columns(): Node[] } {
  const constantsPerColumn = new Map<string, { node: Node; constants: Set<string> }>();
  for (const condition of conditions) {
    const columnSide = equalityColumn(condition);
    if (!columnSide) continue;
    const key = canonical({ ...columnSide, alias: '' });
    const entry = constantsPerColumn.get(key) ?? { node: { ...columnSide, alias: '' }, constants: new Set<string>() };
    entry.constants.add(canonical(condition));
    constantsPerColumn.set(key, entry);
  }
  const keyed = [...constantsPerColumn].filter(([, entry]) => entry.constants.size >= ENUM_THRESHOLD);
  const aliases = new Map(keyed.map(([key, entry], i) => [key, { alias: `k${i}`, node: entry.node }]));
  const isKeyCondition = (condition: Node): boolean => {
    let ok = true;
    const visit = (node: Node): void => {
      if (!KEY_CONDITION_CLASSES.has(String(node.class))) ok = false;
      if (node.class === 'COLUMN_REF' && !aliases.has(canonical({ ...node, alias: '' }))) ok = false;
      if (node.class === 'FUNCTION' && node.is_operator !== true && !/^[-+*/%<>=!|&]+$/.test(String(node.function_name))) ok = false;
      childNodes(node).forEach(visit);
    };
    visit(condition);
    return ok;
  };
  return {
    isKeyCondition,
    rewrite(condition) {
      let rewritten = structuredClone(condition);
      for (const [key, { alias }] of aliases) rewritten = replaceColumn(rewritten, key, columnRef('pre', alias));
      return rewritten;
    },
    columns: () => [...aliases.values()].map((key) => ({ ...key.node, alias: key.alias })),
  };
}

/** What a key condition may be built of: comparisons of key columns with constants and parameters. */
const KEY_CONDITION_CLASSES = new Set(['COLUMN_REF', 'CONSTANT', 'PARAMETER', 'CAST', 'OPERATOR', 'COMPARISON', 'CONJUNCTION', 'BETWEEN', 'FUNCTION']);

/** A column compared with this many different constants is keyed by its value, not per condition. */
const ENUM_THRESHOLD = 3;

/** For `<column> = <constant>` and `<column> IN (<constants>)`, the column. */
function equalityColumn(condition: Node): Node | undefined {
  if (condition.class === 'COMPARISON' && condition.type === 'COMPARE_EQUAL') {
    const left = condition.left as Node;
    const right = condition.right as Node;
    if (left.class === 'COLUMN_REF' && right.class === 'CONSTANT') return left;
    if (right.class === 'COLUMN_REF' && left.class === 'CONSTANT') return right;
  }
  if (condition.class === 'OPERATOR' && condition.type === 'COMPARE_IN') {
    const [first, ...rest] = condition.children as Node[];
    if (first?.class === 'COLUMN_REF' && rest.every((c) => c.class === 'CONSTANT')) return first;
  }
  return undefined;
}

function replaceColumn(node: Node, target: string, replacement: Node): Node {
  if (node.class === 'COLUMN_REF' && canonical({ ...node, alias: '' }) === target) return replacement;
  return mapChildren(node, (child) => replaceColumn(child, target, replacement));
}

function outerAggregate(innerName: string, partial: string, conditions: readonly Node[]): Node {
  const input = columnRef('pre', partial);
  return functionCall(OUTER_AGGREGATE[innerName] as string, [conditions.length > 0 ? caseWhen(and(conditions), input) : input]);
}

/** `CASE WHEN condition THEN value END` (NULL otherwise, which every aggregate here skips). */
function caseWhen(condition: Node, value: Node): Node {
  return { class: 'CASE', type: 'CASE_EXPR', alias: '', case_checks: [{ when_expr: condition, then_expr: value }], else_expr: constant('NULL', null) };
}

/** A count that no row passed is NULL, not 0, as the formula alone gives that client no row. */
function nullIfZero(value: Node): Node {
  return functionCall('nullif', [value, constant('INTEGER', 0)]);
}

function countStar(): Node {
  return { ...functionCall('count_star', []), filter: null };
}

function comparison(type: string, left: Node, right: Node): Node {
  return { class: 'COMPARISON', type, alias: '', left, right };
}

function sortedByText(conditions: readonly Node[]): Node[] {
  const unique = new Map(conditions.map((condition) => [canonical(condition), condition]));
  return [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, condition]) => condition);
}

/** The FILTER conditions the value's aggregates already carry. */
function ownFilters(value: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    if (node.class === 'FUNCTION' && node.filter) found.push(...conjunctsOf(node.filter as Node));
    childNodes(node).forEach(visit);
  };
  visit(value);
  return found;
}

/** Every aggregate in the value is one we can split (fusion already checked the rest of its shape). */
function aggregatesOnlyKnown(value: Node): boolean {
  let ok = true;
  const visit = (node: Node): void => {
    if (node.class === 'FUNCTION' && ['avg', 'median', 'any_value', 'first', 'last'].includes(String(node.function_name))) ok = false;
    childNodes(node).forEach(visit);
  };
  visit(value);
  return ok;
}
