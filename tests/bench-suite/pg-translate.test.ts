/**
 * The PostgreSQL translation of formula SQL the benchmark's baseline runs (tests/bench/pg-translate.ts),
 * one check per rewrite; that the translated library gives the same numbers as DuckDB on every
 * cell is proven by the benchmark's own three-way check (bench-smoke.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ParamDef } from '../../engine/formulas/definition.ts';
import { standardParams } from '../../engine/formulas/definition.ts';
import { canonical } from '../bench/identical.ts';
import { translateForPostgres } from '../bench/pg-translate.ts';

const timeCap: ParamDef = { name: 'time_cap_minutes', type: 'integer', default: 0, description: 'cap' };
const params = [...standardParams, timeCap];
const values = { start: '2026-10-01 00:00:00.000', end: '2026-10-31 23:59:59.997', time_cap_minutes: 10 };
const check = (duckdb: string, postgres: string) => expect(translateForPostgres(duckdb, params, values)).toBe(postgres);

describe('translateForPostgres', () => {
  it('turns each parameter into a typed literal of its value', () => {
    check('WHERE e.Stamp BETWEEN $start AND $end', "WHERE e.Stamp BETWEEN TIMESTAMP '2026-10-01 00:00:00.000' AND TIMESTAMP '2026-10-31 23:59:59.997'");
    check('WHEN $time_cap_minutes > 0 THEN $time_cap_minutes * 60', 'WHEN (10) > 0 THEN (10) * 60');
    check('WHERE n BETWEEN $start_client AND $end_client', 'WHERE n BETWEEN (0::numeric) AND (9999999999::numeric)');
  });

  it('leaves a $name inside a string or a comment alone', () => {
    check("SELECT '$start' -- $end\n", "SELECT '$start' -- $end\n");
  });

  it("rewrites DuckDB's unquoted interval literal", () => {
    check('e.Stamp + INTERVAL 500 MILLISECOND', "e.Stamp + INTERVAL '500 milliseconds'");
    check('INTERVAL 2 seconds', "INTERVAL '2 seconds'");
  });

  it('keeps the DuckDB functions the compat definitions provide as they are', () => {
    check("sum(date_diff('millisecond', hs.Stamp, hc.Stamp)) // 1000", "sum(date_diff('millisecond', hs.Stamp, hc.Stamp)) // 1000");
  });

  it('refuses a parameter the compiled formula does not declare, and a value that is not of its type', () => {
    expect(() => translateForPostgres('WHERE x = $other', params, values)).toThrow(/\$other is not a parameter/);
    expect(() => translateForPostgres('WHERE x = $time_cap_minutes', params, { time_cap_minutes: '1; DROP TABLE x' })).toThrow(/not of type integer/);
  });
});

describe('canonical (how the three-way check compares numbers)', () => {
  const same = (input: string, expected: string) => expect(canonical(input)).toBe(expected);
  it('writes the same number the same way, whatever the engine printed', () => {
    same('12', '12');
    same('12.000', '12');
    same('0012.50', '12.5');
    same('-0.000', '0');
    same('-3', '-3');
    same('abc', 'abc');
  });
});
