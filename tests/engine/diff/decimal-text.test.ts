import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeBetween, fixedUnitsText, minorUnitsText, movedTotal, sameAmount, textDifference, withPlaces } from '../../../engine/diff/decimal-text.ts';

/**
 * Plain decimal text of up to 24 digits, as amounts and statistic values are written, or now and then
 * not plain; often of at most 15 digits or near 2^53, where the functions work with doubles.
 */
const amountText = fc.oneof(
  fc
    .tuple(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer({ min: 0, max: 6 }))
    .map(([units, scale]) => new Decimal(units).div(10 ** scale).toFixed(scale)),
  fc.constantFrom('999999999999999', '-999999999999999', '99999999999999.9', '9007199254740993', '0.000000000000001', '12.', '.5'),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }))
    .map(([units, scale]) => new Decimal(units.toString()).div(10 ** scale).toFixed(scale)),
  fc.constantFrom('0', '-0', '-0.00', '1e-7', '2.5E+3', '000120.500', '99999999999999999999.99'),
);

describe('fixedUnitsText', () => {
  it("writes units at exactly the scale's places, as minorUnitsText padded by withPlaces does", () => {
    const units = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, -0, 99, -100, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 999_999_999_999_999),
    );
    fc.assert(
      fc.property(units, fc.integer({ min: 0, max: 18 }), (value, scale) => {
        expect(fixedUnitsText(value, scale)).toBe(withPlaces(minorUnitsText(value, scale), scale));
      }),
      { numRuns: 2000 },
    );
    expect(fixedUnitsText(88990, 2)).toBe('889.90');
    expect(fixedUnitsText(-5, 2)).toBe('-0.05');
    expect(fixedUnitsText(-0, 2)).toBe('0.00');
  });
});

describe('textDifference', () => {
  const check = (after: string, before: string, expected: string) => expect(textDifference(after, before)).toBe(expected);

  it('writes the difference as decimal.js toFixed() does', () => {
    check('152.5', '150.00', '2.5');
    check('150.00', '152.5', '-2.5');
    check('10.10', '10.10', '0');
    check('-0.00', '0', '0');
    check('0.01', '0', '0.01');
    check('0', '0.001', '-0.001');
    check('1e-7', '0', '0.0000001');
    check('999999999999999', '-999999999999999', '1999999999999998');
    // Too long for a double once both are at one scale: BigInt, then decimal.js's precision of 20 digits.
    check('0.00000000000001', '99999999999999', new Decimal('0.00000000000001').minus('99999999999999').toFixed());
  });

  it('rounds as decimal.js does where a difference has more than 20 significant digits', () => {
    check('123456789012345678901.5', '0.25', new Decimal('123456789012345678901.5').minus('0.25').toFixed());
  });

  it('agrees with decimal.js on any two amounts', () => {
    fc.assert(
      fc.property(amountText, amountText, (a, b) => {
        expect(textDifference(a, b)).toBe(new Decimal(a).minus(b).toFixed());
        expect(sameAmount(a, b)).toBe(new Decimal(a).eq(b));
        expect(changeBetween(a, b)).toBe(new Decimal(a).eq(b) ? undefined : new Decimal(a).minus(b).toFixed());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('changeBetween', () => {
  it('gives the difference only of amounts that differ as numbers', () => {
    expect(changeBetween('152.5', '150.00')).toBe('2.5');
    expect(changeBetween('1.50', '1.5')).toBeUndefined();
    expect(changeBetween('-0.00', '0')).toBeUndefined();
  });
});

describe('sameAmount', () => {
  it('counts equal numbers written differently as the same', () => {
    expect(sameAmount('1.50', '1.5')).toBe(true);
    expect(sameAmount('-0.00', '0')).toBe(true);
    expect(sameAmount('1.50', '1.51')).toBe(false);
  });
});

describe('movedTotal', () => {
  it('moves a total by amounts as decimal.js would, also where its precision rounds', () => {
    fc.assert(
      fc.property(amountText, fc.array(fc.tuple(fc.boolean(), amountText), { maxLength: 8 }), (start, moves) => {
        const total = movedTotal(new Decimal(start));
        let expected = new Decimal(start);
        for (const [plus, text] of moves) {
          if (plus) total.plus(text);
          else total.minus(text);
          expected = plus ? expected.plus(text) : expected.minus(text);
        }
        expect(total.text()).toBe(expected.toFixed());
      }),
      { numRuns: 1000 },
    );
  });
});
