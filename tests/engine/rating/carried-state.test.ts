/**
 * Recurrence, billing timing and state carried between periods (docs/rating.md): quarterly and
 * annual fees, fees billed in advance with usage in arrears, unused included units rolled over with
 * a cap and an expiry, prepaid blocks drawn down across months. Amounts worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { CarriedState } from '../../../engine/rating/carried-state.ts';
import type { ClientInfo, Invoice } from '../../../engine/rating/model.ts';
import type { BillingPeriod } from '../../../engine/rating/period.ts';
import { rate, type RatingResult } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';

const CLIENT: ClientInfo = { cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' };
const month = (m: string): BillingPeriod => {
  const [year, number] = m.split('-').map(Number) as [number, number];
  return { start: `${m}-01`, end: new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10) };
};
const minutes = (n: number): Statistics => new Map([['LiveMinutes', statisticValues(new Map([[1, String(n)]]))]]);

function bill(yaml: string, period: string, used: number, carriedIn?: CarriedState): RatingResult {
  return rate({
    setup: parseSetupFile(yaml, 'carried.yaml'),
    clients: [CLIENT],
    statistics: minutes(used),
    period: month(period),
    ...(carriedIn ? { carriedIn } : {}),
  });
}
const amounts = (invoice: Invoice | undefined) => Object.fromEntries((invoice?.lines ?? []).map((line) => [line.lineId, line.amount]));

const ROLLOVER = `
plans:
  - id: p
    lines:
      - { id: live, label: Live minutes, statistic: LiveMinutes, included: 100, price: '1.00', rollover: { cap: 150, expiresAfter: 2 } }
assignments: [{ plan: p, from: '2020-01-01' }]`;

describe('rolled-over minutes', () => {
  it('carries unused included minutes into later months, draws them after the month’s own, and lets them expire', () => {
    // September: 40 of 100 used -> 60 carried, for 2 more months
    const september = bill(ROLLOVER, '2026-09', 40);
    expect(september.carriedOut?.accounts).toEqual({ BC1: { live: { rollover: [{ units: '60', earned: '2026-09-01', periodsLeft: 2 }], prepaid: [] } } });
    // October: 130 used = 100 own + 30 of September's -> nothing billed; 30 left for 1 more month
    const october = bill(ROLLOVER, '2026-10', 130, september.carriedOut);
    expect(amounts(october.invoices[0]).live).toBe('0.00');
    expect(october.invoices[0]?.lines[0]?.steps).toContainEqual({ kind: 'carried', rolledOver: '60', prepaid: '0', drawn: '30', carriedOut: '30' });
    expect(october.carriedOut?.accounts.BC1?.live?.rollover).toEqual([{ units: '30', earned: '2026-09-01', periodsLeft: 1 }]);
    // November: 150 used = 100 own + the last 30 of September's -> 20 x 1.00 = 20.00; nothing left
    const november = bill(ROLLOVER, '2026-11', 150, october.carriedOut);
    expect(amounts(november.invoices[0]).live).toBe('20.00');
    expect(november.carriedOut).toBeUndefined();
    // Had November used only its own 100, September's 30 would expire with it
    expect(bill(ROLLOVER, '2026-11', 100, october.carriedOut).carriedOut).toBeUndefined();
  });

  it('keeps at most the cap, dropping the oldest units first', () => {
    // September unused 100, October unused 100: 200 over the cap of 150 -> September's 50 and October's 100
    const september = bill(ROLLOVER, '2026-09', 0);
    const october = bill(ROLLOVER, '2026-10', 0, september.carriedOut);
    expect(october.carriedOut?.accounts.BC1?.live?.rollover).toEqual([
      { units: '50', earned: '2026-09-01', periodsLeft: 1 },
      { units: '100', earned: '2026-10-01', periodsLeft: 2 },
    ]);
  });

  it('refuses a carried state that does not come from an earlier period', () => {
    const october = bill(ROLLOVER, '2026-10', 0);
    expect(() => bill(ROLLOVER, '2026-10', 0, october.carriedOut)).toThrow(/does not end before 2026-10-01/);
  });
});

describe('prepaid blocks', () => {
  const PREPAID = `
plans:
  - id: p
    lines: [{ id: live, label: Live minutes, statistic: LiveMinutes, price: '1.00' }]
assignments: [{ plan: p, from: '2020-01-01' }]
prepaid:
  - { id: block-1, account: BC1, line: live, units: 1000, from: '2026-09-15' }`;

  it('draws a block of minutes down across months until it is used up', () => {
    // September: 300 from the block -> 0.00, 700 left; October: 800 used = 700 + 100 billed -> 100.00
    const september = bill(PREPAID, '2026-09', 300);
    expect(amounts(september.invoices[0]).live).toBe('0.00');
    expect(september.carriedOut?.accounts.BC1?.live?.prepaid).toEqual([{ id: 'block-1', units: '700' }]);
    const october = bill(PREPAID, '2026-10', 800, september.carriedOut);
    expect(amounts(october.invoices[0]).live).toBe('100.00');
    expect(october.carriedOut).toBeUndefined();
    // a block bought in a later period is not drawn before it
    expect(amounts(bill(PREPAID, '2026-08', 300).invoices[0]).live).toBe('300.00');
  });
});

describe('recurrence and billing timing', () => {
  const fees = (line: string, from = '2020-01-01') => `
plans:
  - id: p
    lines:
      - ${line}
      - { id: live, label: Live minutes, statistic: LiveMinutes, price: '1.00' }
assignments: [{ plan: p, from: '${from}' }]`;

  it('charges a quarterly fee in advance in the month before its quarter, and in arrears in its last month', () => {
    const advance = fees(`{ id: q, label: Quarterly service, fee: '300.00', recurrence: quarterly, billed: advance }`);
    expect(amounts(bill(advance, '2026-12', 5).invoices[0])).toEqual({ q: '300.00', live: '5.00' });
    // after the usage lines, with the days it covers
    expect(bill(advance, '2026-12', 5).invoices[0]?.lines.map((line) => line.label)).toEqual(['Live minutes', 'Quarterly service (2027-01-01 to 2027-01-31)']);
    expect(amounts(bill(advance, '2026-11', 5).invoices[0])).toEqual({ live: '5.00' });
    const arrears = fees(`{ id: q, label: Quarterly service, fee: '300.00', recurrence: quarterly }`);
    expect(amounts(bill(arrears, '2026-12', 5).invoices[0])).toEqual({ q: '300.00', live: '5.00' });
    expect(amounts(bill(arrears, '2027-01', 5).invoices[0])).toEqual({ live: '5.00' });
  });

  it('charges an annual fee in the year its anchor month starts', () => {
    const annual = fees(`{ id: y, label: Annual licence, fee: '1200.00', recurrence: annual, anchorMonth: 7, billed: advance }`);
    expect(amounts(bill(annual, '2026-06', 0).invoices[0]).y).toBe('1200.00');
    expect(amounts(bill(annual, '2026-07', 0).invoices[0]).y).toBeUndefined();
  });

  it('bills next month’s fee in advance with this month’s usage, prorated to the days the plan is in force then', () => {
    // October's run: 12 minutes of October, and November's fee for 11-30 November: 95.00 x 20/30 = 63.333.. -> 63.33
    const advance = fees(`{ id: base, label: Monthly service, fee: '95.00', prorate: true, billed: advance }`, '2026-11-11');
    const october = bill(advance, '2026-10', 12);
    expect(amounts(october.invoices[0])).toEqual({ base: '63.33' });
    expect(october.invoices[0]?.lines[0]?.label).toBe('Monthly service (2026-11-11 to 2026-11-30)');
    expect(october.invoices[0]?.lines[0]?.service).toEqual({ from: '2026-11-11', until: '2026-11-30', plan: 'p' });
    // November's run: its usage from the 11th (7 minutes, in arrears) and December's fee in full
    const november = rate({
      setup: parseSetupFile(advance, 'carried.yaml'),
      clients: [CLIENT],
      statistics: minutes(12),
      period: month('2026-11'),
      statisticsByRange: new Map([['2026-11-11..2026-11-30', minutes(7)]]),
    });
    expect(amounts(november.invoices[0])).toEqual({ live: '7.00', base: '95.00' });
  });

  it('refuses an anchor month on a monthly fee', () => {
    expect(() => parseSetupFile(fees(`{ id: base, fee: '95.00', anchorMonth: 3 }`), 'f.yaml')).toThrow(/anchorMonth is for quarterly and annual fees/);
  });
});

describe('prepaid blocks in the setup file', () => {
  it('refuses a block on a line no plan has, saying where', () => {
    const yaml = `
plans: [{ id: p, lines: [{ id: live, statistic: LiveMinutes, price: '1.00' }] }]
assignments: [{ plan: p, from: '2020-01-01' }]
prepaid:
  - { id: block-1, account: BC1, line: lives, units: 1000, from: '2026-09-15' }`;
    expect(() => parseSetupFile(yaml, 'p.yaml')).toThrowError(
      expect.objectContaining({
        message: 'prepaid block block-1 draws on line lives, which no plan has as a usage line',
        location: expect.objectContaining({ file: 'p.yaml', line: 5, field: 'prepaid.0.line' }),
      }),
    );
  });
});
