import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pricing, Tier } from '../../../engine/rating/model.ts';
import { exact, type Exact } from '../../../engine/rating/money.ts';
import { price, priceAbove, priceSplit, splitForPricing } from '../../../engine/rating/pricing.ts';

const amount = (max: number, scale: number) => fc.integer({ min: 0, max }).map((n) => exact(n).div(10 ** scale));

const tiers: fc.Arbitrary<Tier[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 0, maxLength: 3 })
  .chain((bounds) =>
    fc.tuple(
      ...[...bounds.sort((a, b) => a - b), null].map((upTo) => amount(5000, 4).map((p): Tier => ({ upTo: upTo === null ? null : exact(upTo), price: p }))),
    ),
  );

const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  amount(5000, 4).map((p): Pricing => ({ kind: 'unit', price: p })),
  tiers.map((t): Pricing => ({ kind: 'graduated', tiers: t })),
  tiers.map((t): Pricing => ({ kind: 'volume', tiers: t })),
  fc.tuple(fc.integer({ min: 1, max: 100 }), amount(5000, 2)).map(([size, p]): Pricing => ({ kind: 'package', size: exact(size), price: p })),
);

/** The same pricing with other prices: what a what-if's rate edit makes. */
function repriced(p: Pricing, factor: Exact): Pricing {
  switch (p.kind) {
    case 'unit':
    case 'package':
      return { ...p, price: p.price.mul(factor) };
    case 'graduated':
    case 'volume':
      return { ...p, tiers: p.tiers.map((t) => ({ ...t, price: t.price.mul(factor) })) };
  }
}

describe('a pricing split ahead, priced again', () => {
  it('gives what price and priceAbove give, whatever the prices it is priced with', () => {
    fc.assert(
      fc.property(amount(3_000_000, 2), amount(500, 0), pricing, fc.boolean(), amount(300, 2), (quantity, included, p, onTotal, factor) => {
        const covered = included.lt(quantity) ? included : quantity;
        const billable = quantity.gt(included) ? quantity.minus(included) : exact(0);
        const split = splitForPricing(covered, quantity, billable, p, onTotal);
        for (const pricing of [p, repriced(p, factor)]) {
          const expected = onTotal ? priceAbove(covered, quantity, pricing) : price(billable, pricing);
          const got = priceSplit(split, pricing);
          expect(got.steps).toEqual(expected.steps);
          expect(got.amount.toFixed()).toBe(expected.amount.toFixed());
          expect(got.unitPrice?.toFixed()).toBe(expected.unitPrice?.toFixed());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('splits graduated tiers once: bands, their units and where they start', () => {
    const split = splitForPricing(
      exact(250),
      exact(1450),
      exact(1200),
      {
        kind: 'graduated',
        tiers: [
          { upTo: exact(1000), price: exact('1.15') },
          { upTo: null, price: exact('0.99') },
        ],
      },
      false,
    );
    expect(split).toMatchObject({
      kind: 'graduated',
      bands: [
        { tier: 0, from: '0', to: '1000', unitsText: '1000' },
        { tier: 1, from: '1000', to: null, unitsText: '200' },
      ],
    });
  });
});
