/**
 * Fusing formulas that scan the same tables with the same joins into one query, so the whole
 * library reads each table once. DuckDB parses every formula (json_serialize_sql); formulas of the
 * shape `SELECT <client> AS cltID, <aggregate expression> AS value FROM <same joins> WHERE <...>
 * GROUP BY <client>` that share their FROM clause and client column form a group. The group's
 * query keeps the WHERE conditions they all share and moves each formula's other conditions into
 * a FILTER on its aggregates, which gives each formula exactly its own rows. DuckDB turns the
 * fused tree back into SQL (json_deserialize_sql). Anything else runs on its own.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Formula } from './definition.ts';
import { findReferences } from './references.ts';
import { findParameters } from './sql-analysis.ts';

type Node = Record<string, unknown>;

export interface FusedQuery {
  readonly sql: string;
  /** Result column of each member formula. */
  readonly members: readonly { readonly formulaId: string; readonly column: string }[];
  readonly parameters: readonly string[];
}

export interface FusionPlan {
  readonly fused: readonly FusedQuery[];
  /** Formulas that run on their own. */
  readonly alone: readonly Formula[];
}

/** Aggregates whose result over a group is the same as over the rows passing a FILTER. */
const AGGREGATES = new Set(['count_star', 'count', 'sum', 'min', 'max', 'avg', 'bool_and', 'bool_or', 'any_value', 'median', 'first', 'last']);
/** Scalar functions allowed around and inside aggregates in a fusable value. */
const SCALARS = new Set(['date_diff', 'datediff', 'coalesce', 'least', 'greatest', 'abs', 'round', 'floor', 'ceil', 'trunc', 'epoch_ms', 'if', 'ifnull', 'nullif',
  'to_milliseconds', 'to_seconds', 'to_minutes', 'to_hours', 'to_days']);
const EXPRESSION_CLASSES = new Set(['FUNCTION', 'CONSTANT', 'COLUMN_REF', 'CAST', 'OPERATOR', 'CASE', 'COMPARISON', 'CONJUNCTION', 'BETWEEN', 'PARAMETER']);

interface Candidate {
  readonly formula: Formula;
  readonly key: string;
  readonly tree: Node;
  readonly conjuncts: readonly Node[];
}

export async function planFusion(connection: DuckDBConnection, formulas: readonly Formula[]): Promise<FusionPlan> {
  const groups = new Map<string, Candidate[]>();
  const alone: Formula[] = [];
  for (const formula of formulas) {
    const candidate = findReferences(formula.sql).length === 0 ? await asCandidate(connection, formula) : undefined;
    if (!candidate) {
      alone.push(formula);
      continue;
    }
    groups.set(candidate.key, [...(groups.get(candidate.key) ?? []), candidate]);
  }
  const fused: FusedQuery[] = [];
  let groupNumber = 0;
  for (const members of groups.values()) {
    if (members.length < 2) {
      alone.push(...members.map((member) => member.formula));
      continue;
    }
    fused.push(await fuseGroup(connection, members, groupNumber++));
  }
  return { fused, alone };
}

async function asCandidate(connection: DuckDBConnection, formula: Formula): Promise<Candidate | undefined> {
  const tree = await serialize(connection, formula.sql);
  const node = tree?.node as Node | undefined;
  if (!node || node.type !== 'SELECT_NODE') return undefined;
  const selectList = node.select_list as Node[];
  const groupBy = node.group_expressions as Node[];
  const cteMap = (node.cte_map as { map?: unknown[] } | undefined)?.map ?? [];
  const plain = cteMap.length === 0 && (node.modifiers as unknown[]).length === 0 && !node.having && !node.qualify && !node.sample;
  if (!plain || selectList.length !== 2 || groupBy.length !== 1 || node.aggregate_handling !== 'STANDARD_HANDLING') return undefined;
  const [client, value] = selectList as [Node, Node];
  if (client.type !== 'COLUMN_REF' || canonical({ ...client, alias: '' }) !== canonical({ ...(groupBy[0] as Node), alias: '' })) return undefined;
  if (!isFusableValue(value)) return undefined;
  const key = canonical([node.from_table, groupBy, { ...client, alias: '' }]);
  return { formula, key, tree: tree as Node, conjuncts: node.where_clause ? conjunctsOf(node.where_clause as Node) : [] };
}

/** A value is fusable when it is built from known scalars around at least one known aggregate. */
function isFusableValue(value: Node): boolean {
  let aggregates = 0;
  let ok = true;
  const visit = (node: Node, insideAggregate: boolean): void => {
    if (!EXPRESSION_CLASSES.has(String(node.class))) ok = false;
    if (node.class === 'FUNCTION') {
      const name = String(node.function_name);
      if (AGGREGATES.has(name)) {
        if (insideAggregate) ok = false;
        aggregates++;
        insideAggregate = true;
      } else if (!SCALARS.has(name) && node.is_operator !== true && !/^[-+*/%<>=!|&]+$/.test(name)) ok = false;
    }
    for (const child of childNodes(node)) visit(child, insideAggregate);
  };
  visit(value, false);
  return ok && aggregates > 0;
}

async function fuseGroup(connection: DuckDBConnection, members: readonly Candidate[], groupNumber: number): Promise<FusedQuery> {
  const common = members
    .map((member) => new Set(member.conjuncts.map(canonical)))
    .reduce((shared, set) => new Set([...shared].filter((conjunct) => set.has(conjunct))));
  const first = members[0] as Candidate;
  const tree = structuredClone(first.tree);
  const node = tree.node as Node;
  const [client] = node.select_list as [Node];
  const values = members.map((member, i) => {
    const value = structuredClone((member.tree.node as { select_list: Node[] }).select_list[1]) as Node;
    const residual = member.conjuncts.filter((conjunct) => !common.has(canonical(conjunct)));
    if (residual.length > 0) addFilter(value, and(residual));
    return { ...value, alias: `v${i}` };
  });
  node.select_list = [{ ...client, alias: 'cltID' }, ...values];
  const shared = first.conjuncts.filter((conjunct) => common.has(canonical(conjunct)));
  node.where_clause = shared.length > 0 ? and(shared) : null;
  const sql = await deserialize(connection, tree);
  return {
    sql: `-- fused group ${groupNumber}: ${members.map((m) => m.formula.id).join(', ')}\n${sql}`,
    members: members.map((member, i) => ({ formulaId: member.formula.id, column: `v${i}` })),
    parameters: [...new Set(members.flatMap((member) => findParameters(member.formula.sql).map((p) => p.name)))],
  };
}

/** Adds `condition` to the FILTER of every aggregate in the expression. */
function addFilter(expression: Node, condition: Node): void {
  if (expression.class === 'FUNCTION' && AGGREGATES.has(String(expression.function_name))) {
    expression.filter = expression.filter ? and([expression.filter as Node, structuredClone(condition)]) : structuredClone(condition);
    return;
  }
  for (const child of childNodes(expression)) addFilter(child, condition);
}

function conjunctsOf(node: Node): Node[] {
  return node.type === 'CONJUNCTION_AND' ? (node.children as Node[]).flatMap(conjunctsOf) : [node];
}

function and(children: readonly Node[]): Node {
  return children.length === 1 ? (children[0] as Node) : { class: 'CONJUNCTION', type: 'CONJUNCTION_AND', alias: '', children: [...children] };
}

function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'filter' || key === 'order_bys') continue;
    if (Array.isArray(value)) children.push(...value.filter((v): v is Node => typeof v === 'object' && v !== null && 'class' in v));
    else if (typeof value === 'object' && value !== null && 'class' in value) children.push(value as Node);
  }
  return children;
}

/** JSON of a node without source positions, so equal expressions compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'query_location' ? undefined : v));
}

async function serialize(connection: DuckDBConnection, sql: string): Promise<Node | undefined> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
  // Positions can exceed 2^53 (an "unknown" marker): zero them before parsing as numbers.
  const text = String(reader.getRows()[0]?.[0]).replace(/"query_location":\d+/g, '"query_location":0');
  const parsed = JSON.parse(text) as { error: boolean; statements?: Node[] };
  return parsed.error || parsed.statements?.length !== 1 ? undefined : (parsed.statements[0] as Node);
}

async function deserialize(connection: DuckDBConnection, statement: Node): Promise<string> {
  const json = JSON.stringify({ error: false, statements: [statement] });
  const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($json::JSON)', { json });
  return String(reader.getRows()[0]?.[0]);
}
