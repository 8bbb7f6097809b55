/**
 * Parameter values written into a statement as typed constants. DuckDB plans a prepared statement
 * that has parameters again on every run, and planning a fused group of a hundred formulas takes
 * about as long as a tenth of running it (15-20 ms at `large`); a statement without parameters is
 * planned once, when prepared, and its plan reused. So the sandbox writes each value in and keeps
 * one prepared statement per text (a new value is a new text).
 *
 * A value is written as a constant of the very type it would be bound with (`CAST('10' AS BIGINT)`,
 * `make_timestamp(...)` from its microseconds), so the query means what it meant bound. Only the
 * `$name` parameters outside strings, quoted names and comments are replaced (sql-analysis.ts),
 * and a value whose kind is not known here stays bound.
 */
import { DuckDBDecimalValue, DuckDBTimestampValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { BoundParameters } from './params.ts';
import { findParameters } from './sql-analysis.ts';

/** `sql` with the values of `bound` written in, and the parameters still to bind (usually none). */
export function writeParameters(sql: string, bound: BoundParameters): { sql: string; bound: BoundParameters } {
  const constants = new Map<string, string>();
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, value] of Object.entries(bound.values)) {
    const type = bound.types[name];
    const written = type ? constantOf(value, type) : undefined;
    if (written === undefined) {
      values[name] = value;
      if (type) types[name] = type;
    } else constants.set(name.toLowerCase(), written);
  }
  if (constants.size === 0) return { sql, bound };
  let text = '';
  let from = 0;
  for (const { name, offset } of findParameters(sql)) {
    // DuckDB names parameters case-insensitively: `$Start` is `start`.
    const constant = constants.get(name.toLowerCase());
    if (constant === undefined) continue;
    text += `${sql.slice(from, offset)}${constant}`;
    from = offset + 1 + name.length;
  }
  return { sql: text + sql.slice(from), bound: { values, types } };
}

/**
 * `writeParameters` with its answers kept, by statement text and values: a report runs the same
 * statements with the same values again and again, and looking through a fused group's text for
 * its parameters is not free. At most `max` texts are kept.
 */
export function keptParameterWriter(max = 200): typeof writeParameters {
  const known = new Map<string, Map<string, ReturnType<typeof writeParameters>>>();
  return (sql, bound) => {
    const names = Object.keys(bound.values);
    if (names.length === 0) return { sql, bound };
    const values = JSON.stringify(names.map((name) => [name, String(bound.types[name]), String(bound.values[name])]));
    let byValues = known.get(sql);
    if (!byValues) {
      if (known.size >= max) known.delete(known.keys().next().value as string);
      byValues = new Map();
      known.set(sql, byValues);
    }
    let written = byValues.get(values);
    if (!written) {
      // A few values per text at most are current; older ones go first.
      if (byValues.size >= MAX_VALUES_PER_TEXT) byValues.delete(byValues.keys().next().value as string);
      written = writeParameters(sql, bound);
      byValues.set(values, written);
    }
    return written;
  };
}

const MAX_VALUES_PER_TEXT = 8;

function constantOf(value: DuckDBValue, type: DuckDBType): string | undefined {
  // From the microseconds: exact for every timestamp, with no text format to agree on.
  if (value instanceof DuckDBTimestampValue) return `make_timestamp(CAST(${value.micros} AS BIGINT))`;
  if (typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string' || value instanceof DuckDBDecimalValue) {
    return `CAST(${quoted(String(value))} AS ${type.toString()})`;
  }
  return undefined;
}

function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
