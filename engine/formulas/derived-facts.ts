/**
 * Joined facts, derived once per snapshot. A snapshot never changes, so the rows a join of its
 * tables gives (calls with their start, message histories with their message and agent) are the
 * same every time: the engine stores that join once beside the snapshot, every column of every
 * joined table, and a fused group over that join reads the stored rows instead of joining again.
 * The group's own conditions, expressions and aggregates are unchanged: only its FROM clause is
 * replaced and each `alias.column` read as the stored `"alias.column"`.
 *
 * The rows are stored in the order of the group's client column, so that aggregating them per client
 * walks each client's rows together rather than jumping about a table of every client's partial sums.
 *
 * Inner and left joins of IS tables, each named once, qualify; and the join is stored only if it
 * gives no more rows than its largest table (a lookup, not a cross product), checked before writing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { findColumn, findTable, quoteIdent, type TableDef } from '../../snapshots/schema/index.ts';
import { baseTable, canonical, constant, deserialize, isNode, replaceNodes, type Node } from './sql-tree.ts';

/** Raised when the stored form changes, so older files are never read as the new form. */
const FORMAT = 'derived-facts-2';

export interface DerivedFacts {
  /** Content key of the derivation: the join (tables, aliases, conditions) and every column stored. */
  readonly key: string;
  /** The SELECT whose rows are stored. */
  readonly select: string;
  /** A SELECT of one boolean: whether the join gives no more rows than its largest table. */
  readonly guard: string;
  /** Facts whose stored rows the SELECT reads, stored first (stored-expressions.ts); none when it reads the snapshot. */
  readonly from?: DerivedFacts;
}

/** The catalog a sandbox attaches derived facts under. */
export const derivedCatalog = (key: string): string => `derived_${key}`;

/**
 * The derived facts a group of formula trees (one FROM clause) can read, with the rewrite of its
 * trees and expressions onto them; undefined when the FROM clause is not an inner join of IS tables each named once, or a
 * column cannot be told apart.
 */
export async function derivedFactsFor(
  connection: DuckDBConnection,
  trees: readonly Node[],
): Promise<{ facts: DerivedFacts; rewrite: (tree: Node) => Node; expression: (node: Node) => Node } | undefined> {
  const [template] = trees;
  if (!template) return undefined;
  const fromTable = (template.node as Node).from_table as Node;
  const joined = joinedTables(fromTable);
  if (!joined) return undefined;
  const byAlias = new Map(joined.map((t) => [t.alias.toLowerCase(), t]));
  // Every column reference must name one joined table's column (qualified, or unique among them).
  let resolvable = true;
  const resolve = (node: Node): { alias: string; column: string } | undefined => {
    const names = node.column_names as string[];
    if (names.length === 2) {
      const table = byAlias.get(String(names[0]).toLowerCase());
      const column = table && findColumn(table.def, String(names[1]));
      return table && column ? { alias: table.alias, column: column.name } : undefined;
    }
    if (names.length === 1) {
      const owners = joined.flatMap((t) => {
        const column = findColumn(t.def, String(names[0]));
        return column ? [{ alias: t.alias, column: column.name }] : [];
      });
      return owners.length === 1 ? owners[0] : undefined;
    }
    return undefined;
  };
  const visitAll = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visitAll);
    else if (isNode(value) && value.class === 'COLUMN_REF') {
      if (!resolve(value)) resolvable = false;
    } else if (isNode(value) && value.class === 'SUBQUERY') resolvable = false;
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visitAll);
  };
  for (const tree of trees) {
    const node = tree.node as Node;
    visitAll([node.select_list, node.where_clause, node.group_expressions]);
  }
  if (!resolvable) return undefined;

  const stored = joined.flatMap((t) =>
    t.def.columns.map((column) => `${quoteIdent(t.alias)}.${quoteIdent(column.name)} AS ${quoteIdent(`${t.alias}.${column.name}`)}`),
  );
  const client = clientColumn(template, resolve);
  const order = client ? ` ORDER BY ${quoteIdent(`${client.alias}.${client.column}`)}` : '';
  const key = createHash('sha256')
    .update(JSON.stringify([FORMAT, canonical(fromTable), stored, order]))
    .digest('hex')
    .slice(0, 24);
  const from = await fromClause(connection, template);
  const select = `SELECT ${stored.join(', ')} ${from}${order}`;
  const largest = `greatest(${joined.map((t) => `(SELECT count(*) FROM ${quoteIdent(t.def.name)})`).join(', ')})`;
  const guard = `SELECT (SELECT count(*) ${from}) <= ${largest}`;
  const factsTable = baseTable('facts', { alias: 'facts', schema: 'main', catalog: derivedCatalog(key) });
  // Every column reference, wherever it is held (an aggregate's FILTER and ORDER BY included).
  const rewriteValue = (value: unknown): unknown =>
    replaceNodes(value, (node) => {
      if (node.class !== 'COLUMN_REF') return undefined;
      const target = resolve(node) as { alias: string; column: string };
      return { ...node, column_names: ['facts', `${target.alias}.${target.column}`] };
    });
  const rewriteExpression = (node: Node): Node => rewriteValue(node) as Node;
  const rewrite = (tree: Node): Node => {
    const copy = structuredClone(tree);
    const node = copy.node as Node;
    node.from_table = factsTable;
    node.select_list = rewriteValue(node.select_list);
    node.where_clause = node.where_clause ? rewriteExpression(node.where_clause as Node) : null;
    node.group_expressions = rewriteValue(node.group_expressions);
    return copy;
  };
  return { facts: { key, select, guard }, rewrite, expression: rewriteExpression };
}

/** The table column the group is grouped by (its client), when it is one. */
function clientColumn(template: Node, resolve: (node: Node) => { alias: string; column: string } | undefined): { alias: string; column: string } | undefined {
  const [groupBy] = (template.node as Node).group_expressions as Node[];
  return groupBy?.class === 'COLUMN_REF' ? resolve(groupBy) : undefined;
}

interface JoinedTable {
  readonly alias: string;
  readonly def: TableDef;
}

/**
 * The tables of an inner or left join of IS tables, each once; undefined for anything else (a
 * single table too). A left join's stored rows keep its unmatched rows with NULLs, as the join gives them.
 */
function joinedTables(from: Node): JoinedTable[] | undefined {
  if (from.type !== 'JOIN') return undefined;
  const found: JoinedTable[] = [];
  const visit = (node: Node): boolean => {
    if (node.type === 'JOIN') {
      const plain =
        (node.join_type === 'INNER' || node.join_type === 'LEFT') &&
        node.ref_type === 'REGULAR' &&
        (node.using_columns as unknown[]).length === 0 &&
        node.condition;
      return Boolean(plain) && visit(node.left as Node) && visit(node.right as Node);
    }
    if (node.type !== 'BASE_TABLE' || node.sample || node.at_clause || (node.column_name_alias as unknown[]).length > 0) return false;
    if ((node.catalog_name && node.catalog_name !== 'snapshot') || (node.schema_name && node.schema_name !== 'main')) return false;
    const def = findTable(String(node.table_name));
    if (!def) return false;
    found.push({ alias: String(node.alias || def.name), def });
    return true;
  };
  if (!visit(from)) return undefined;
  const aliases = new Set(found.map((t) => t.alias.toLowerCase()));
  return aliases.size === found.length ? found : undefined;
}

/** `FROM ...` of the tree's query, as DuckDB writes it back. */
async function fromClause(connection: DuckDBConnection, tree: Node): Promise<string> {
  const copy = structuredClone(tree);
  const node = copy.node as Node;
  node.select_list = [constant('INTEGER', 1)];
  node.where_clause = null;
  node.group_expressions = [];
  node.group_sets = [];
  node.aggregate_handling = 'STANDARD_HANDLING';
  const sql = await deserialize(connection, copy);
  const match = /^SELECT 1 (FROM .*)$/s.exec(sql);
  if (!match) throw new Error(`unexpected FROM clause text: ${sql.slice(0, 80)}`);
  return match[1] as string;
}
