/**
 * Effective dates inside a period (docs/rating.md): plans and prices that change on any day; usage
 * priced by the date of the call under the plan in force then, fees split by the days each plan was
 * in force, usage outside an assignment's dates not billed under it. Amounts worked by hand.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import type { ClientInfo, Invoice } from '../../../engine/rating/model.ts';
import { rangeKey, type BillingPeriod } from '../../../engine/rating/period.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { createRatingMemo } from '../../../engine/rating/rating-memo.ts';
import { invoiceLinesCsv } from '../../../engine/runs/lines-csv.ts';
import { computeRangeStatistics, ratingRanges } from '../../../engine/rating/rating-ranges.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded, statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';

const OCTOBER: BillingPeriod = { start: '2026-10-01', end: '2026-10-31' };
const CLIENT: ClientInfo = { cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' };
const minutes = (n: number | string): Statistics => new Map([['LiveMinutes', statisticValues(new Map([[1, String(n)]]))]]);

const plan = (id: string, fee: string, price: string) => `
  - id: ${id}
    lines:
      - { id: base, label: Monthly service, fee: '${fee}', prorate: true }
      - { id: live, label: Live minutes, statistic: LiveMinutes, included: 250, price: '${price}', prorate: true }`;

const PRICE_INCREASE = `
plans:${plan('standard', '95.00', '1.15')}${plan('standard-2027', '99.00', '1.25')}
assignments:
  - { plan: standard, from: '2020-01-01', until: '2026-10-14' }
  - { plan: standard-2027, from: '2026-10-15' }`;

const amounts = (invoice: Invoice | undefined) => Object.fromEntries((invoice?.lines ?? []).map((line) => [line.lineId, line.amount]));

describe('effective dates inside a period', () => {
  it('splits the month at a price increase: each plan’s fee for its days, each half’s minutes at its price', () => {
    // 1-14 Oct (14 days): base 95.00 x 14/31 = 42.903.. -> 42.90; included 250 x 14/31 = 112.903..;
    //   120 minutes -> 7.0967.. x 1.15 = 8.161.. -> 8.16
    // 15-31 Oct (17 days): base 99.00 x 17/31 = 54.290.. -> 54.29; included 250 x 17/31 = 137.096..;
    //   200 minutes -> 62.903.. x 1.25 = 78.629.. -> 78.63
    // total 42.90 + 8.16 + 54.29 + 78.63 = 183.98
    const setup = parseSetupFile(PRICE_INCREASE, 'p.yaml');
    expect(ratingRanges(setup, [CLIENT], OCTOBER)).toEqual([
      { start: '2026-10-01', end: '2026-10-14' },
      { start: '2026-10-15', end: '2026-10-31' },
    ]);
    const byRange = new Map([
      ['2026-10-01..2026-10-14', minutes(120)],
      ['2026-10-15..2026-10-31', minutes(200)],
    ]);
    const [invoice] = rate({ setup, clients: [CLIENT], statistics: minutes(320), period: OCTOBER, statisticsByRange: byRange }).invoices;
    expect(amounts(invoice)).toEqual({ 'base@2026-10-01': '42.90', 'live@2026-10-01': '8.16', 'base@2026-10-15': '54.29', 'live@2026-10-15': '78.63' });
    expect(invoice?.total).toBe('183.98');
    expect(invoice?.lines.map((line) => line.label)).toEqual([
      'Monthly service (2026-10-01 to 2026-10-14)',
      'Live minutes (2026-10-01 to 2026-10-14)',
      'Monthly service (2026-10-15 to 2026-10-31)',
      'Live minutes (2026-10-15 to 2026-10-31)',
    ]);
    expect(invoice?.segments).toEqual([
      { from: '2026-10-01', until: '2026-10-14', plan: 'standard' },
      { from: '2026-10-15', until: '2026-10-31', plan: 'standard-2027' },
    ]);
    expect(invoice?.plan).toBe('standard-2027');
    // each line says the days it bills and their plan (lines.csv's service period and plan)
    expect(invoice?.lines.map((line) => line.service)).toEqual([
      { from: '2026-10-01', until: '2026-10-14', plan: 'standard' },
      { from: '2026-10-01', until: '2026-10-14', plan: 'standard' },
      { from: '2026-10-15', until: '2026-10-31', plan: 'standard-2027' },
      { from: '2026-10-15', until: '2026-10-31', plan: 'standard-2027' },
    ]);
    const csv = invoiceLinesCsv([invoice as Invoice], OCTOBER, { formulas: new Map(), plans: new Map() });
    expect(csv).toContain('BC1,BC1,1001,2026-10-01,2026-10-14,base@2026-10-01,');
    expect(csv).toContain(',USD,,standard\r\n');
  });

  it('does not bill usage before a client’s assignment starts, and says which statistics it needs when they are missing', () => {
    // the plan from 11 October: only the 40 minutes from then count; the month's 400 do not
    const setup = parseSetupFile(
      `plans:${plan('p', '0', '1.00')}\nassignments: [{ plan: p, from: '2026-10-11' }]`.replace('included: 250', 'included: 0'),
      'p.yaml',
    );
    const [invoice] = rate({
      setup,
      clients: [CLIENT],
      statistics: minutes(400),
      period: OCTOBER,
      statisticsByRange: new Map([['2026-10-11..2026-10-31', minutes(40)]]),
    }).invoices;
    expect(amounts(invoice).live).toBe('40.00');
    expect(() => rate({ setup, clients: [CLIENT], statistics: minutes(400), period: OCTOBER })).toThrow(/statistics of 2026-10-11 to 2026-10-31/);
  });

  it('a price change effective on the period’s first day equals no change', () => {
    const price = fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 100).toFixed(2));
    fc.assert(
      fc.property(price, price, price, price, fc.integer({ min: 0, max: 2000 }), (oldFee, oldPrice, fee, unit, used) => {
        const changed = `
plans:${plan('old', oldFee, oldPrice)}${plan('new', fee, unit)}
assignments:
  - { plan: old, from: '2020-01-01', until: '2026-09-30' }
  - { plan: new, from: '2026-10-01' }`;
        const unchanged = `
plans:${plan('old', oldFee, oldPrice)}${plan('new', fee, unit)}
assignments:
  - { plan: new, from: '2020-01-01' }`;
        const input = { clients: [CLIENT], statistics: minutes(used), period: OCTOBER };
        expect(rate({ ...input, setup: parseSetupFile(changed, 'a.yaml') })).toEqual(rate({ ...input, setup: parseSetupFile(unchanged, 'b.yaml') }));
      }),
      { numRuns: 100 },
    );
  });
});

describe('effective dates and the rating memo', () => {
  it('rates a period split by a price change the same with and without the memo, whatever changes between runs', () => {
    const price = fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 100).toFixed(2));
    const step = fc.record({ day: fc.integer({ min: 2, max: 31 }), fee: price, unit: price, before: fc.nat(500), after: fc.nat(500) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
        const memo = createRatingMemo();
        for (const { day, fee, unit, before, after } of steps) {
          const from = `2026-10-${String(day).padStart(2, '0')}`;
          const setup = parseSetupFile(
            `
plans:${plan('old', '95.00', '1.15')}${plan('new', fee, unit)}
assignments:
  - { plan: old, from: '2020-01-01' }
  - { plan: new, from: '${from}' }`,
            'memo.yaml',
          );
          const byRange = new Map([
            [`2026-10-01..2026-10-${String(day - 1).padStart(2, '0')}`, minutes(before)],
            [`${from}..2026-10-31`, minutes(after)],
          ]);
          const input = { setup, clients: [CLIENT], statistics: minutes(before + after), period: OCTOBER, statisticsByRange: byRange };
          expect(rate({ ...input, memo })).toEqual(rate(input));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('effective dates, from the calls', () => {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
  });
  afterAll(() => sandbox.close());

  it('prices each call by its date under the plan in force that day', async () => {
    // 2 calls on 10 October at 2.00 and 3 calls on 20 October at 3.00 (the price from 15 October): 4.00 + 9.00
    const call = (callId: number, day: number) => ({
      start: { callId, cltID: 1, Stamp: `2026-10-${day} 09:00:00.000` },
      end: { callId, cltId: 1, Stamp: `2026-10-${day} 09:01:00.000`, Kind: 1, CompCode: 0, selTalk: 60 },
    });
    const calls = [call(1, 10), call(2, 10), call(3, 20), call(4, 20), call(5, 20)];
    await loadFixture(
      sandbox,
      {
        cltClients: [{ cltID: 1, ClientNumber: 1001, ClientName: 'Client 1', BillingCode: 'BC1' }],
        statCallStart: calls.map((c) => c.start),
        statCallEnd: calls.map((c) => c.end),
      },
      library.formulas[0] as Formula,
      0,
    );
    const setup = parseSetupFile(
      `
plans:
  - { id: before, lines: [{ id: calls, label: Calls, statistic: SecCallsConsensus, price: '2.00' }] }
  - { id: after, lines: [{ id: calls, label: Calls, statistic: SecCallsConsensus, price: '3.00' }] }
assignments:
  - { plan: before, from: '2020-01-01', until: '2026-10-14' }
  - { plan: after, from: '2026-10-15' }`,
      'calls.yaml',
    );
    const evaluator = createEvaluator({ sandbox, snapshotKey: `dates-${Math.random()}`, index });
    const chosen = formulasFor(statisticsNeeded(setup), index, setup);
    const params = { start: '2026-10-01 00:00:00.000', end: '2026-10-31 23:59:59.997' };
    const statistics = await computeStatistics(evaluator, chosen, params);
    const ranges = ratingRanges(setup, [CLIENT], OCTOBER);
    const statisticsByRange = await computeRangeStatistics(evaluator, chosen, params, OCTOBER, ranges);
    expect([...statisticsByRange.keys()]).toEqual(ranges.map(rangeKey));
    const [invoice] = rate({ setup, clients: [CLIENT], statistics, period: OCTOBER, statisticsByRange }).invoices;
    expect(amounts(invoice)).toEqual({ 'calls@2026-10-01': '4.00', 'calls@2026-10-15': '9.00' });
    expect(invoice?.total).toBe('13.00');
  });
});
