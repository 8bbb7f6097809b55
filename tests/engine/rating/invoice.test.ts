/**
 * `invoiceOf` works the usual invoice out in cents (whole units of the money scale) and leaves
 * every other case to decimal.js: either way the invoice is exactly the one decimal.js makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactInvoiceOf, invoiceOf } from '../../../engine/rating/invoice.ts';
import { exact } from '../../../engine/rating/money.ts';
import type { RatePlan } from '../../../engine/rating/model.ts';
import { accountOf, OCTOBER, PLAN, planLine, setupWith } from './support-invoice.ts';

/** Line amounts as rating writes them at scale 2, and now and then not at it (a total-rounding setup, a long amount). */
const amountText = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -50_000, max: 900_000 }).map((cents) => exact(cents).div(100).toFixed(2)) },
  { weight: 1, arbitrary: fc.constantFrom('0.125', '-0.00', '12', '99999999999999.99', '123456789012345678.25', '0.3333333333333333333333') },
);
const minimum = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 500_000 }).map((cents) => exact(cents).div(100)),
    fc.constant(exact('150.005')),
  ),
  { nil: undefined },
);

describe('invoiceOf', () => {
  it('gives the invoice decimal.js gives, for any lines and plan minimum', () => {
    fc.assert(
      fc.property(
        fc.array(amountText, { maxLength: 6 }),
        minimum,
        fc.constantFrom('per-line', 'total') as fc.Arbitrary<'per-line' | 'total'>,
        (texts, floor, apply) => {
          const plan: RatePlan = floor === undefined ? PLAN : { ...PLAN, minimum: { amount: floor, label: 'Monthly minimum' } };
          const rated = texts.map((text, i) => planLine(`line-${i}`, 'usage', text));
          const setup = setupWith({ rounding: { money: { scale: 2, mode: 'half-even' }, apply } });
          expect(invoiceOf(accountOf('A'), plan, rated, setup, OCTOBER)).toEqual(exactInvoiceOf(accountOf('A'), plan, rated, setup, OCTOBER));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('trues an invoice up to its minimum in cents, with the steps decimal.js writes', () => {
    const plan: RatePlan = { ...PLAN, minimum: { amount: exact('150.00'), label: 'Monthly minimum' } };
    const setup = setupWith();
    const invoice = invoiceOf(accountOf('A'), plan, [planLine('base', 'fee', '95.00'), planLine('calls', 'usage', '12.35')], setup, OCTOBER);
    expect(invoice.total).toBe('150.00');
    expect(invoice.lines.at(-1)).toEqual({
      lineId: 'minimum',
      label: 'Monthly minimum',
      kind: 'minimum',
      quantity: '1',
      amount: '42.65',
      steps: [
        { kind: 'fee', amount: '42.65' },
        { kind: 'round', scale: 2, mode: 'half-up', before: '42.65', after: '42.65' },
      ],
    });
  });
});
