import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOf } from '../../../engine/diff/delta.ts';
import { createRatingMemo } from '../../../engine/rating/rating-memo.ts';
import { storedDocuments } from '../../../server/services/documents.ts';
import { librarySwaps, storedSwaps } from '../../../server/services/scenario-formulas.ts';
import { createRatingInputs } from '../../../server/services/rating-inputs.ts';
import { compareScenario, type WhatIfDeps } from '../../../server/services/what-if.ts';
import { PER_CALL_SETUP } from '../support/per-call-setup.ts';
import { example, type ServiceWorkspace, serviceWorkspace } from './support.ts';

const DEARER_CALLS =
  "name: Dearer calls\nplans:\n  - id: per-call\n    lines:\n      - { id: calls, label: Secretarial calls, statistic: SecCalls, price: '1.50' }\n";

let ws: ServiceWorkspace;
let deps: WhatIfDeps;
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = { snapshots: ws.snapshots, documents: storedDocuments(ws.db), resolveSwaps: storedSwaps(ws.db) };
  await ws.saveDocument('setup', 'main', example('billing-setup.yaml'));
  await ws.saveDocument('scenario', 'live', example('scenario-live-rate.yaml'));
  await ws.saveDocument('scenario', 'cap', 'name: TimeCap 5 minutes\nparams: { time_cap_minutes: 5 }\n');
});
afterAll(() => ws.close());

const compare = (scenario: string, over: Partial<WhatIfDeps> = {}) =>
  compareScenario({ ...deps, ...over }, ws.library, { snapshot: ws.manifest.id, setup: 'main', scenario });

describe('compareScenario', () => {
  it('re-rates a price change from the baseline statistics, without computing them again', async () => {
    const whatIf = await compare('live');
    expect(whatIf.requeried).toBe(false);
    expect(whatIf.scenario).toBe('Live minutes +5%, free patches');
    const { before, after, change } = whatIf.comparison.totals;
    expect(new Decimal(after).minus(before).eq(change)).toBe(true);
    expect(whatIf.comparison.counts.up + whatIf.comparison.counts.down + whatIf.comparison.counts.same).toBe(whatIf.before.length);
  });

  it('lists the accounts that change largest change first', async () => {
    // One invoice per client, priced per call: each account changes by its own number of calls.
    await ws.saveDocument('setup', 'per-call', PER_CALL_SETUP);
    await ws.saveDocument('scenario', 'dearer-calls', DEARER_CALLS);
    const whatIf = await compareScenario(deps, ws.library, { snapshot: ws.manifest.id, setup: 'per-call', scenario: 'dearer-calls' });
    const sizes = whatIf.comparison.accounts.map((delta) => changeOf(delta).abs().toNumber());
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('computes the statistics again when the scenario changes a parameter', async () => {
    expect((await compare('cap')).requeried).toBe(true);
  });

  it('gives the same comparison whether the rating memo and result cache are kept between calls or not', async () => {
    const kept = { results: new Map(), ratings: createRatingMemo() };
    await compare('cap', kept);
    const warm = await compare('live', kept);
    const cold = await compare('live');
    expect(warm.comparison).toEqual(cold.comparison);
  });

  it('keeps the statistics per snapshot, formulas and parameters: a new price is only rated again, and gives what a fresh comparison gives', async () => {
    const kept = { results: new Map(), ratings: createRatingMemo(), inputs: createRatingInputs() };
    const first = await compare('live', kept);
    expect(first.work).toMatchObject({ baselineQueried: true, scenarioQueried: false });
    await ws.saveDocument('scenario', 'live-dearer', example('scenario-live-rate.yaml').replace('price: "1.2075"', 'price: "1.3"'));
    const again = await compare('live-dearer', kept);
    expect(again.work).toMatchObject({ baselineQueried: false, scenarioQueried: false });
    expect(again.work.reRated).toBeGreaterThan(0);
    expect(again.work.reRated).toBeLessThanOrEqual(again.work.accounts);
    const fresh = await compare('live-dearer');
    expect(fresh.work.baselineQueried).toBe(true);
    expect(again.comparison).toEqual(fresh.comparison);
    expect(again.after).toEqual(fresh.after);
    expect(again.comparison.totals.after).not.toBe(first.comparison.totals.after);
  });

  it('computes a changed parameter once, then finds it kept', async () => {
    const kept = { results: new Map(), ratings: createRatingMemo(), inputs: createRatingInputs() };
    expect((await compare('cap', kept)).work).toMatchObject({ baselineQueried: true, scenarioQueried: true });
    const again = await compare('cap', kept);
    expect(again.work).toMatchObject({ baselineQueried: false, scenarioQueried: false });
    expect(again.comparison).toEqual((await compare('cap')).comparison);
  });

  it('refuses a stored version on the command line, where swaps are resolved against the library alone', async () => {
    await ws.saveDocument('scenario', 'versioned', "name: versioned\nformulas:\n  SecCalls: 'SecCalls@v1'\n");
    await expect(compare('versioned', { resolveSwaps: librarySwaps })).rejects.toMatchObject({ code: 'unknown_formula_version', field: 'formulas.SecCalls' });
    expect((await compare('versioned')).comparison.totals.change).toBe('0');
  });
});
