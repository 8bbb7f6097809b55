/**
 * Working with DuckDB's parse trees (json_serialize_sql / json_deserialize_sql): plain JSON
 * nodes, compared without their source positions.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

export type Node = Record<string, unknown>;

/** Aggregates whose result over a group is the same as over the rows passing a FILTER. */
export const AGGREGATES = new Set(['count_star', 'count', 'sum', 'min', 'max', 'avg', 'bool_and', 'bool_or', 'any_value', 'median', 'first', 'last']);

export function conjunctsOf(node: Node): Node[] {
  return node.type === 'CONJUNCTION_AND' ? (node.children as Node[]).flatMap(conjunctsOf) : [node];
}

export function and(children: readonly Node[]): Node {
  return children.length === 1 ? (children[0] as Node) : { class: 'CONJUNCTION', type: 'CONJUNCTION_AND', alias: '', children: [...children] };
}

/**
 * The expression nodes directly below `node`, however they are held (CASE keeps its branches in
 * plain objects without a class). A node's FILTER and ORDER BY are not its children.
 */
export function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isNode(value)) children.push(value);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'filter' && key !== 'order_bys') collect(value);
  }
  return children;
}

/** Rebuilds `node` with each child expression replaced by `map(child)`, wherever it is held. */
export function mapChildren(node: Node, map: (child: Node) => Node): Node {
  const rebuild = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rebuild);
    if (isNode(value)) return map(value);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebuild(v)]));
    return value;
  };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'filter' || key === 'order_bys' ? value : rebuild(value)]));
}

/**
 * `value` rebuilt with each node that `replace` gives a replacement for replaced, wherever it is held
 * (an aggregate's FILTER and ORDER BY included); other nodes are looked into.
 */
export function replaceNodes(value: unknown, replace: (node: Node) => Node | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceNodes(item, replace));
  const replacement = isNode(value) ? replace(value) : undefined;
  if (replacement) return replacement;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceNodes(v, replace)]));
  return value;
}

/** Whether `node` or an expression below it (not in a FILTER or ORDER BY) passes `test`. */
export function containsNode(node: Node, test: (node: Node) => boolean): boolean {
  return test(node) || childNodes(node).some((child) => containsNode(child, test));
}

/** A column reference (`pre.p0`: `columnRef('pre', 'p0')`). */
export function columnRef(...names: string[]): Node {
  return { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: names };
}

/** A call of a function (or aggregate, without FILTER, ORDER BY or DISTINCT). */
export function functionCall(name: string, children: Node[]): Node {
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias: '',
    function_name: name,
    schema: '',
    catalog: '',
    children,
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct: false,
    is_operator: false,
    export_state: false,
  };
}

/** A constant of a type without parameters (`INTEGER`, `VARCHAR`, `BOOLEAN`...); `null` for NULL. */
export function constant(typeId: string, value: string | number | boolean | null): Node {
  const type = { id: value === null ? 'NULL' : typeId, type_info: null };
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: value === null ? { type, is_null: true } : { type, is_null: false, value } };
}

/** A FROM clause naming one table, as json_serialize_sql writes it. */
export function baseTable(name: string, { alias = '', schema = '', catalog = '' } = {}): Node {
  return { type: 'BASE_TABLE', alias, sample: null, schema_name: schema, table_name: name, column_name_alias: [], catalog_name: catalog, at_clause: null };
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'class' in value;
}

/** JSON of a node without source positions, so equal expressions compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'query_location' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * The parse tree of one statement. An integer constant beyond 2^53 (a BIGINT literal, a long
 * DECIMAL's digits, a HUGEINT's halves) is read as a bigint, not rounded to a JavaScript number,
 * and written back as the same digits.
 */
export async function serialize(connection: DuckDBConnection, sql: string): Promise<Node | undefined> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
  // Positions can exceed 2^53 (an "unknown" marker): zero them, they are never compared.
  const text = String(reader.getRows()[0]?.[0]).replace(/"query_location":\d+/g, '"query_location":0');
  const parsed = parse(text, null, exactNumber) as { error: boolean; statements?: Node[] };
  return parsed.error || parsed.statements?.length !== 1 ? undefined : (parsed.statements[0] as Node);
}

/** A JSON number as a JavaScript number when that keeps its value, else (an integer) as a bigint. */
function exactNumber(text: string): number | bigint {
  return !isSafeNumber(text) && isInteger(text) ? BigInt(text) : Number(text);
}

export async function deserialize(connection: DuckDBConnection, statement: Node): Promise<string> {
  const json = stringify({ error: false, statements: [statement] }) as string;
  const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($json::JSON)', { json });
  return String(reader.getRows()[0]?.[0]);
}
