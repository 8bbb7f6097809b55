/**
 * Row expressions a fused group shares, stored once per snapshot beside its derived facts. Many
 * formulas of a group compute the same value for every row before aggregating it: a call's duration
 * (`date_diff('second', s.Stamp, e.Stamp + INTERVAL 500 MILLISECOND)`, a timestamp sum and a
 * difference), the sum of thirteen selected-seconds columns. The snapshot never changes, so each
 * such value is the same every time: it is computed once, stored as a column beside the columns the
 * group reads, and the group's query reads the column instead. The calls group spent a fifth of its
 * time on the call duration alone.
 *
 * What is stored: each largest expression inside an aggregate's argument or condition (or a
 * member's own condition) that reads a column, uses no parameter and computes something (a function,
 * an operator, a cast or a CASE; comparisons and AND/OR are looked into, they cost little), when at
 * least two of the group's formulas use it. A formula's own expression, or one with a parameter,
 * stays in the query, so that editing one formula never asks for another derivation; the group of a
 * full report keeps its stored columns across such edits.
 *
 * The stored rows are those of the derived facts, in their order, read from the derived facts file
 * (not the snapshot's tables again), and the values the same expressions give. An expression that
 * fails on some row (the `error()` of an overflow guard, say) fails the derivation; the group then
 * runs over the derived facts as before, and fails or not as it always did.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { derivedCatalog, type DerivedFacts } from './derived-facts.ts';
import type { PreAggregationMember } from './pre-aggregate.ts';
import {
  AGGREGATES,
  baseTable,
  canonical,
  childNodes,
  columnRef,
  conjunctsOf,
  containsNode,
  deserialize,
  isNode,
  replaceNodes,
  type Node,
} from './sql-tree.ts';

/** Raised when the stored form changes, so older files are never read as the new form. */
const FORMAT = 'stored-expressions-1';

/** Formulas of a group that must use an expression before it is stored. */
const MIN_USERS = 2;

/** Node classes that compute a value worth storing; anything else is looked into. */
const COMPUTED = new Set(['FUNCTION', 'CAST', 'CASE']);

export interface StoredExpressions {
  /** The stored columns: derived from `facts.from`, the group's derived facts. */
  readonly facts: DerivedFacts;
  /** The group's template tree reading the stored table. */
  readonly template: Node;
  /** `node` with each stored expression in it read from its column. */
  expression(node: Node): Node;
}

/**
 * The stored form of a group over `derived` (its template and members already read the derived
 * facts' columns), or undefined when no expression is shared by enough of its formulas.
 */
export async function storedExpressionsFor(
  connection: DuckDBConnection,
  derived: DerivedFacts,
  template: Node,
  members: readonly PreAggregationMember[],
  shared: readonly Node[],
): Promise<StoredExpressions | undefined> {
  const users = new Map<string, { node: Node; members: Set<number> }>();
  members.forEach((member, index) => {
    for (const node of storable([member.value, ...member.residual])) {
      const key = canonical({ ...node, alias: '' });
      const entry = users.get(key) ?? { node: { ...node, alias: '' }, members: new Set<number>() };
      entry.members.add(index);
      users.set(key, entry);
    }
  });
  const chosen = [...users]
    .filter(([, entry]) => entry.members.size >= MIN_USERS)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, entry], i) => ({ key, node: entry.node, name: `expression ${i + 1}` }));
  if (chosen.length === 0) return undefined;

  const byKey = new Map(chosen.map((stored) => [stored.key, stored.name]));
  const expression = (node: Node): Node => readStored(node, byKey) as Node;
  const reading = structuredClone(template);
  const readingNode = reading.node as Node;
  readingNode.select_list = readStored(readingNode.select_list, byKey);
  readingNode.group_expressions = readStored(readingNode.group_expressions, byKey);
  // The columns the group still reads, kept beside the stored expressions.
  const columns = factsColumns([
    readingNode.select_list,
    readingNode.group_expressions,
    ...members.map((member) => [expression(member.value), member.residual.map(expression)]),
    shared.map(expression),
  ]).filter((name) => !chosen.some((stored) => stored.name === name));
  const select = await storingSelect(connection, template, derived, columns, chosen);
  const key = createHash('sha256')
    .update(JSON.stringify([FORMAT, derived.key, select]))
    .digest('hex')
    .slice(0, 24);
  readingNode.from_table = baseTable('facts', { alias: 'facts', schema: 'main', catalog: derivedCatalog(key) });
  return { facts: { key, select, guard: 'SELECT true', from: derived }, template: reading, expression };
}

/** The largest storable expressions in `values`, looking into comparisons, conditions and aggregates (their FILTER too). */
function storable(values: readonly Node[]): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    const aggregate = node.class === 'FUNCTION' && AGGREGATES.has(String(node.function_name));
    if (!aggregate && COMPUTED.has(String(node.class)) && readsColumn(node) && !usesParameterOrAggregate(node)) {
      found.push(node);
      return;
    }
    childNodes(node).forEach(visit);
    if (aggregate && node.filter) conjunctsOf(node.filter as Node).forEach(visit);
  };
  values.forEach(visit);
  return found;
}

const readsColumn = (node: Node): boolean => containsNode(node, (each) => each.class === 'COLUMN_REF');

const usesParameterOrAggregate = (node: Node): boolean =>
  containsNode(node, (each) => each.class === 'PARAMETER' || (each.class === 'FUNCTION' && AGGREGATES.has(String(each.function_name))));

/** Every expression (FILTERs included) with each stored one replaced by a reference to its column. */
function readStored(value: unknown, byKey: ReadonlyMap<string, string>): unknown {
  return replaceNodes(value, (node) => {
    const name = byKey.get(canonical({ ...node, alias: '' }));
    return name ? { ...columnRef('facts', name), alias: node.alias ?? '' } : undefined;
  });
}

/** The derived facts columns (`facts."alias.column"`) read anywhere in `value`, sorted. */
function factsColumns(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (item: unknown): void => {
    if (Array.isArray(item)) item.forEach(visit);
    else if (isNode(item) && item.class === 'COLUMN_REF') {
      const [table, column] = item.column_names as string[];
      if (table === 'facts' && column !== undefined) names.add(column);
    } else if (typeof item === 'object' && item !== null) Object.values(item).forEach(visit);
  };
  visit(value);
  return [...names].sort();
}

/** `SELECT <columns>, <expression> AS "expression 1", ... FROM <derived facts>`, keeping their row order. */
async function storingSelect(
  connection: DuckDBConnection,
  template: Node,
  derived: DerivedFacts,
  columns: readonly string[],
  stored: readonly { node: Node; name: string }[],
): Promise<string> {
  const tree = structuredClone(template);
  const node = tree.node as Node;
  node.select_list = [
    ...columns.map((name) => ({ ...columnRef('facts', name), alias: name })),
    ...stored.map((expression) => ({ ...expression.node, alias: expression.name })),
  ];
  node.from_table = baseTable('facts', { alias: 'facts', schema: 'main', catalog: derivedCatalog(derived.key) });
  node.where_clause = null;
  node.group_expressions = [];
  node.group_sets = [];
  node.aggregate_handling = 'STANDARD_HANDLING';
  return deserialize(connection, tree);
}
