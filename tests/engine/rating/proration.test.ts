/**
 * Proration per line, chosen explicitly (docs/rating.md, "Proration"): fees, included units, line
 * limits and the plan minimum prorated by the days the plan is in force, over the period's days or
 * each calendar month's; lines that do not count toward the plan minimum. Amounts worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillingSetup, ClientInfo, Invoice } from '../../../engine/rating/model.ts';
import { exact, sum } from '../../../engine/rating/money.ts';
import { rangeKey, type BillingPeriod } from '../../../engine/rating/period.ts';
import { prorate } from '../../../engine/rating/proration.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';

const OCTOBER: BillingPeriod = { start: '2026-10-01', end: '2026-10-31' };
const CLIENT: ClientInfo = { cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' };

function stats(values: Readonly<Record<string, string>>): Statistics {
  return new Map(Object.entries(values).map(([statistic, value]) => [statistic, statisticValues(new Map([[1, value]]))]));
}

/** Rates the one client; `byRange` gives the statistics of ranges inside the period. */
function bill(setup: BillingSetup, period: BillingPeriod, whole: Statistics, byRange: Record<string, Statistics> = {}): Invoice {
  const result = rate({ setup, clients: [CLIENT], statistics: whole, period, statisticsByRange: new Map(Object.entries(byRange)) });
  expect(result.invoices).toHaveLength(1);
  return result.invoices[0] as Invoice;
}

const amounts = (invoice: Invoice) => Object.fromEntries(invoice.lines.map((line) => [line.lineId, line.amount]));

const startingOnTheThird = (minimum: string, setupFee: string) => `
plans:
  - id: p
    minimum: ${minimum}
    lines:
      - { id: setup, label: Setup, fee: '50.00', recurrence: once${setupFee} }
      - { id: base, label: Monthly service, fee: '95.00', prorate: month }
      - { id: live, label: Live minutes, statistic: S, included: 310, price: '1.00', prorate: true }
assignments:
  - { plan: p, from: '2026-10-03' }`;

describe('proration per line', () => {
  it('prorates the fee, the included units and the minimum of a plan starting on day 3, leaving the setup fee out of the minimum', () => {
    // 29 of 31 days: base 95.00 x 29/31 = 88.8709.. -> 88.87; included 310 x 29/31 = 290, 300 used
    // -> 10 x 1.00 = 10.00; minimum 150.00 x 29/31 = 140.3225..; counted 88.87 + 10.00 = 98.87
    // (not the setup fee) -> true-up 41.4525.. -> 41.45; total 50.00 + 88.87 + 10.00 + 41.45 = 190.32
    const setup = parseSetupFile(startingOnTheThird(`{ amount: '150.00', prorate: true }`, ', countsTowardMinimum: false'), 'p.yaml');
    const invoice = bill(setup, OCTOBER, stats({ S: '320' }), { '2026-10-03..2026-10-31': stats({ S: '300' }) });
    expect(amounts(invoice)).toEqual({ setup: '50.00', base: '88.87', live: '10.00', minimum: '41.45' });
    expect(invoice.total).toBe('190.32');
    const live = invoice.lines.find((line) => line.lineId === 'live');
    expect(live?.steps).toContainEqual({ kind: 'prorate', days: 29, daysInPeriod: 31, before: '310', after: '290', of: 'included' });
    const minimum = invoice.lines.find((line) => line.lineId === 'minimum');
    expect(minimum?.steps[0]).toMatchObject({ kind: 'prorate', days: 29, daysInPeriod: 31, before: '150', of: 'planMinimum' });
  });

  it('counts the setup fee toward the minimum unless told otherwise, and charges a minimum that does not prorate in full', () => {
    // counted 50.00 + 88.87 + 10.00 = 148.87 >= 140.32: no true-up
    const counted = bill(parseSetupFile(startingOnTheThird(`{ amount: '150.00', prorate: true }`, ''), 'p.yaml'), OCTOBER, stats({}), {
      '2026-10-03..2026-10-31': stats({ S: '300' }),
    });
    expect(amounts(counted)).toEqual({ setup: '50.00', base: '88.87', live: '10.00' });
    // the minimum in full: 150.00 - 98.87 = 51.13; total 50.00 + 98.87 + 51.13 = 200.00
    const full = bill(parseSetupFile(startingOnTheThird(`{ amount: '150.00' }`, ', countsTowardMinimum: false'), 'p.yaml'), OCTOBER, stats({}), {
      '2026-10-03..2026-10-31': stats({ S: '300' }),
    });
    expect(amounts(full).minimum).toBe('51.13');
    expect(full.total).toBe('200.00');
  });

  it('names the basis: the period’s days or each calendar month’s', () => {
    // a period of 16 October to 15 November (31 days), the plan from 1 November (15 days):
    // period: 95.00 x 15/31 = 45.9677.. -> 45.97; month: 95.00 x 15/30 = 47.50
    const period = { start: '2026-10-16', end: '2026-11-15' };
    const yaml = (basis: string) => `
plans: [{ id: p, lines: [{ id: base, fee: '95.00', prorate: ${basis} }] }]
assignments: [{ plan: p, from: '2026-11-01' }]`;
    expect(amounts(bill(parseSetupFile(yaml('period'), 'p.yaml'), period, stats({}))).base).toBe('45.97');
    expect(amounts(bill(parseSetupFile(yaml('month'), 'p.yaml'), period, stats({}))).base).toBe('47.50');
    expect(amounts(bill(parseSetupFile(yaml('false'), 'p.yaml'), period, stats({}))).base).toBe('95.00');
  });

  it('refuses proration on a fee that is not monthly, and a basis it does not know, saying where', () => {
    const once = `
plans: [{ id: p, lines: [{ id: setup, fee: '50.00', recurrence: once, prorate: true }] }]
assignments: [{ plan: p, from: '2026-10-01' }]`;
    expect(() => parseSetupFile(once, 'p.yaml')).toThrowError(
      expect.objectContaining({
        message: expect.stringMatching(/only a monthly fee prorates/),
        location: expect.objectContaining({ file: 'p.yaml', line: 2 }),
      }),
    );
    const weekly = `
plans: [{ id: p, lines: [{ id: base, fee: '50.00', prorate: weekly }] }]
assignments: [{ plan: p, from: '2026-10-01' }]`;
    expect(() => parseSetupFile(weekly, 'p.yaml')).toThrowError(
      expect.objectContaining({ location: expect.objectContaining({ line: 2, field: 'plans.0.lines.0.prorate' }) }),
    );
  });
});

describe('proration invariants', () => {
  const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => exact(n).div(100));

  it('a whole calendar month prorated by month days is the amount itself, with no step', () => {
    fc.assert(
      fc.property(cents(1_000_000), fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }), (amount, year, month) => {
        const start = `${year}-${String(month).padStart(2, '0')}-01`;
        const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
        const result = prorate(amount, 'month', { start, end }, { start, end });
        expect(result.value.eq(amount)).toBe(true);
        expect(result.steps).toEqual([]);
      }),
    );
  });

  it('splitting a period in two and rating each half sums to the whole for prorated lines (exact under total rounding, within a cent a line per-line)', () => {
    // The plan's fee and included units prorate by month days; the halves are rated as periods of their own.
    fc.assert(
      fc.property(
        cents(100_000),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom('per-line', 'total'),
        (fee, day, included, apply) => {
          const yaml = `
rounding: { apply: ${apply} }
plans: [{ id: p, lines: [{ id: base, fee: '${fee.toFixed(2)}', prorate: month }, { id: use, statistic: S, included: ${included}, price: '1.00', prorate: month }] }]
assignments: [{ plan: p, from: '2020-01-01' }]`;
          const setup = parseSetupFile(yaml, 'p.yaml');
          const split = `2026-10-${String(day).padStart(2, '0')}`;
          const after = `2026-10-${String(day + 1).padStart(2, '0')}`;
          const whole = bill(setup, OCTOBER, stats({ S: '0' }));
          const first = bill(setup, { start: '2026-10-01', end: split }, stats({ S: '0' }));
          const second = bill(setup, { start: after, end: '2026-10-31' }, stats({ S: '0' }));
          const feeOf = (invoice: Invoice) => exact(invoice.lines.find((line) => line.lineId === 'base')?.amount ?? '0');
          const halves = feeOf(first).plus(feeOf(second));
          if (apply === 'total') expect(halves.minus(feeOf(whole)).abs().lt('1e-25')).toBe(true);
          else expect(halves.minus(feeOf(whole)).abs().lte('0.01')).toBe(true);
          const includedOf = (invoice: Invoice) =>
            sum(invoice.lines.flatMap((line) => line.steps.flatMap((step) => (step.kind === 'prorate' && step.of === 'included' ? [exact(step.after)] : []))));
          if (included > 0) expect(includedOf(first).plus(includedOf(second)).minus(included).abs().lt('1e-25')).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a plan split in two inside the period (the same prices both sides) costs what it costs whole, for prorated lines', () => {
    fc.assert(
      fc.property(cents(100_000), cents(100_000), fc.integer({ min: 1, max: 30 }), (fee, minimum, day) => {
        const split = `2026-10-${String(day).padStart(2, '0')}`;
        const after = `2026-10-${String(day + 1).padStart(2, '0')}`;
        const plan = (id: string) =>
          `{ id: ${id}, minimum: { amount: '${minimum.toFixed(2)}', prorate: true }, lines: [{ id: base, fee: '${fee.toFixed(2)}', prorate: true }] }`;
        const yaml = (assignments: string) => `
rounding: { apply: total }
plans: [${plan('a')}, ${plan('b')}]
assignments: ${assignments}`;
        const whole = bill(parseSetupFile(yaml(`[{ plan: a, from: '2020-01-01' }]`), 'p.yaml'), OCTOBER, stats({}));
        const halves = bill(
          parseSetupFile(yaml(`[{ plan: a, from: '2020-01-01', until: '${split}' }, { plan: b, from: '${after}' }]`), 'p.yaml'),
          OCTOBER,
          stats({}),
        );
        expect(halves.lines.filter((line) => line.kind === 'fee').map((line) => line.lineId)).toEqual([`base@2026-10-01`, `base@${after}`]);
        expect(halves.total).toBe(whole.total);
      }),
      { numRuns: 100 },
    );
  });
});

// The range keys rating asks for are those of rangeKey.
it('keys a range of days as start..end', () => {
  expect(rangeKey({ start: '2026-10-03', end: '2026-10-31' })).toBe('2026-10-03..2026-10-31');
});
