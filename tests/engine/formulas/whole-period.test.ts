/**
 * A fused group's period condition is dropped only when it cannot drop a row: every row of the table
 * read has its period column set and within the bounds given. Each case gives what the formulas
 * give one query each, whichever query ran.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEvaluator, groupQuery } from '../../../engine/formulas/evaluate.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { planFusion } from '../../../engine/formulas/fuse.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { testFormula as formula } from './support.ts';

const byClient = (value: string, where = '') =>
  `SELECT cltId AS cltID, ${value} AS value FROM statCallEnd WHERE Stamp BETWEEN $start AND $end ${where} GROUP BY cltId`;
const formulas = [
  formula('Calls', byClient('count(*)')),
  formula('Talk', byClient('sum(selTalk)')),
  formula('Kind1Talk', byClient('sum(selTalk)', 'AND Kind = 1')),
];
const october = { start: '2026-10-01', end: '2026-10-31 23:59:59.997' };
const call = (callId: number, cltId: number, Stamp: string | null) => ({ callId, cltId, Kind: (callId % 2) + 1, selTalk: callId * 10, Stamp });
const inOctober = [call(1, 1, '2026-10-01 00:00:00.000'), call(2, 1, '2026-10-15 12:00:00.000'), call(3, 2, '2026-10-31 23:59:59.997')];

describe('a fused group without its period condition', () => {
  let sandbox: Sandbox | undefined;
  afterEach(() => sandbox?.close());

  /** The query the evaluator runs on `calls` for October, and each formula's values fused and one query each. */
  const run = async (calls: ReturnType<typeof call>[]) => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, { statCallEnd: calls }, formula('x', 'SELECT 1'), 0);
    const [group] = (await planFusion(sandbox.connection, formulas)).fused;
    if (!group) throw new Error('the formulas were not fused');
    const { sql, parameters } = await groupQuery(sandbox, group, october);
    const index = indexFormulas(formulas);
    const valuesOf = async (fuse: boolean) => {
      const evaluation = await createEvaluator({ sandbox: sandbox as Sandbox, snapshotKey: `k${Math.random()}`, index, fuse }).evaluate(formulas, october);
      return Object.fromEntries(formulas.map((f) => [f.id, Object.fromEntries(evaluation.results.get(f.id)?.values ?? [])]));
    };
    return { group, sql, parameters: parameters.map((p) => p.name), fused: await valuesOf(true), alone: await valuesOf(false) };
  };

  it('runs without it when every row is in the period, bounds included', async () => {
    const { group, sql, parameters, fused, alone } = await run(inOctober);
    expect(group.withoutPeriod).toBeDefined();
    expect(sql).toBe(group.withoutPeriod?.sql);
    expect(sql).not.toContain('$start');
    expect(parameters).toEqual([]);
    expect(fused).toEqual(alone);
    expect(alone.Talk).toEqual({ 1: '30', 2: '30' });
  });

  it('keeps it when a row lies outside the period', async () => {
    const { group, sql, fused, alone } = await run([...inOctober, call(4, 2, '2026-11-01 00:00:00.000')]);
    expect(sql).toBe(group.sql);
    expect(fused).toEqual(alone);
    expect(alone.Calls).toEqual({ 1: '2', 2: '1' });
  });

  it('keeps it when a row has no period column', async () => {
    // Sessions by agent over the session's end, which a session still open does not have.
    const sessions = (value: string) => `SELECT agtId AS cltID, ${value} AS value FROM statLogout WHERE Logout BETWEEN $start AND $end GROUP BY agtId`;
    const ended = [formula('Sessions', sessions('count(*)')), formula('Stations', sessions('sum(stationType)'))];
    const session = (agtId: number, Logout: string | null) => ({ agtId, stationType: 2, Login: '2026-10-02 09:00:00.000', Logout });
    const valuesFor = async (rows: ReturnType<typeof session>[]) => {
      sandbox?.close();
      sandbox = await openScratchSandbox();
      await loadFixture(sandbox, { statLogout: rows }, formula('x', 'SELECT 1'), 0);
      const [group] = (await planFusion(sandbox.connection, ended)).fused;
      const { sql } = await groupQuery(sandbox, group as NonNullable<typeof group>, october);
      const index = indexFormulas(ended);
      const evaluation = async (fuse: boolean) =>
        Object.fromEntries(
          (await createEvaluator({ sandbox: sandbox as Sandbox, snapshotKey: `k${Math.random()}`, index, fuse }).evaluate(ended, october)).results.get(
            'Sessions',
          )?.values ?? [],
        );
      return { dropped: sql === group?.withoutPeriod?.sql, fused: await evaluation(true), alone: await evaluation(false) };
    };
    const closed = await valuesFor([session(1, '2026-10-02 10:00:00.000'), session(2, '2026-10-03 10:00:00.000')]);
    expect(closed.dropped).toBe(true);
    expect(closed.fused).toEqual({ 1: '1', 2: '1' });
    const open = await valuesFor([session(1, '2026-10-02 10:00:00.000'), session(2, '2026-10-03 10:00:00.000'), session(2, null)]);
    expect(open.dropped).toBe(false);
    expect(open.fused).toEqual(open.alone);
    expect(open.fused).toEqual({ 1: '1', 2: '1' });
  });
});
