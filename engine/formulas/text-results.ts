/**
 * Reading wide results fast. A fused group returns a hundred 128-bit sums per client, and reading
 * those into JavaScript (two 64-bit halves, a bigint, then its text) costs more than computing
 * them; DuckDB writes the same text in a fraction of the time. So once a query has run, the
 * connection remembers its column types, and later runs of the same query read each 64/128-bit
 * integer and decimal column as DuckDB's VARCHAR of it: exactly the text the JSON reader gives,
 * so nobody can tell, except by the clock. Other columns (floats above all, whose text differs)
 * are read as before.
 */
import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';
import type { BoundParameters } from './params.ts';

/** Types the JSON reader gives as the value's text, which `::VARCHAR` writes identically. */
const READ_AS_TEXT: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** Queries remembered per connection; the oldest is forgotten first. */
const MAX_REMEMBERED = 200;

export interface TextResults {
  /** The SQL to run for `sql`: the query itself, or it wrapped to read wide numbers as text. */
  sqlFor(sql: string, parameters: BoundParameters): string;
  /** Remembers the column types `sql` gave, for its next run. */
  learn(sql: string, parameters: BoundParameters, result: DuckDBResultReader): void;
}

export function textResults(): TextResults {
  const wrapped = new Map<string, string | null>();
  const keyOf = (sql: string, parameters: BoundParameters): string =>
    `${Object.entries(parameters.types)
      .map(([name, type]) => `${name}:${type.toString()}`)
      .join(',')}\n${sql}`;
  return {
    sqlFor: (sql, parameters) => wrapped.get(keyOf(sql, parameters)) ?? sql,
    learn(sql, parameters, result) {
      const key = keyOf(sql, parameters);
      if (wrapped.has(key)) return;
      if (wrapped.size >= MAX_REMEMBERED) wrapped.delete(wrapped.keys().next().value as string);
      wrapped.set(key, wrappedSql(sql, result));
    },
  };
}

/** `sql` with its wide number columns cast to text, or null when none is (or names repeat). */
function wrappedSql(sql: string, result: DuckDBResultReader): string | null {
  const names = result.columnNames();
  const asText = names.map((_, i) => READ_AS_TEXT.has(result.columnTypeId(i)));
  if (!asText.some(Boolean) || new Set(names.map((name) => name.toLowerCase())).size !== names.length) return null;
  const columns = names.map((name, i) => (asText[i] ? `${quoted(name)}::VARCHAR AS ${quoted(name)}` : quoted(name)));
  return `SELECT ${columns.join(', ')} FROM (\n${sql}\n) AS result`;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
