/**
 * Pricing in whole units gives exactly what decimal.js gives (priceSplit, then roundWith): the same
 * steps and the same line text, for unit prices and graduated tiers, any rounding mode and scale,
 * and it declines (undefined) rather than risk a digit where the numbers are too long.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundWith } from '../../../engine/rating/line-rounding.ts';
import { exact, type Exact, type Rounding } from '../../../engine/rating/money.ts';
import type { Pricing } from '../../../engine/rating/model.ts';
import { pricedInUnits } from '../../../engine/rating/priced-in-units.ts';
import { priceSplit, splitForPricing } from '../../../engine/rating/pricing.ts';

const decimal = (maxUnits: number, maxScale: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxUnits }), fc.integer({ min: 0, max: maxScale })).map(([units, scale]) => exact(units).div(10 ** scale));
const price = fc.oneof(
  { weight: 6, arbitrary: decimal(99_999, 4) },
  { weight: 1, arbitrary: fc.constantFrom(exact('-0.5'), exact('1234567.891234'), exact('0.3333333333333333333')) },
);
const quantity = fc.oneof({ weight: 6, arbitrary: decimal(5_000_000, 3) }, { weight: 1, arbitrary: fc.constantFrom(exact('123456789012.5'), exact(0)) });
const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  price.map((p) => ({ kind: 'unit' as const, price: p })),
  fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { minLength: 0, maxLength: 3 }), fc.array(price, { minLength: 4, maxLength: 4 }))
    .map(([bounds, prices]) => {
      const upTos = [...bounds].sort((a, b) => a - b).map((bound) => exact(bound) as Exact | null);
      return { kind: 'graduated' as const, tiers: [...upTos, null].map((upTo, i) => ({ upTo, price: prices[i] as Exact })) };
    }),
);
const rounding: fc.Arbitrary<Rounding> = fc.record({
  scale: fc.integer({ min: 0, max: 4 }),
  mode: fc.constantFrom('half-up', 'half-even', 'up', 'down') as fc.Arbitrary<Rounding['mode']>,
});

describe('pricedInUnits', () => {
  it('gives the steps and text decimal.js gives, or declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(quantity, decimal(500, 1), pricing, rounding, fc.boolean(), (whole, covered, pricing, rounding, tiersOnTotal) => {
        const billable = whole.gt(covered) ? whole.minus(covered) : exact(0);
        const split = splitForPricing(covered.lt(whole) ? covered : whole, whole, billable, pricing, tiersOnTotal);
        const inUnits = pricedInUnits(split, pricing, rounding);
        if (!inUnits) return;
        taken++;
        const priced = priceSplit(split, pricing);
        const rounded = roundWith(priced.amount, rounding);
        expect(inUnits.steps).toEqual([...priced.steps, ...rounded.steps]);
        expect(inUnits.text).toBe(rounded.text);
        // Unexplained: the same amount, no steps.
        expect(pricedInUnits(split, pricing, rounding, false)).toEqual({ steps: [], text: rounded.text });
      }),
      { numRuns: 4000 },
    );
    // Most cases are short enough to be priced in units.
    expect(taken).toBeGreaterThan(3000);
  });

  it('rounds halves as each mode says, either sign', () => {
    const split = splitForPricing(exact(0), exact(1), exact(1), { kind: 'unit', price: exact('0.125') }, false);
    const at = (price: string, mode: Rounding['mode']) => pricedInUnits(split, { kind: 'unit', price: exact(price) }, { scale: 2, mode })?.text;
    expect([at('0.125', 'half-up'), at('0.125', 'half-even'), at('0.135', 'half-even'), at('0.121', 'up'), at('0.129', 'down')]).toEqual([
      '0.13',
      '0.12',
      '0.14',
      '0.13',
      '0.12',
    ]);
    expect([at('-0.125', 'half-up'), at('-0.125', 'half-even'), at('-0.121', 'up'), at('-0.129', 'down')]).toEqual(['-0.13', '-0.12', '-0.13', '-0.12']);
  });
});
