/**
 * Parameter values written into a statement as constants: the statement means what it meant with
 * them bound (the same values, the same types), a new value gives a new result, and only real
 * parameters are replaced, never text that looks like one inside a string, a quoted name or a comment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParamDef } from '../../../engine/formulas/definition.ts';
import { bindParameters } from '../../../engine/formulas/params.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { findParameters } from '../../../engine/formulas/sql-analysis.ts';
import { writeParameters } from '../../../engine/formulas/written-parameters.ts';

const PARAMS: ParamDef[] = [
  { name: 'cap', type: 'integer', default: 10, description: '' },
  { name: 'rate', type: 'decimal', default: '1.25', description: '' },
  { name: 'start', type: 'timestamp', default: '2026-10-01', description: '' },
  { name: 'until', type: 'timestamp', default: '2026-10-31 23:59:59.997001', description: '' },
  { name: 'label', type: 'text', default: "O'Brien $cap -- not a comment", description: '' },
  { name: 'live', type: 'boolean', default: true, description: '' },
];

/** Every value, its type as DuckDB names it, and a computation with each. */
const EVERY_TYPE = `SELECT $cap AS cap, typeof($cap) AS cap_type, $cap * 60 AS cap_seconds,
  $rate AS rate, typeof($rate) AS rate_type, $rate * 3 AS tripled,
  $start AS start, $until AS until, typeof($until) AS until_type, $until - $start AS span,
  $label AS label, typeof($label) AS label_type, $live AS live, typeof($live) AS live_type`;

describe('parameter values written into a statement', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
  });
  afterAll(() => sandbox.close());

  it('means what the statement meant with its values bound, for every parameter type', async () => {
    const bound = bindParameters(PARAMS, {});
    const written = writeParameters(EVERY_TYPE, bound);
    expect(findParameters(written.sql)).toEqual([]);
    expect(written.bound.values).toEqual({});
    const asBound = (await sandbox.connection.runAndReadAll(EVERY_TYPE, bound.values, bound.types)).getRowObjectsJson();
    const asWritten = (await sandbox.connection.runAndReadAll(written.sql)).getRowObjectsJson();
    expect(asWritten).toEqual(asBound);
    expect(asWritten[0]).toMatchObject({
      cap: '10',
      cap_type: 'BIGINT',
      cap_seconds: '600',
      rate: '1.250000',
      rate_type: 'DECIMAL(38,6)',
      until: '2026-10-31 23:59:59.997001',
      until_type: 'TIMESTAMP',
      label: "O'Brien $cap -- not a comment",
      live: true,
    });
  });

  it('gives each value its own result when the same statement runs with another', async () => {
    const sql = 'SELECT sum(x) AS total FROM range(1, 101) AS t(x) WHERE x <= $cap';
    const totals = [];
    for (const cap of [10, 20, 10, 0]) totals.push((await sandbox.query(sql, bindParameters(PARAMS.slice(0, 1), { cap }), 'capped'))[0]?.total);
    expect(totals).toEqual(['55', '210', '55', null]);
  });

  it('writes in a parameter however its name is cased, as DuckDB binds it', async () => {
    const sql = 'SELECT $CAP * 2 AS doubled, $Cap AS cap';
    const bound = bindParameters(PARAMS.slice(0, 1), { cap: 21 });
    expect(findParameters(writeParameters(sql, bound).sql)).toEqual([]);
    expect(await sandbox.query(sql, bound, 'cased')).toEqual([{ doubled: '42', cap: '21' }]);
  });

  it('leaves text that only looks like a parameter alone', () => {
    const sql = `SELECT '$cap' AS "$cap", $cap AS value -- $cap\n/* $cap */ FROM t WHERE $capital = $cap`;
    const written = writeParameters(sql, bindParameters(PARAMS.slice(0, 1), {}));
    expect(written.sql).toBe(`SELECT '$cap' AS "$cap", CAST('10' AS BIGINT) AS value -- $cap\n/* $cap */ FROM t WHERE $capital = CAST('10' AS BIGINT)`);
  });
});
