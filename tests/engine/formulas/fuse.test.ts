import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureRows, Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { planFusion } from '../../../engine/formulas/fuse.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { testFormula as formula } from './support.ts';

const rows = {
  statCallEnd: [
    { callId: 1, cltId: 1, Kind: 1, selTalk: 4, Stamp: '2026-10-02 10:00:00.000' },
    { callId: 2, cltId: 1, Kind: 2, selTalk: 6, Stamp: '2026-10-02 11:00:00.000' },
    { callId: 3, cltId: 2, Kind: 1, selTalk: 7, Stamp: '2026-10-03 11:00:00.000' },
  ],
};
const byClient = (sql: string) => `SELECT cltId AS cltID, ${sql} AS value FROM statCallEnd WHERE Stamp BETWEEN $start AND $end`;

describe('fused evaluation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, rows, formula('x', 'SELECT 1'), 0);
  });
  afterAll(() => sandbox.close());

  const evaluate = async (formulas: Formula[], fuse = true) =>
    createEvaluator({ sandbox, snapshotKey: `k${Math.random()}`, index: indexFormulas(formulas), fuse }).evaluate(formulas, {
      start: '2026-10-01',
      end: '2026-10-31 23:59:59.997',
    });
  const values = (evaluation: Awaited<ReturnType<typeof evaluate>>, id: string) => Object.fromEntries(evaluation.results.get(id)?.values ?? []);

  it('computes formulas over the same table in one query, each with its own conditions', async () => {
    const formulas = [
      formula('All', `${byClient('count(*)')} GROUP BY cltId`),
      formula('Kind1', `${byClient('sum(selTalk)')} AND Kind = 1 GROUP BY cltId`),
      formula('Kind2', `${byClient('count(*)')} AND Kind = 2 GROUP BY cltId`),
      formula('Capped', `${byClient('CASE WHEN sum(selTalk) > 9 THEN 9 ELSE sum(selTalk) END')} GROUP BY cltId`),
    ];
    const fused = await evaluate(formulas);
    expect(fused.queries).toBe(1);
    expect([values(fused, 'All'), values(fused, 'Kind1'), values(fused, 'Kind2'), values(fused, 'Capped')]).toEqual([
      { 1: '2', 2: '1' },
      { 1: '4', 2: '7' },
      { 1: '1' },
      { 1: '9', 2: '7' },
    ]);
  });

  it('keeps constants beyond 2^53 exact: BIGINT, long DECIMAL and HUGEINT literals', async () => {
    const formulas = [
      formula('Big', `${byClient('count(*) * 9007199254740993')} GROUP BY cltId`),
      formula('LongDecimal', `${byClient('sum(selTalk) * 123456789012345.6789')} GROUP BY cltId`),
      formula('Huge', `${byClient('count(*) + 170141183460469231731687303715884105000')} GROUP BY cltId`),
    ];
    const fused = await evaluate(formulas);
    expect(fused.queries).toBe(1);
    expect([values(fused, 'Big'), values(fused, 'LongDecimal'), values(fused, 'Huge')]).toEqual([
      { 1: '18014398509481986', 2: '9007199254740993' },
      { 1: '1234567890123456.7890', 2: '864197523086419.7523' },
      { 1: '170141183460469231731687303715884105002', 2: '170141183460469231731687303715884105001' },
    ]);
  });

  it('splits a group whose one query would compute more than 64 aggregates, with the same values', async () => {
    // 100 formulas of distinct sums: 100 aggregates in one scan, so two queries of 50.
    const formulas = Array.from({ length: 100 }, (_, i) => formula(`Plus${i}`, `${byClient(`sum(selTalk + ${i})`)} GROUP BY cltId`));
    const fused = await evaluate(formulas);
    const alone = await evaluate(formulas, false);
    expect(fused.queries).toBe(2);
    expect(alone.queries).toBe(100);
    for (const { id } of formulas) expect(values(fused, id)).toEqual(values(alone, id));
    expect(values(fused, 'Plus99')).toEqual({ 1: String(4 + 6 + 2 * 99), 2: String(7 + 99) });
  });

  it('keeps formulas apart when they declare the same parameter with different defaults', async () => {
    const k = (value: number) => [{ name: 'k', type: 'integer' as const, default: value, description: 'factor' }];
    const formulas = [
      formula('Times1', `${byClient('sum(selTalk) * $k')} GROUP BY cltId`, k(1)),
      formula('Times100', `${byClient('sum(selTalk) * $k')} GROUP BY cltId`, k(100)),
    ];
    const fused = await evaluate(formulas);
    expect(values(fused, 'Times1')).toEqual({ 1: '10', 2: '7' });
    expect(values(fused, 'Times100')).toEqual({ 1: '1000', 2: '700' });
  });

  it('fuses a formula with a parameter of its own with formulas that do not declare it', async () => {
    const cap = [{ name: 'cap_seconds', type: 'integer' as const, default: 5, description: 'cap per call' }];
    const formulas = [
      formula('Talk', `${byClient('sum(selTalk)')} GROUP BY cltId`),
      formula('TalkCapped', `${byClient('sum(least(selTalk, $cap_seconds))')} GROUP BY cltId`, cap),
      formula('Calls', `${byClient('count(*)')} GROUP BY cltId`),
    ];
    const fused = await evaluate(formulas);
    expect(fused.queries).toBe(1);
    expect([values(fused, 'Talk'), values(fused, 'TalkCapped'), values(fused, 'Calls')]).toEqual([
      { 1: '10', 2: '7' },
      { 1: '9', 2: '5' },
      { 1: '2', 2: '1' },
    ]);
  });

  it('keeps apart a formula that declares a standard parameter its own way from one that uses the standard one', async () => {
    const own = [{ name: 'end_client', type: 'decimal' as const, default: '1', description: 'only the first client' }];
    const upTo = (id: string, params: Formula['params'] = []) => formula(id, `${byClient('count(*)')} AND cltId <= $end_client GROUP BY cltId`, params);
    const fused = await evaluate([upTo('FirstOnly', own), upTo('Everyone')]);
    expect(values(fused, 'FirstOnly')).toEqual({ 1: '2' });
    expect(values(fused, 'Everyone')).toEqual({ 1: '2', 2: '1' });
  });
});

/** A scratch sandbox holding `calls` for the tests of the block that calls it; `formulas` on it, fused or one query each. */
function withCalls(calls: FixtureRows[string], formulas: readonly Formula[]) {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, { statCallEnd: calls }, formula('x', 'SELECT 1'), 0);
  });
  afterAll(() => sandbox.close());
  return {
    sandbox: () => sandbox,
    evaluate: (fuse: boolean) =>
      createEvaluator({ sandbox, snapshotKey: `k${Math.random()}`, index: indexFormulas(formulas), fuse }).evaluate(formulas, {
        start: '2026-10-01',
        end: '2026-10-31 23:59:59.997',
      }),
  };
}

describe('a group picked by code with client totals', () => {
  const max = 2_147_483_647; // the largest INTEGER: three of them sum past 32 bits
  const calls = [
    { callId: 1, cltId: 1, Kind: 1, selTalk: max, Stamp: '2026-10-02 10:00:00.000' },
    { callId: 2, cltId: 1, Kind: 1, selTalk: max, Stamp: '2026-10-02 10:05:00.000' },
    { callId: 3, cltId: 1, Kind: 1, selTalk: max, Stamp: '2026-10-02 10:10:00.000' },
    { callId: 4, cltId: 1, Kind: 2, selTalk: 3, Stamp: '2026-10-02 11:00:00.000' },
    { callId: 5, cltId: 1, Kind: 3, selTalk: 9, Stamp: '2026-10-02 12:00:00.000' },
    { callId: 6, cltId: 2, Kind: 3, selTalk: 4, Stamp: '2026-10-03 11:00:00.000' },
    { callId: 7, cltId: 2, Kind: 1, selTalk: 0, Stamp: '2026-10-03 12:00:00.000' },
  ];
  const huge = "CAST(selTalk AS HUGEINT) * CAST('10000000000000000000' AS HUGEINT)";
  const formulas = [
    formula('Kind1Talk', `${byClient('sum(selTalk)')} AND Kind = 1 GROUP BY cltId`),
    formula('Kind2Calls', `${byClient('count(*)')} AND Kind = 2 GROUP BY cltId`),
    formula('Kind3Talk', `${byClient('sum(selTalk)')} AND Kind = 3 GROUP BY cltId`),
    formula('Kind1Huge', `${byClient(`sum(${huge})`)} AND Kind = 1 GROUP BY cltId`),
    formula('Talk', `${byClient('sum(selTalk)')} GROUP BY cltId`),
    formula('Talking', `${byClient('count(*) FILTER (WHERE selTalk > 0)')} GROUP BY cltId`),
    formula('OtherTalk', `${byClient('sum(selTalk) - sum(selTalk) FILTER (WHERE Kind = 1)')} GROUP BY cltId`),
  ];
  const { sandbox, evaluate } = withCalls(calls, formulas);

  it('gives each formula its value alone, sums past 32 and 64 bits included', async () => {
    const fused = await evaluate(true);
    const alone = await evaluate(false);
    expect(fused.queries).toBe(1);
    const values = (evaluation: typeof fused, id: string) => Object.fromEntries(evaluation.results.get(id)?.values ?? []);
    for (const { id } of formulas) expect(values(fused, id), id).toEqual(values(alone, id));
    expect(values(fused, 'Kind1Talk')).toEqual({ 1: String(3 * max) });
    expect(values(fused, 'Kind1Huge')).toEqual({ 1: `${3 * max}0000000000000000000` });
    expect(values(fused, 'Talk')).toEqual({ 1: String(3 * max + 12), 2: '4' });
    expect(values(fused, 'OtherTalk')).toEqual({ 1: '12', 2: '4' });
  });

  it('keeps a partial sum as a BIGINT only when it sums integers of 32 bits or fewer', async () => {
    const plan = await planFusion(sandbox().connection, formulas);
    const [group] = plan.fused;
    expect(plan.fused).toHaveLength(1);
    expect(group?.sql).toMatch(/CAST\(sum\(\w*\.?"?selTalk"?\) AS BIGINT\)/);
    expect(group?.sql).not.toMatch(/CAST\(sum\(\(CAST\(\w*\.?"?selTalk"?\s+AS HUGEINT\).*\) AS BIGINT\)/);
    expect(group?.sql.match(/AS BIGINT\)/g)).toHaveLength(1);
  });

  it('counts the rows that pass a condition with count_if, which DuckDB computes faster than a FILTER', async () => {
    const [group] = (await planFusion(sandbox().connection, formulas)).fused;
    expect(group?.sql).toMatch(/count_if\(\(?\w*\.?"?selTalk"? > 0\)?\)/);
    expect(group?.sql).not.toContain('count_star() FILTER');
  });
});

describe('partial rows picked per client by their codes', () => {
  // Two code columns (Kind and CompCode, each compared with three constants): the scan groups by
  // client, Kind and CompCode; a formula fixing both codes picks its client's one partial row.
  const calls = [
    { callId: 1, cltId: 1, Kind: 1, CompCode: 0, selTalk: 5, Stamp: '2026-10-02 10:00:00.000' },
    { callId: 2, cltId: 1, Kind: 1, CompCode: 0, selTalk: 7, Stamp: '2026-10-02 10:05:00.000' },
    { callId: 3, cltId: 1, Kind: 1, CompCode: 1, selTalk: 11, Stamp: '2026-10-02 10:10:00.000' },
    { callId: 4, cltId: 1, Kind: 2, CompCode: 1, selTalk: 3, Stamp: '2026-10-02 11:00:00.000' },
    { callId: 5, cltId: 1, Kind: 3, CompCode: 3, selTalk: 0, Stamp: '2026-10-02 12:00:00.000' },
    { callId: 6, cltId: 2, Kind: 3, CompCode: 3, selTalk: 4, Stamp: '2026-10-03 11:00:00.000' },
    { callId: 7, cltId: 2, Kind: 2, CompCode: 1, selTalk: 9, Stamp: '2026-10-03 12:00:00.000' },
    { callId: 8, cltId: 2, Kind: 2, CompCode: 1, selTalk: 2, Stamp: '2026-10-03 12:30:00.000' },
    { callId: 9, cltId: 3, Kind: 3, CompCode: 0, selTalk: 6, Stamp: '2026-10-04 09:00:00.000' },
  ];
  const where = (codes: string) => `AND ${codes} GROUP BY cltId`;
  const formulas = [
    formula('Calls10', `${byClient('count(*)')} ${where('Kind = 1 AND CompCode = 0')}`),
    formula('Calls21', `${byClient('count(*)')} ${where('Kind = 2 AND CompCode = 1')}`),
    formula('Talk10', `${byClient('sum(selTalk)')} ${where('Kind = 1 AND CompCode = 0')}`),
    formula('MaxTalk21', `${byClient('max(selTalk)')} ${where('CompCode = 1 AND Kind = 2')}`),
    formula('NonZeroTalk33', `${byClient('sum(NULLIF(selTalk, 0))')} ${where('Kind = 3 AND CompCode = 3')}`),
    formula('HalfTalk10', `${byClient('sum(selTalk * 0.5::DOUBLE)')} ${where('Kind = 1 AND CompCode = 0')}`),
    formula('PricedTalk21', `${byClient('sum(selTalk * 1.25)')} ${where('Kind = 2 AND CompCode = 1')}`),
    formula('MeanTalk33', `${byClient('sum(selTalk) / count(*)')} ${where('Kind = 3 AND CompCode = 3')}`),
    formula('Talk1', `${byClient('sum(selTalk)')} ${where('Kind = 1')}`),
    formula('Talk12Code0', `${byClient('sum(selTalk)')} ${where('Kind IN (1, 2) AND CompCode = 0')}`),
    formula('Talk', `${byClient('sum(selTalk)')} GROUP BY cltId`),
  ];
  const { sandbox, evaluate } = withCalls(calls, formulas);
  const values = (evaluation: Awaited<ReturnType<typeof evaluate>>, id: string) => Object.fromEntries(evaluation.results.get(id)?.values ?? []);

  it('gives each formula the value it has alone: counts, sums of every type, max, a NULL partial and a missing code', async () => {
    const fused = await evaluate(true);
    const alone = await evaluate(false);
    expect(fused.queries).toBe(1);
    for (const { id } of formulas) expect(values(fused, id), id).toEqual(values(alone, id));
    expect(values(fused, 'Calls10')).toEqual({ 1: '2' });
    expect(values(fused, 'Calls21')).toEqual({ 1: '1', 2: '2' });
    expect(values(fused, 'MaxTalk21')).toEqual({ 1: '3', 2: '9' });
    expect(values(fused, 'NonZeroTalk33')).toEqual({ 2: '4' });
    expect(values(fused, 'PricedTalk21')).toEqual({ 1: '3.75', 2: '13.75' });
    expect(values(fused, 'Talk1')).toEqual({ 1: '23' });
    expect(values(fused, 'Talk12Code0')).toEqual({ 1: '12' });
  });

  it('picks a row only where the formula fixes every code, and adds up the rest as before', async () => {
    const [group] = (await planFusion(sandbox().connection, formulas)).fused;
    const sql = group?.sql ?? '';
    // One position per pair of codes picked (1/0, 2/1, 3/3), each column read at its position.
    expect(sql.match(/list_position\(/g)).toHaveLength(3);
    expect(sql).toMatch(/CAST\(\(pre\."rows"\[pre\.at\d\]\)\.p\d+ AS HUGEINT\)/);
    // Kind = 1 alone leaves CompCode open; Kind IN (1, 2) picks two kinds: both are added up.
    expect(sql).toMatch(/sum\(CASE\s+WHEN \(\(pre\.k\d = 1\)\) THEN/);
    expect(sql).toMatch(/sum\(CASE\s+WHEN \(\(\(pre\.k\d IN \(1, 2\)\) AND \(pre\.k\d = 0\)\)\) THEN/);
  });

  it('types each picked value as adding it up types it, as the SQL without lists (for PostgreSQL) does', async () => {
    // Fused, a count is a sum of partial counts, a HUGEINT: this product fits it, where a BIGINT would overflow.
    const huge = [...formulas, formula('Calls21Huge', `${byClient('count(*) * 9223372036854775807')} ${where('Kind = 2 AND CompCode = 1')}`)];
    const parameters = { values: { start: '2026-10-01', end: '2026-10-31 23:59:59.997' }, types: {} };
    const run = async (portable: boolean) => {
      const [group] = (await planFusion(sandbox().connection, huge, { portable })).fused;
      const result = await sandbox().queryColumns(group?.sql ?? '', parameters, portable ? 'portable' : 'picked');
      const column = (name: string) => result.columns[result.names.indexOf(name)] ?? [];
      const rows = column('cltID').map((client, row) => [
        client,
        ...(group?.members ?? []).map((member) => [member.formulaId, String(column(member.column)[row])]),
      ]);
      return { sql: group?.sql ?? '', rows: rows.sort((a, b) => Number(a[0]) - Number(b[0])) };
    };
    const [picked, portable] = [await run(false), await run(true)];
    expect(picked.sql).toContain('list_position');
    expect(portable.sql).not.toContain('list_position');
    expect(picked.rows).toEqual(portable.rows);
    expect(picked.rows.find((row) => row[0] === 2)).toContainEqual(['Calls21Huge', '18446744073709551614']);
  });
});
