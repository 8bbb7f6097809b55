import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLine } from '../../../engine/rating/line-rounding.ts';
import { withPlaces } from '../../../engine/diff/decimal-text.ts';
import { exact, formatAmount, sum, sumText } from '../../../engine/rating/money.ts';
import type { RoundingPolicy } from '../../../engine/rating/model.ts';

/** Exact values as rating makes them: integers and decimals of up to 30 digits, either sign, zero and minus zero. */
const values = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 })).map(([units, scale]) => exact(units).div(10 ** scale)),
  fc.constantFrom(exact(0), exact('-0'), exact('1e-40'), exact('0.5'), exact('-0.005')),
);

describe('withPlaces', () => {
  it('writes a toFixed() text as formatAmount writes the value, at any scale', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 6 }), (value, scale) => {
        expect(withPlaces(value.toFixed(), scale)).toBe(formatAmount(value, scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('pads to the scale and keeps longer text', () => {
    expect(withPlaces('889.9', 2)).toBe('889.90');
    expect(withPlaces('12', 2)).toBe('12.00');
    expect(withPlaces('0.125', 2)).toBe('0.125');
    expect(withPlaces('7', 0)).toBe('7');
  });
});

describe('roundLine', () => {
  const perLine: RoundingPolicy = { money: { scale: 2, mode: 'half-up' }, apply: 'per-line' };
  const total: RoundingPolicy = { money: { scale: 2, mode: 'half-up' }, apply: 'total' };

  it("gives the line's text as formatAmount writes its value, rounded or not", () => {
    fc.assert(
      fc.property(values, fc.constantFrom(perLine, total), (value, policy) => {
        const rounded = roundLine(value, policy);
        expect(rounded.text).toBe(formatAmount(rounded.value, policy.money.scale));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sum', () => {
  it('adds every value to zero, and is zero for none', () => {
    expect(sum([]).toFixed()).toBe('0');
    expect(sum([exact('1.25'), exact('-0.25'), exact('3')]).toFixed()).toBe('4');
  });
});

describe('sumText', () => {
  it('adds whole numbers, decimal texts and big integers exactly, skipping null and undefined', () => {
    expect(sumText([])).toBe('0');
    expect(sumText([120, 30, null, undefined, 0])).toBe('150');
    expect(sumText([120, '0.5', 30])).toBe('150.5');
    expect(sumText(['0.1', '0.2'])).toBe('0.3');
    expect(sumText([-5, 3])).toBe('-2');
    expect(sumText([2n ** 70n, 1])).toBe((2n ** 70n + 1n).toString());
  });

  it('gives what adding them all as decimals gives, for any mix', () => {
    const addend = fc.oneof(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.maxSafeInteger(),
      fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) =>
        exact(units)
          .div(10 ** scale)
          .toFixed(),
      ),
      fc.constantFrom(null, undefined),
    );
    fc.assert(
      fc.property(fc.array(addend, { maxLength: 40 }), (values) => {
        const asDecimals = sum(values.flatMap((value) => (value === null || value === undefined ? [] : [exact(value)])));
        expect(sumText(values)).toBe(asDecimals.toFixed());
      }),
    );
  });

  it('goes on in decimals when the running sum would pass the largest safe integer', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(sumText([big, 2, 3])).toBe((BigInt(big) + 5n).toString());
    expect(sumText([big, big])).toBe((2n * BigInt(big)).toString());
  });
});
