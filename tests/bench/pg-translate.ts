/**
 * The Billing Export 200 formulas in PostgreSQL, for the benchmark's PostgreSQL baseline.
 *
 * Route chosen: each formula's compiled SQL (engine/formulas/compile.ts) runs on PostgreSQL nearly
 * as written. The legacy library is plain SELECT … JOIN … WHERE … GROUP BY with count, sum, max,
 * abs and CASE; what is DuckDB's own is three functions and two pieces of syntax. The functions
 * are given PostgreSQL definitions with DuckDB's semantics (POSTGRES_COMPAT_SQL, created in the
 * throwaway database), the syntax is rewritten here. That keeps the translation small, explicit
 * and the same for all 264 formulas, rather than 264 hand-written PostgreSQL queries that could
 * drift from the library; translating the fused query instead would mean translating what
 * json_deserialize_sql prints (count_star(), interval casts, FILTER trees), a larger surface.
 * The bench's three-way check proves the translation: every (client, statistic) must be equal.
 *
 * Identifiers stay unquoted, so the tables must be loaded with lower-case names (PostgreSQL folds
 * unquoted names to lower case, as DuckDB ignores their case).
 */
import type { ParamDef, ParamValue } from '../../engine/formulas/definition.ts';
import { findParameters } from '../../engine/formulas/sql-analysis.ts';

/**
 * DuckDB functions the library uses, defined in PostgreSQL with DuckDB's results:
 * - date_diff('second'|'millisecond', a, b) counts unit boundaries crossed: each side truncated
 *   down to the unit (floor, also before 1970: DirSetupsDuration measures from 1900-01-01), then
 *   subtracted; date_diff('millisecond', '1969-12-31 23:59:59.5005', '1970-01-01 00:00:00.5') is 1000.
 *   A one-expression SQL function is inlined by the planner, so it costs what the expression costs.
 * - error(text) fails the query with the message (the D3 overflow guard of the MergeComm formulas).
 * - a // b is DuckDB's integer division, which truncates toward zero like div().
 */
export const POSTGRES_COMPAT_SQL = [
  `CREATE FUNCTION date_diff(part text, a timestamp, b timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE part
      WHEN 'second' THEN (floor(extract(epoch FROM b)) - floor(extract(epoch FROM a)))::bigint
      WHEN 'millisecond' THEN (floor(extract(epoch FROM b) * 1000) - floor(extract(epoch FROM a) * 1000))::bigint
    END $$`,
  `CREATE FUNCTION error(message text) RETURNS numeric LANGUAGE plpgsql PARALLEL SAFE AS $$ BEGIN RAISE EXCEPTION '%', message; END $$`,
  `CREATE FUNCTION duckdb_integer_divide(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT div(a, b) $$`,
  `CREATE OPERATOR // (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = duckdb_integer_divide)`,
];

/** DuckDB's `INTERVAL 500 MILLISECOND` (unquoted amount, singular unit); PostgreSQL wants a string. */
const INTERVAL_LITERAL = /\bINTERVAL\s+(\d+)\s+(MILLISECOND|SECOND|MINUTE|HOUR|DAY)S?\b/gi;

/**
 * A compiled formula's SQL as PostgreSQL SQL: `$name` parameters become typed literals of their
 * values (else defaults), DuckDB interval literals become PostgreSQL ones.
 *
 * @example translateForPostgres("SELECT … WHERE e.Stamp BETWEEN $start AND $end", params, { start: '2026-10-01', … })
 *   // "SELECT … WHERE e.Stamp BETWEEN TIMESTAMP '2026-10-01' AND TIMESTAMP '…'"
 */
export function translateForPostgres(sql: string, parameters: readonly ParamDef[], values: Readonly<Record<string, ParamValue>>): string {
  const byName = new Map(parameters.map((param) => [param.name, param]));
  let out = '';
  let last = 0;
  for (const { name, offset } of findParameters(sql)) {
    const param = byName.get(name);
    if (!param) throw new Error(`$${name} is not a parameter of the compiled formula`);
    out += sql.slice(last, offset) + literal(param, values[name] ?? param.default);
    last = offset + 1 + name.length;
  }
  out += sql.slice(last);
  return out.replace(INTERVAL_LITERAL, (_, amount: string, unit: string) => `INTERVAL '${amount} ${unit.toLowerCase()}s'`);
}

function literal(param: ParamDef, value: ParamValue): string {
  const text = String(value).trim();
  const checked = (pattern: RegExp): string => {
    if (!pattern.test(text)) throw new Error(`parameter ${param.name} = ${JSON.stringify(value)} is not of type ${param.type}`);
    return text;
  };
  switch (param.type) {
    case 'timestamp':
      return `TIMESTAMP '${checked(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/)}'`;
    case 'integer':
      return `(${checked(/^-?\d+$/)})`;
    case 'decimal':
      return `(${checked(/^-?\d+(\.\d+)?$/)}::numeric)`;
    case 'boolean':
      return ['true', '1'].includes(text.toLowerCase()) ? 'TRUE' : 'FALSE';
    case 'text':
      return `'${text.replaceAll("'", "''")}'`;
  }
}
