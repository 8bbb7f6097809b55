/**
 * Two-level aggregation for a fused group: one scan computes each distinct aggregate once, grouped
 * by the client and by whatever the formulas' conditions test (the columns of simple comparisons
 * such as `e.Kind = 9`, or the truth of other conditions); a small outer query then adds those
 * partial results up per formula, each with its own conditions as a FILTER over the partials.
 * A hundred filtered aggregates over every call become thirty plain ones over every call plus a
 * hundred over a few thousand partial rows.
 *
 * Only decomposable aggregates qualify (count, sum, min, max, bool_and, bool_or, without DISTINCT);
 * otherwise the group keeps plain filtered fusion.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { and, canonical, childNodes, conjunctsOf, deserialize, mapChildren, type Node } from './sql-tree.ts';

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

/**
 * The two-level SQL for a group, selecting `cltID` and `v0`, `v1` ... in member order; undefined
 * when some aggregate cannot be split.
 */
export async function preAggregatedSql(
  connection: DuckDBConnection,
  template: Node,
  members: readonly PreAggregationMember[],
  shared: readonly Node[],
): Promise<string | undefined> {
  const keys = keyColumns(members.flatMap((member) => [...member.residual, ...ownFilters(member.value)]));
  const partials = new Map<string, { alias: string; node: Node }>();
  const outerValues: Node[] = [];
  for (const [i, member] of members.entries()) {
    const value = structuredClone(member.value);
    let ok = true;
    const rewrite = (node: Node): Node => {
      if (node.class === 'FUNCTION' && String(node.function_name) in OUTER_AGGREGATE && node.distinct !== true) {
        const ownFilter = node.filter ? conjunctsOf(node.filter as Node) : [];
        const inner = { ...node, filter: null, alias: '' };
        const key = canonical(inner);
        const partial = partials.get(key) ?? { alias: `p${partials.size}`, node: inner };
        partials.set(key, partial);
        const conditions = [...member.residual, ...ownFilter].map((condition) => keys.rewrite(condition));
        return outerAggregate(String(node.function_name), partial.alias, conditions);
      }
      if (node.class === 'FUNCTION' && (String(node.function_name) in OUTER_AGGREGATE || node.distinct === true)) ok = false;
      return mapChildren(node, rewrite);
    };
    const rewritten = rewrite(value);
    if (!ok || !aggregatesOnlyKnown(member.value)) return undefined;
    outerValues.push({ ...rewritten, alias: `v${i}` });
  }

  const inner = structuredClone(template);
  const innerNode = inner.node as Node;
  const [client] = innerNode.select_list as [Node];
  const clientColumn = { ...client, alias: 'cltID' };
  innerNode.select_list = [clientColumn, ...keys.columns(), ...[...partials.values()].map((p) => ({ ...p.node, alias: p.alias }))];
  const groupBy = [{ ...client, alias: '' }, ...keys.columns().map((k) => ({ ...k, alias: '' }))];
  innerNode.group_expressions = groupBy;
  innerNode.group_sets = [groupBy.map((_, i) => i)];
  innerNode.where_clause = shared.length > 0 ? and(shared) : null;

  const outer = structuredClone(template);
  const outerNode = outer.node as Node;
  const cltID = column('pre', 'cltID');
  outerNode.select_list = [{ ...cltID, alias: 'cltID' }, ...outerValues];
  outerNode.from_table = {
    type: 'BASE_TABLE',
    alias: '',
    sample: null,
    schema_name: '',
    table_name: 'pre',
    column_name_alias: [],
    catalog_name: '',
    at_clause: null,
  };
  outerNode.where_clause = null;
  outerNode.group_expressions = [cltID];
  outerNode.group_sets = [[0]];
  return `WITH pre AS (\n${await deserialize(connection, inner)}\n)\n${await deserialize(connection, outer)}`;
}

/**
 * The grouping keys of the inner query, and conditions rewritten to test them. A column that the
 * group compares with several constants (like `e.Kind = 9`, `e.Kind IN (1, 2)`) becomes one key;
 * any other condition becomes a key of its own truth value, so the partial rows stay few.
 */
function keyColumns(conditions: readonly Node[]): { rewrite(condition: Node): Node; columns(): Node[] } {
  const constantsPerColumn = new Map<string, Set<string>>();
  for (const condition of conditions) {
    const columnSide = equalityColumn(condition);
    if (!columnSide) continue;
    const set = constantsPerColumn.get(canonical(columnSide)) ?? new Set<string>();
    set.add(canonical(condition));
    constantsPerColumn.set(canonical(columnSide), set);
  }
  const enumColumns = new Set([...constantsPerColumn].filter(([, set]) => set.size >= ENUM_THRESHOLD).map(([key]) => key));
  const byKey = new Map<string, { alias: string; node: Node }>();
  const keyFor = (node: Node): string => {
    const key = canonical({ ...node, alias: '' });
    const existing = byKey.get(key);
    if (existing) return existing.alias;
    const alias = `k${byKey.size}`;
    byKey.set(key, { alias, node: { ...node, alias: '' } });
    return alias;
  };
  return {
    rewrite(condition) {
      const columnSide = equalityColumn(condition);
      if (columnSide && enumColumns.has(canonical(columnSide))) {
        return replaceColumn(structuredClone(condition), canonical(columnSide), column('pre', keyFor(columnSide)));
      }
      return column('pre', keyFor(condition));
    },
    columns: () => [...byKey.values()].map((key) => ({ ...key.node, alias: key.alias })),
  };
}

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
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias: '',
    function_name: OUTER_AGGREGATE[innerName],
    schema: '',
    catalog: '',
    children: [column('pre', partial)],
    filter: conditions.length > 0 ? and(conditions) : null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct: false,
    is_operator: false,
    export_state: false,
  };
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

function column(table: string, name: string): Node {
  return { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: [table, name] };
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
