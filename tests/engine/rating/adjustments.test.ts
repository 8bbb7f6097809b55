/**
 * Adjustments: one-off charges and money credits on an account for a period. Charges are lines
 * before invoice percentages; credits come last and never make an invoice negative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceOf } from '../../../engine/rating/invoice.ts';
import { exact } from '../../../engine/rating/money.ts';
import type { Adjustment } from '../../../engine/rating/model.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues } from '../../../engine/rating/statistics.ts';
import { accountOf, amounts, OCTOBER, PLAN, planLine, setupWith } from './support-invoice.ts';

function adjustment(id: string, amount: string, period = '2026-10', account = 'A1'): Adjustment {
  return { id, account, period, amount: exact(amount), reason: `reason ${id}` };
}

// The plan lines come to 80.00: a 50.00 fee and 30.00 of calls.
const PLAN_LINES = [planLine('base', 'fee', '50.00'), planLine('calls', 'usage', '30.00')];

describe('adjustments on an invoice', () => {
  it('adds a charge and takes off a credit: 80.00 + 15.00 - 25.00 = 70.00, each line with its reason', () => {
    const setup = setupWith({ adjustments: [adjustment('outage', '-25.00'), adjustment('setup', '15.00')] });
    const invoice = invoiceOf(accountOf('A1'), PLAN, PLAN_LINES, setup, OCTOBER);
    // Charges first (before any percentage), credits last.
    expect(amounts(invoice.lines)).toEqual([
      ['base', '50.00'],
      ['calls', '30.00'],
      ['setup', '15.00'],
      ['outage', '-25.00'],
    ]);
    expect(invoice.lines.find((line) => line.lineId === 'outage')).toMatchObject({ kind: 'adjustment', label: 'reason outage' });
    expect(invoice.total).toBe('70.00');
    expect(invoice.carriedCredit).toBeUndefined();
    expect(invoice.unappliedCredit).toBeUndefined();
  });

  it('applies only the adjustments of the account and of the period (by month, or by a day inside it)', () => {
    const setup = setupWith({
      adjustments: [adjustment('november', '-5.00', '2026-11'), adjustment('other', '-5.00', '2026-10', 'A2'), adjustment('mid-month', '2.50', '2026-10-15')],
    });
    const invoice = invoiceOf(accountOf('A1'), PLAN, PLAN_LINES, setup, OCTOBER);
    expect(amounts(invoice.lines).slice(2)).toEqual([['mid-month', '2.50']]);
    expect(invoice.total).toBe('82.50');
  });

  it('limits a credit larger than the invoice to it: 80.00 - 100.00 gives 0.00, 20.00 not applied', () => {
    const invoice = invoiceOf(accountOf('A1'), PLAN, PLAN_LINES, setupWith({ adjustments: [adjustment('goodwill', '-100.00')] }), OCTOBER);
    expect(amounts(invoice.lines).at(-1)).toEqual(['goodwill', '-80.00']);
    expect(invoice.lines.at(-1)?.steps).toContainEqual({ kind: 'creditLimit', available: '80', before: '-100', after: '-80' });
    expect(invoice.total).toBe('0.00');
    expect(invoice.unappliedCredit).toBe('20.00');
    expect(invoice.carriedCredit).toBeUndefined();
  });

  it('reports the rest of a credit as carried when the setup allows carrying forward', () => {
    // Two credits: -60.00 fits (80 -> 20), -50.00 is limited to -20.00; 30.00 carried.
    const setup = setupWith({ adjustments: [adjustment('c1', '-60.00'), adjustment('c2', '-50.00')], credits: { carryForward: true } });
    const invoice = invoiceOf(accountOf('A1'), PLAN, PLAN_LINES, setup, OCTOBER);
    expect(amounts(invoice.lines).slice(2)).toEqual([
      ['c1', '-60.00'],
      ['c2', '-20.00'],
    ]);
    expect(invoice.total).toBe('0.00');
    expect(invoice.carriedCredit).toBe('30.00');
  });

  it('never makes a total negative; the credit not applied is exactly what the total could not absorb', () => {
    const money = fc.integer({ min: 0, max: 100_000 }).map((n) => exact(n).div(100));
    fc.assert(
      fc.property(
        fc.array(money, { minLength: 0, maxLength: 4 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 100_000 })), { maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('per-line' as const, 'total' as const),
        (planAmounts, signed, carryForward, apply) => {
          const lines = planAmounts.map((amount, i) => planLine(`l${i}`, 'usage', amount.toFixed(2)));
          const adjustments = signed.map(([credit, cents], i) =>
            adjustment(
              `a${i}`,
              exact(cents)
                .div(credit ? -100 : 100)
                .toFixed(2),
            ),
          );
          const setup = setupWith({ adjustments, credits: { carryForward }, rounding: { money: { scale: 2, mode: 'half-up' }, apply } });
          const invoice = invoiceOf(accountOf('A1'), PLAN, lines, setup, OCTOBER);
          const before = planAmounts
            .reduce((a, b) => a.plus(b), exact(0))
            .plus(adjustments.filter((a) => a.amount.gt(0)).reduce((a, b) => a.plus(b.amount), exact(0)));
          const credits = adjustments.filter((a) => a.amount.lt(0)).reduce((a, b) => a.minus(b.amount), exact(0));
          expect(exact(invoice.total).gte(0)).toBe(true);
          expect(exact(invoice.total).eq(before.gt(credits) ? before.minus(credits) : 0)).toBe(true);
          const left = exact(invoice.carriedCredit ?? invoice.unappliedCredit ?? 0);
          expect(left.eq(credits.gt(before) ? credits.minus(before) : 0)).toBe(true);
          if (left.gt(0)) expect(carryForward ? invoice.carriedCredit : invoice.unappliedCredit).toBeDefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('adjustments in the setup file', () => {
  const base = `plans:
  - id: p
    lines: [{ id: base, fee: '50.00' }]
assignments:
  - { plan: p, from: '2020-01-01' }
`;

  it('reads charges and money credits with their reasons, numbering unnamed ones per account', () => {
    const setup = parseSetupFile(
      `${base}adjustments:
  - { account: BC1001, period: '2026-10', amount: '-25.00', reason: Outage credit }
  - { account: BC1001, period: '2026-10-15', amount: '40', reason: Extra on-call day }
  - { id: install, account: '1042', period: '2026-11', amount: '99.00', reason: Installation }
credits: { carryForward: true }
`,
      'setup.yaml',
    );
    expect(setup.adjustments?.map((a) => [a.id, a.account, a.period, a.amount.toFixed(), a.reason])).toEqual([
      ['adjustment-1', 'BC1001', '2026-10', '-25', 'Outage credit'],
      ['adjustment-2', 'BC1001', '2026-10-15', '40', 'Extra on-call day'],
      ['install', '1042', '2026-11', '99', 'Installation'],
    ]);
    expect(setup.credits).toEqual({ carryForward: true });
  });

  it('leaves a setup without adjustments as it was', () => {
    const setup = parseSetupFile(base, 'setup.yaml');
    expect('adjustments' in setup || 'credits' in setup || 'percentages' in setup || 'taxExempt' in setup).toBe(false);
  });

  const refused = (adjustments: string, message: string, where: string) =>
    it(`refuses ${adjustments.trim()} (${message})`, () => {
      const attempt = () => parseSetupFile(`${base}adjustments:\n${adjustments}`, 'setup.yaml');
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (error) {
        expect((error as { location: { line: number; field?: string } }).location).toMatchObject({ line: 7, field: where });
      }
    });
  refused("  - { account: A, period: '2026-10', amount: '-1.005', reason: r }\n", 'at most 2 decimal places', 'adjustments.0.amount');
  refused("  - { account: A, period: '2026-10', amount: '0', reason: r }\n", 'must not be 0', 'adjustments.0.amount');
  refused("  - { account: A, period: '2026-13', amount: '5', reason: r }\n", 'a month YYYY-MM', 'adjustments.0.period');
  refused("  - { account: A, period: '2026-10', amount: '5', reason: '' }\n", 'say why', 'adjustments.0.reason');
});

/** Rates client 1001 (billing code BC1) on a 50.00 monthly fee with the given adjustments (YAML list items). */
function rateWith(adjustments: string) {
  const base = "plans:\n  - id: p\n    lines: [{ id: base, fee: '50.00' }]\nassignments:\n  - { plan: p, from: '2020-01-01' }\n";
  const setup = parseSetupFile(adjustments ? `${base}adjustments:\n${adjustments}` : base, 'setup.yaml');
  const clients = [{ cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' }];
  return rate({ setup, clients, statistics: new Map([['X', statisticValues(new Map())]]), period: OCTOBER });
}

describe('adjustments when rating', () => {
  it('credits an account found by its billing code: 50.00 fee - 25.00 outage credit = 25.00', () => {
    const [invoice] = rateWith("  - { account: BC1, period: '2026-10', amount: '-25.00', reason: Outage credit }\n").invoices;
    expect(invoice?.lines.map((line) => [line.lineId, line.label, line.amount])).toEqual([
      ['base', 'base', '50.00'],
      ['adjustment-1', 'Outage credit', '-25.00'],
    ]);
    expect(invoice?.total).toBe('25.00');
  });
});

describe('a negative fee', () => {
  it('is refused with a pointer to adjustments and discounts', () => {
    const text = "plans:\n  - id: p\n    lines: [{ id: base, fee: '-10.00' }]\nassignments:\n  - { plan: p, from: '2020-01-01' }\n";
    expect(() => parseSetupFile(text, 'setup.yaml')).toThrow('must not be negative: give a money credit as an adjustment');
  });
});

describe('an adjustment whose account gets no invoice', () => {
  it('is reported with the rating, not dropped: a mistyped account BC9 next to the billed BC1', () => {
    const result = rateWith(`  - { account: BC1, period: '2026-10', amount: '-5.00', reason: Goodwill }
  - { account: BC9, period: '2026-10', amount: '-25.00', reason: Outage credit }
  - { account: BC9, period: '2026-11', amount: '-25.00', reason: Next month }
`);
    expect(result.invoices.map((invoice) => [invoice.account, invoice.total])).toEqual([['BC1', '45.00']]);
    expect(result.unappliedAdjustments?.map((a) => [a.account, a.period, a.amount.toFixed(2), a.reason])).toEqual([
      ['BC9', '2026-10', '-25.00', 'Outage credit'],
    ]);
  });

  it('leaves the rating result as it was when every adjustment found its invoice', () => {
    expect('unappliedAdjustments' in rateWith('')).toBe(false);
  });
});

describe('a credit carried forward', () => {
  const setupText = `plans:
  - id: p
    lines: [{ id: base, fee: '50.00' }]
assignments:
  - { plan: p, from: '2020-01-01' }
credits: { carryForward: true }
adjustments:
  - { account: BC1, period: '2026-10', amount: '-70.00', reason: Outage credit }
  - { account: BC1, period: '2026-11', amount: '-10.00', reason: Goodwill }
`;
  const clients = [{ cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' }];
  const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };

  it('is kept in the carried state and taken first in the next period: 50.00 - 20.00 carried - 10.00 = 20.00', () => {
    const setup = parseSetupFile(setupText, 'setup.yaml');
    // October: 50.00 - 70.00 is limited to 0.00; 20.00 carried.
    const october = rate({ setup, clients, statistics: new Map(), period: OCTOBER });
    expect(october.invoices[0]).toMatchObject({ total: '0.00', carriedCredit: '20.00' });
    expect(october.carriedOut?.credits).toEqual({ BC1: '20.00' });
    const november = rate({ setup, clients, statistics: new Map(), period: NOVEMBER, ...(october.carriedOut ? { carriedIn: october.carriedOut } : {}) });
    const [invoice] = november.invoices;
    expect(invoice?.lines.map((line) => [line.lineId, line.label, line.amount])).toEqual([
      ['base', 'base', '50.00'],
      ['carried-credit', 'Credit carried from 2026-10-01 to 2026-10-31', '-20.00'],
      ['adjustment-2', 'Goodwill', '-10.00'],
    ]);
    expect(invoice?.total).toBe('20.00');
    expect(november.carriedOut?.credits).toBeUndefined();
  });

  it('stays carried while its account gets no invoice', () => {
    const setup = parseSetupFile(setupText.replace("from: '2020-01-01' }", "from: '2020-01-01', until: '2026-10-31' }"), 'setup.yaml');
    const october = rate({ setup, clients, statistics: new Map(), period: OCTOBER });
    const november = rate({ setup, clients, statistics: new Map(), period: NOVEMBER, ...(october.carriedOut ? { carriedIn: october.carriedOut } : {}) });
    expect(november.invoices).toEqual([]);
    expect(november.carriedOut?.credits).toEqual({ BC1: '20.00' });
  });
});
