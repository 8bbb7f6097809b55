import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { rowQueryOf, sourceRows } from '../../../engine/reconcile/source-rows.ts';

let sandbox: Sandbox;
let formulas: readonly Formula[];
let index: FormulaIndex;
const formula = (id: string) => index.get(id.toLowerCase()) as Formula;

beforeAll(async () => {
  sandbox = await openScratchSandbox();
  formulas = loadLibrary().formulas;
  index = indexFormulas(formulas);
});
afterAll(() => sandbox.close());

describe('rowQueryOf', () => {
  it('turns a call statistic into the statCallEnd rows of the client, one contribution each', async () => {
    const query = await rowQueryOf(sandbox.connection, formula('SecCalls'), index);
    expect(query).toMatchObject({ kind: 'row-query', table: 'e', total: 'sum', contributions: [{ column: 'contribution', aggregate: 'count(*)' }] });
    expect(query.kind === 'row-query' && query.sql).toBe(
      'SELECT e.*, 1 AS contribution FROM statCallEnd AS e INNER JOIN statCallStart AS s ON ((s.callId = e.callId)) ' +
        'WHERE (((e.Stamp BETWEEN $start AND $end) AND (e.Kind = 1)) AND (e.cltId = $cell_client))',
    );
    expect(query.kind === 'row-query' && query.parameters.map((p) => p.name)).toEqual(['start', 'end', 'cell_client']);
  });

  it('keeps the CTEs of a formula and lists the aggregates its value is computed from', async () => {
    const query = await rowQueryOf(sandbox.connection, formula('EmailSourceDur'), index);
    expect(query).toMatchObject({ kind: 'row-query', table: 'mc', contributions: [{ aggregate: 'max' }, { aggregate: 'sum' }] });
    expect(query).not.toHaveProperty('total');
    const consensus = await rowQueryOf(sandbox.connection, formula('EmailSourceConsensus'), index);
    expect(consensus.kind === 'row-query' && consensus.sql).toMatch(/^WITH MergeCommJobs AS/);
  });

  it('says why a constant formula has no rows behind it', async () => {
    expect(await rowQueryOf(sandbox.connection, formula('InfTaken'), index)).toEqual({
      kind: 'no-row-query',
      formulaId: 'InfTaken',
      reason: 'the formula does not aggregate rows: its value is the same for every client',
    });
  });
});

describe('sourceRows', () => {
  it('lists the first rows and counts them all', async () => {
    const secCalls = formula('SecCalls');
    await loadFixture(sandbox, secCalls.tests[0]?.rows ?? {}, secCalls, 0);
    const [cltID, expected] = Object.entries(secCalls.tests[0]?.expect ?? {}).find(([, value]) => Number(value) > 1) ?? [];
    const rows = await sourceRows({ sandbox, formula: secCalls, index, params: {}, cltID: Number(cltID), limit: 1 });
    expect(rows).toMatchObject({ kind: 'source-rows', count: Number(expected), total: String(expected) });
    expect(rows.kind === 'source-rows' && rows.rows).toHaveLength(1);
    expect(rows.kind === 'source-rows' && rows.rows[0]).toMatchObject({ cltId: Number(cltID), Kind: 1, contribution: 1 });
  });

  it('adds up to every fixture expectation of the legacy formulas whose value is a plain sum or count', async () => {
    let checked = 0;
    for (const legacy of formulas.filter((f) => f.variant === 'legacy')) {
      const query = await rowQueryOf(sandbox.connection, legacy, index);
      const test = legacy.tests[0];
      if (query.kind !== 'row-query' || !query.total || !test) continue;
      await loadFixture(sandbox, test.rows, legacy, 0);
      for (const [cltID, expected] of Object.entries(test.expect)) {
        const rows = await sourceRows({ sandbox, formula: legacy, index, params: test.params, cltID: Number(cltID), limit: 0 });
        expect(rows.kind === 'source-rows' && new Decimal(rows.total ?? 'NaN').eq(expected), `${legacy.id} client ${cltID}`).toBe(true);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
});
