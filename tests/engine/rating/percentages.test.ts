/**
 * Invoice-level percentages: discounts, then surcharges, then taxes, each its own line taken of
 * the lines it names, with its own rounding; taxes skip exempt accounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceOf } from '../../../engine/rating/invoice.ts';
import { exact } from '../../../engine/rating/money.ts';
import type { InvoicePercentage, PercentageBase } from '../../../engine/rating/model.ts';
import type { Rounding } from '../../../engine/rating/money.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { accountOf, amounts, OCTOBER, PLAN, planLine, setupWith } from './support-invoice.ts';

function percentage(
  id: string,
  kind: InvoicePercentage['kind'],
  percent: string,
  on: PercentageBase = { kind: 'subtotal' },
  rounding?: Rounding,
): InvoicePercentage {
  return { id, label: id, kind, percent: exact(percent), on, scope: { kind: 'global' }, ...(rounding ? { rounding } : {}) };
}

// A 100.00 monthly fee and 200.00 of usage: 300.00.
const LINES = [planLine('base', 'fee', '100.00'), planLine('calls', 'usage', '200.00')];
const HALF_EVEN: Rounding = { scale: 2, mode: 'half-even' };
// Listed out of order on purpose: the kinds apply in their fixed order whatever the listing.
const CONTRACT = [
  percentage('sales-tax', 'tax', '6.25', { kind: 'subtotal' }, HALF_EVEN),
  percentage('telecom', 'surcharge', '3.5', { kind: 'kinds', kinds: ['usage'] }),
  percentage('nonprofit', 'discount', '10'),
];

describe('invoice percentages', () => {
  it('takes the discount, then the surcharge, then the tax on the discounted, surcharged subtotal', () => {
    // 300.00 - 10 % = -30.00 -> 270.00; 3.5 % of the usage 200.00 = 7.00 -> 277.00;
    // 6.25 % of 277.00 = 17.3125, half-even to the cent 17.31 -> 294.31.
    const invoice = invoiceOf(accountOf('A1'), PLAN, LINES, setupWith({ percentages: CONTRACT }), OCTOBER);
    expect(amounts(invoice.lines)).toEqual([
      ['base', '100.00'],
      ['calls', '200.00'],
      ['nonprofit', '-30.00'],
      ['telecom', '7.00'],
      ['sales-tax', '17.31'],
    ]);
    expect(invoice.total).toBe('294.31');
    const tax = invoice.lines.at(-1);
    expect(tax).toMatchObject({ kind: 'tax', quantity: '277', unitPrice: '0.0625' });
    expect(tax?.steps).toEqual([
      { kind: 'percentage', percent: '6.25', lines: ['base', 'calls', 'nonprofit', 'telecom'], base: '277', amount: '17.3125' },
      { kind: 'round', scale: 2, mode: 'half-even', before: '17.3125', after: '17.31' },
    ]);
  });

  it('rounds each percentage with its own rounding: the same tax rounded up is 17.32', () => {
    const up = CONTRACT.map((p) => (p.kind === 'tax' ? { ...p, rounding: { scale: 2, mode: 'up' as const } } : p));
    expect(invoiceOf(accountOf('A1'), PLAN, LINES, setupWith({ percentages: up }), OCTOBER).total).toBe('294.32');
  });

  it('takes a percentage of chosen lines only: 6.25 % of the 100.00 fee is 6.25', () => {
    const setup = setupWith({ percentages: [percentage('fee-tax', 'tax', '6.25', { kind: 'lines', lineIds: ['base'] })] });
    const invoice = invoiceOf(accountOf('A1'), PLAN, LINES, setup, OCTOBER);
    expect(amounts(invoice.lines).at(-1)).toEqual(['fee-tax', '6.25']);
    expect(invoice.total).toBe('306.25');
  });

  it('charges no tax to an exempt account (by account, billing code, or all of its clients), but the discount and surcharge', () => {
    const exemptions = [
      { accounts: ['A1'], billingCodes: [], clientNumbers: [] },
      { accounts: [], billingCodes: ['A1'], clientNumbers: [] },
      { accounts: [], billingCodes: [], clientNumbers: ['1001'] },
    ];
    for (const taxExempt of exemptions) {
      const invoice = invoiceOf(accountOf('A1'), PLAN, LINES, setupWith({ percentages: CONTRACT, taxExempt }), OCTOBER);
      expect(invoice.lines.map((line) => line.lineId)).toEqual(['base', 'calls', 'nonprofit', 'telecom']);
      expect(invoice.total).toBe('277.00');
    }
    // One exempt client of two does not exempt the account.
    const shared = accountOf('A1', [
      [1001, 'A1'],
      [1002, 'A1'],
    ]);
    const taxExempt = { accounts: [], billingCodes: [], clientNumbers: ['1001'] };
    expect(invoiceOf(shared, PLAN, LINES, setupWith({ percentages: CONTRACT, taxExempt }), OCTOBER).total).toBe('294.31');
  });

  it('applies a percentage only to accounts in its scope', () => {
    const scoped = [{ ...percentage('nonprofit', 'discount', '10'), scope: { kind: 'billingCode' as const, billingCode: 'NP' } }];
    expect(invoiceOf(accountOf('A1'), PLAN, LINES, setupWith({ percentages: scoped }), OCTOBER).lines).toHaveLength(2);
    expect(invoiceOf(accountOf('NP'), PLAN, LINES, setupWith({ percentages: scoped }), OCTOBER).total).toBe('270.00');
  });

  it('taxes one-off charges, and a money credit after the tax lowers the amount due', () => {
    // 300.00 + 20.00 charge = 320.00; tax 6.25 % = 20.00 -> 340.00; credit -40.00 -> 300.00.
    const setup = setupWith({
      percentages: [percentage('sales-tax', 'tax', '6.25')],
      adjustments: [
        { id: 'credit', account: 'A1', period: '2026-10', amount: exact('-40.00'), reason: 'Outage credit' },
        { id: 'extra', account: 'A1', period: '2026-10', amount: exact('20.00'), reason: 'Extra report' },
      ],
    });
    const invoice = invoiceOf(accountOf('A1'), PLAN, LINES, setup, OCTOBER);
    expect(amounts(invoice.lines).slice(2)).toEqual([
      ['extra', '20.00'],
      ['sales-tax', '20.00'],
      ['credit', '-40.00'],
    ]);
    expect(invoice.total).toBe('300.00');
  });

  it('never discounts below zero: two discounts of 60 % of the usage come to the subtotal at most', () => {
    const twice = [
      percentage('d1', 'discount', '60', { kind: 'kinds', kinds: ['usage'] }),
      percentage('d2', 'discount', '60', { kind: 'kinds', kinds: ['usage'] }),
    ];
    const invoice = invoiceOf(accountOf('A1'), PLAN, [planLine('calls', 'usage', '200.00')], setupWith({ percentages: twice }), OCTOBER);
    // -120.00, then -120.00 limited to the 80.00 left.
    expect(amounts(invoice.lines).slice(1)).toEqual([
      ['d1', '-120.00'],
      ['d2', '-80.00'],
    ]);
    expect(invoice.total).toBe('0.00');
  });

  it('a 0 % percentage changes nothing but its own 0.00 line; no invoice is negative', () => {
    const money = fc.integer({ min: 0, max: 1_000_000 }).map((n) => exact(n).div(100).toFixed(2));
    const kind = fc.constantFrom('discount' as const, 'surcharge' as const, 'tax' as const);
    const base: fc.Arbitrary<PercentageBase> = fc.oneof(
      fc.constant({ kind: 'subtotal' as const }),
      fc.constant({ kind: 'kinds' as const, kinds: ['usage' as const, 'discount' as const] }),
      fc.constant({ kind: 'lines' as const, lineIds: ['l0'] }),
    );
    const rule = fc.tuple(kind, fc.integer({ min: 0, max: 10_000 }), base).map(([k, bp, on]) => ({ k, percent: exact(bp).div(100).toFixed(), on }));
    fc.assert(
      fc.property(
        fc.array(money, { maxLength: 4 }),
        fc.array(rule, { maxLength: 4 }),
        kind,
        fc.constantFrom('per-line' as const, 'total' as const),
        (lineAmounts, rules, zeroKind, apply) => {
          const lines = lineAmounts.map((amount, i) => planLine(`l${i}`, i % 2 ? 'fee' : 'usage', amount));
          const percentages = rules.map((r, i) => percentage(`p${i}`, r.k, r.percent, r.on));
          const rounding = { money: { scale: 2, mode: 'half-up' as const }, apply };
          const without = invoiceOf(accountOf('A1'), PLAN, lines, setupWith({ percentages, rounding }), OCTOBER);
          const zero = percentage('zero', zeroKind, '0');
          const withZero = invoiceOf(accountOf('A1'), PLAN, lines, setupWith({ percentages: [...percentages, zero], rounding }), OCTOBER);
          expect(withZero.total).toBe(without.total);
          // The same lines and amounts (a later percentage on the subtotal lists the zero line among its base lines).
          const shown = (lines: typeof without.lines) =>
            lines.filter((line) => line.lineId !== 'zero').map((line) => [line.lineId, line.quantity, line.amount]);
          expect(shown(withZero.lines)).toEqual(shown(without.lines));
          expect(exact(withZero.lines.find((line) => line.lineId === 'zero')?.amount ?? 'NaN').isZero()).toBe(true);
          expect(exact(without.total).gte(0)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('percentages in the setup file', () => {
  const base = `plans:
  - id: p
    lines: [{ id: base, fee: '50.00' }, { id: calls, statistic: Calls, price: '1.00' }]
assignments:
  - { plan: p, from: '2020-01-01' }
`;

  it('reads discounts, surcharges and taxes with their base, scope and rounding, and the tax exemptions', () => {
    const setup = parseSetupFile(
      `${base}percentages:
  - { id: nonprofit, kind: discount, label: Non-profit discount, percent: '10', scope: { billingCode: NP1 } }
  - { id: telecom, kind: surcharge, label: Telecom surcharge, percent: '3.5', on: { kinds: [usage] } }
  - { id: sales-tax, kind: tax, label: Sales tax, percent: '6.25', on: { lines: [base, telecom] }, rounding: { scale: 2, mode: half-even } }
taxExempt: { billingCodes: [GOV1], clients: [1042] }
`,
      'setup.yaml',
    );
    expect(setup.percentages).toEqual([
      {
        id: 'nonprofit',
        label: 'Non-profit discount',
        kind: 'discount',
        percent: exact(10),
        on: { kind: 'subtotal' },
        scope: { kind: 'billingCode', billingCode: 'NP1' },
      },
      {
        id: 'telecom',
        label: 'Telecom surcharge',
        kind: 'surcharge',
        percent: exact('3.5'),
        on: { kind: 'kinds', kinds: ['usage'] },
        scope: { kind: 'global' },
      },
      {
        id: 'sales-tax',
        label: 'Sales tax',
        kind: 'tax',
        percent: exact('6.25'),
        on: { kind: 'lines', lineIds: ['base', 'telecom'] },
        scope: { kind: 'global' },
        rounding: { scale: 2, mode: 'half-even' },
      },
    ]);
    expect(setup.taxExempt).toEqual({ accounts: [], billingCodes: ['GOV1'], clientNumbers: ['1042'] });
  });

  const refused = (percentages: string, message: string, field: string) =>
    it(`refuses ${percentages.trim()} (${message})`, () => {
      const attempt = () => parseSetupFile(`${base}percentages:\n${percentages}`, 'setup.yaml');
      expect(attempt).toThrow(message);
      expect(() => attempt()).toThrow(expect.objectContaining({ location: expect.objectContaining({ line: 7, field }) }));
    });
  refused("  - { id: d, kind: discount, percent: '110' }\n", 'a discount is at most 100', 'percentages.0.percent');
  refused(
    "  - { id: t, kind: tax, percent: '5', on: { lines: [bsae] } }\n",
    'no plan line, adjustment or earlier percentage has the id bsae',
    'percentages.0.on.lines.0',
  );
  refused("  - { id: base, kind: tax, percent: '5' }\n", 'the line id base is already used', 'percentages.0.id');
  refused("  - { id: t, kind: vat, percent: '5' }\n", 'kind: discount, surcharge or tax', 'percentages.0.kind');
  refused("  - { id: t, kind: tax, percent: '5', on: { kinds: [fees] } }\n", 'a line kind: usage, fee, minimum', 'percentages.0.on.kinds.0');
  refused(
    "  - { id: t, kind: tax, percent: '5', on: total }\n",
    'on: subtotal (the default), { lines: [line ids] } or { kinds: [usage, fee,',
    'percentages.0.on',
  );
  refused("  - { id: t, kind: tax, percent: '5', on: { lines: [base], kinds: [fee] } }\n", 'on: subtotal (the default)', 'percentages.0.on');
});
