/**
 * Exact money and quantities (decimal.js, never `number`) and the one place where rounding
 * happens. Every rounding is a named policy: a scale (decimal places, or an increment) and a mode.
 */
import { Decimal } from 'decimal.js';

/** Enough precision that no intermediate result is ever rounded implicitly. */
export const Exact = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Exact = InstanceType<typeof Exact>;

export type RoundingMode = 'half-up' | 'half-even' | 'up' | 'down';

/** A named rounding: to `scale` decimal places with `mode` (half-up: 0.5 away from zero; up/down: away from/toward zero). */
export interface Rounding {
  readonly scale: number;
  readonly mode: RoundingMode;
}

const decimalMode: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
};

export function exact(value: Exact | string | number | bigint): Exact {
  return new Exact(typeof value === 'bigint' ? value.toString() : value);
}

/**
 * The exact sum of integers and decimal texts, as text (null and undefined count as nothing).
 * Whole numbers add up as JavaScript numbers while the sum stays a safe integer (a drilldown adds
 * thousands of seconds per request); from the first value that is not, as decimals.
 *
 * @example sumText([120, 30, null, '0.5']) // '150.5'
 */
export function sumText(values: Iterable<unknown>): string {
  let whole = 0;
  let decimal: Exact | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (decimal === undefined && typeof value === 'number' && Number.isSafeInteger(value) && Number.isSafeInteger(whole + value)) whole += value;
    else decimal = (decimal ?? exact(whole)).plus(exact(typeof value === 'number' || typeof value === 'bigint' ? value : String(value)));
  }
  return decimal === undefined ? String(whole) : decimal.toFixed();
}

/**
 * @example round(exact('2.345'), { scale: 2, mode: 'half-even' }).toFixed() // '2.34'
 */
export function round(value: Exact, rounding: Rounding): Exact {
  return value.toDecimalPlaces(rounding.scale, decimalMode[rounding.mode]);
}

/**
 * Rounds to a multiple of `increment` (e.g. 30 seconds, 0.25 hours) with the mode.
 *
 * @example roundToIncrement(exact(61), exact(30), 'up').toFixed() // '90'
 */
export function roundToIncrement(value: Exact, increment: Exact, mode: RoundingMode): Exact {
  if (increment.lte(0)) return value;
  return value.div(increment).toDecimalPlaces(0, decimalMode[mode]).mul(increment);
}

const ZERO = new Exact(0);

/** Sum of exact values (zero for none; every value added to zero, so rounded to the working precision as any result). */
export function sum(values: Iterable<Exact>): Exact {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** A money amount as text with exactly the currency's minor-unit scale (or more, when unrounded). */
export function formatAmount(value: Exact, scale: number): string {
  return value.decimalPlaces() <= scale ? value.toFixed(scale) : value.toFixed();
}
