/**
 * What a formula's SQL refers to, as DuckDB's own parser sees it (json_serialize_sql): the number
 * and kind of statements, the tables and table functions it reads, the CTE names it defines, and
 * the named parameters it uses. DuckDB is the authority on DuckDB SQL; we only read its tree.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../errors.ts';

export interface TableReference {
  readonly schema: string;
  readonly catalog: string;
  readonly name: string;
  /** 0-based character offset in the SQL. */
  readonly offset: number;
}

export interface SqlAnalysis {
  /** Tables read by name; a name that resolves to a CTE in scope there is not a table and not listed. */
  readonly tables: readonly TableReference[];
  readonly tableFunctions: readonly { readonly name: string; readonly offset: number }[];
  /** Scalar and aggregate functions called, with the schema or catalog they were qualified by ('' when none). */
  readonly functions: readonly { readonly name: string; readonly qualifier: string; readonly offset: number }[];
  readonly cteNames: ReadonlySet<string>;
  readonly parameters: readonly { readonly name: string; readonly offset: number }[];
  /** The parsed tree of the single SELECT statement. */
  readonly tree: unknown;
}

interface SerializedSql {
  readonly error: boolean;
  readonly error_message?: string;
  readonly error_type?: string;
  readonly position?: string;
  readonly statements?: readonly { readonly node: unknown }[];
}

/**
 * Parses SQL with DuckDB; throws EngineError (sql_syntax, not_select, multiple_statements) with a
 * position. DESCRIBE, SHOW and SUMMARIZE parse as a SELECT but read the catalog: not_select too.
 */
export async function analyzeSql(connection: DuckDBConnection, sql: string): Promise<SqlAnalysis> {
  const serialized = await serialize(connection, sql);
  if (serialized.error) {
    const message = serialized.error_message ?? 'cannot parse';
    if (isNotSelect(message)) {
      throw new EngineError(
        'not_select',
        'a formula is a single SELECT query; other statements (INSERT, PRAGMA, SET, COPY, ATTACH ...) are not allowed',
        at(sql, await firstNonSelectOffset(connection, sql)),
      );
    }
    const offset = serialized.position !== undefined ? Number(serialized.position) : undefined;
    throw new EngineError('sql_syntax', `SQL syntax error: ${message}`, offset !== undefined ? at(sql, offset) : {});
  }
  const statements = serialized.statements ?? [];
  if (statements.length !== 1) {
    throw new EngineError(
      'multiple_statements',
      `a formula is exactly one SELECT query, this has ${statements.length} statements`,
      at(sql, secondStatementOffset(sql)),
    );
  }
  const tree = statements[0]?.node;
  const tables: TableReference[] = [];
  const tableFunctions: { name: string; offset: number }[] = [];
  const functions: { name: string; qualifier: string; offset: number }[] = [];
  const cteNames = new Set<string>();
  // A table function's call is a FUNCTION node inside it: reported once, as the table function.
  const tableFunctionCalls = new Set<unknown>();
  walk(tree, new Set(), (node, ctesInScope) => {
    if (node.type === 'BASE_TABLE') {
      const ref = {
        schema: String(node.schema_name ?? ''),
        catalog: String(node.catalog_name ?? ''),
        name: String(node.table_name),
        offset: Number(node.query_location),
      };
      if (ref.schema || ref.catalog || !ctesInScope.has(ref.name.toLowerCase())) tables.push(ref);
    } else if (node.type === 'TABLE_FUNCTION') {
      const fn = node.function as { function_name?: string } | undefined;
      tableFunctions.push({ name: fn?.function_name ?? 'a table function', offset: Number(node.query_location) });
      tableFunctionCalls.add(node.function);
    } else if (node.class === 'FUNCTION' && typeof node.function_name === 'string' && !tableFunctionCalls.has(node)) {
      const qualifier = [node.catalog, node.schema].filter((part) => typeof part === 'string' && part !== '').join('.');
      functions.push({ name: node.function_name, qualifier, offset: Number(node.query_location) });
    } else if (node.type === 'SHOW_REF') {
      throw new EngineError(
        'not_select',
        'DESCRIBE, SHOW and SUMMARIZE are not allowed: a formula is a plain SELECT over snapshot tables',
        at(sql, showKeywordOffset(sql)),
      );
    }
    for (const entry of cteEntries(node)) cteNames.add(entry.key.toLowerCase());
  });
  return { tables, tableFunctions, functions, cteNames, parameters: findParameters(sql), tree };
}

async function serialize(connection: DuckDBConnection, sql: string): Promise<SerializedSql> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
  return JSON.parse(String(reader.getRows()[0]?.[0])) as SerializedSql;
}

const isNotSelect = (message: string): boolean => /Only SELECT statements/i.test(message);

/**
 * Where the first statement that is not a SELECT starts (past comments), e.g. the DROP of
 * `SELECT ...; DROP TABLE x` or of `-- note\nDROP TABLE x`; 0 if it cannot be told.
 */
async function firstNonSelectOffset(connection: DuckDBConnection, sql: string): Promise<number> {
  const code = [...scanCode(sql)];
  const ends = [...code.filter((offset) => sql[offset] === ';'), sql.length];
  let start = 0;
  for (const end of ends) {
    const first = code.find((offset) => offset >= start && offset < end && /\S/.test(sql[offset] as string));
    if (first !== undefined) {
      const piece = await serialize(connection, sql.slice(start, end));
      if (piece.error && isNotSelect(piece.error_message ?? '')) return first;
    }
    start = end + 1;
  }
  return 0;
}

type TreeNode = Record<string, unknown>;
type CteEntry = { key: string; value?: { query?: { node?: TreeNode } } };

function cteEntries(node: TreeNode): CteEntry[] {
  return (node.cte_map as { map?: CteEntry[] } | undefined)?.map ?? [];
}

/**
 * Visits every node with the CTE names in scope there, as DuckDB binds them: a CTE is visible in
 * the query that defines it (and its subqueries) and in the CTEs defined after it; in its own body
 * only as the recursive part of a WITH RECURSIVE. Elsewhere the same name is a catalog table, e.g.
 * `WITH duckdb_databases AS (SELECT * FROM duckdb_databases)` reads the system view.
 */
function walk(value: unknown, ctesInScope: ReadonlySet<string>, visit: (node: TreeNode, ctesInScope: ReadonlySet<string>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, ctesInScope, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as TreeNode;
  visit(node, ctesInScope);
  if (node.type === 'RECURSIVE_CTE_NODE') {
    const inner = new Set([...ctesInScope, String(node.cte_name).toLowerCase()]);
    for (const [key, child] of Object.entries(node)) walk(child, key === 'right' ? inner : ctesInScope, visit);
    return;
  }
  const scope = new Set(ctesInScope);
  for (const entry of cteEntries(node)) {
    walk(entry.value, new Set(scope), visit);
    scope.add(entry.key.toLowerCase());
  }
  for (const [key, child] of Object.entries(node)) if (key !== 'cte_map') walk(child, scope, visit);
}

/** Where a DESCRIBE, SHOW or SUMMARIZE keyword is in the code (DuckDB's tree does not say). */
function showKeywordOffset(sql: string): number {
  for (const offset of scanCode(sql)) {
    if (/^(describe|show|summarize)\b/i.test(sql.slice(offset)) && !/[A-Za-z0-9_]/.test(sql[offset - 1] ?? '')) return offset;
  }
  return 0;
}

/**
 * `$name` parameters in the SQL text, outside strings, quoted identifiers and comments (DuckDB's
 * tree does not keep their positions).
 */
export function findParameters(sql: string): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  for (const token of scanCode(sql, '$')) {
    const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(token));
    if (match) found.push({ name: match[1] as string, offset: token });
  }
  return found;
}

/** Offsets of characters that are code (not inside strings, quoted names or comments); with `only`, of that character alone. */
function* scanCode(sql: string, only?: string): Generator<number> {
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') i = endOf(sql, '\n', i + 2);
    else if (ch === '/' && next === '*') i = endOf(sql, '*/', i + 2);
    else if (ch === "'" || ch === '"') i = endOfQuoted(sql, ch, i + 1);
    else {
      if (only === undefined || ch === only) yield i;
      i++;
    }
  }
}

function endOf(sql: string, terminator: string, from: number): number {
  const index = sql.indexOf(terminator, from);
  return index < 0 ? sql.length : index + terminator.length;
}

function endOfQuoted(sql: string, quote: string, from: number): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote)
        i += 2; // doubled quote inside
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function secondStatementOffset(sql: string): number {
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === ';' && sql.slice(i + 1).trim().length > 0) return i + 1 + (sql.slice(i + 1).length - sql.slice(i + 1).trimStart().length);
  }
  return 0;
}

/** 1-based line and column of a 0-based offset. */
export function at(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}
