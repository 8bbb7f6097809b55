/**
 * The functions a formula may not call. The sandbox already stops file, network and configuration
 * changes; these functions stay callable there but read what a formula has no business seeing (the
 * instance's settings, databases and their file paths, environment) or build unbounded data out of
 * nothing (`range(1e12)`). Validation refuses them by name, before any SQL runs.
 */

/** Exact names (lower case) a formula may not call. */
const FORBIDDEN = new Set([
  // settings, session and environment
  'current_setting',
  'getenv',
  'getvariable',
  'current_database',
  'current_catalog',
  'current_schema',
  'current_schemas',
  'current_query',
  'current_user',
  'session_user',
  'user',
  'version',
  'platform',
  'txid_current',
  'in_search_path',
  'which_secret',
  // rows or lists out of nothing: their size is unbounded by the snapshot
  'range',
  'generate_series',
  'repeat',
  'list_resize',
  'array_resize',
]);

/** Prefixes of the catalog and introspection functions (duckdb_databases(), pragma_database_list() ...). */
const FORBIDDEN_PREFIXES = ['duckdb_', 'pragma_', 'read_', 'sniff_', 'parquet_', 'has_', 'pg_has_'];

/**
 * Why a formula may not call `name` (qualified by `qualifier`: '' or `main` are the default), or undefined when it may.
 * @example forbiddenFunction('current_setting', '') // 'current_setting() reads the server's settings ...'
 */
export function forbiddenFunction(name: string, qualifier: string): string | undefined {
  const lower = name.toLowerCase();
  // DuckDB's parser itself writes `main.` before the functions behind some syntax (TRIM(x FROM y), [1, 2]).
  if (qualifier && qualifier.toLowerCase() !== 'main') return `${qualifier}.${name}(): a formula calls functions by their plain name only`;
  if (FORBIDDEN.has(lower) || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    return `${name}() is not allowed in a formula: it reads the server's settings or catalog, or builds rows out of nothing; a formula computes from snapshot tables only`;
  }
  return undefined;
}
