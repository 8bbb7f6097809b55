/**
 * Pricing a usage line in whole units of a scale, which doubles hold exactly (the usual line of a
 * what-if re-priced thousands of times): a unit price or graduated tiers, quantities and prices of
 * a few digits, the line rounded one by one. Every product and sum is then an integer below 2^53,
 * so exact, and rounding is integer division. It gives the very steps, texts and amount that
 * `priceSplit` and `roundWith` give with decimal.js (tested against them), or undefined where it
 * cannot be sure, for them to work out.
 */
import { fixedUnitsText, minorUnits, minorUnitsText, placesOf, POWERS_OF_TEN, wholeQuotient, withPlaces } from '../diff/decimal-text.ts';
import type { Rounding } from './money.ts';
import type { Pricing, Step, Tier } from './model.ts';
import { priceText, type PricingSplit } from './pricing.ts';

export interface PricedInUnits {
  /** The pricing steps and the rounding step. */
  readonly steps: readonly Step[];
  /** The rounded amount as the line shows it (at least the scale's places). */
  readonly text: string;
}

/** @example pricedInUnits(split of 737 units, unit price 1.2075, { scale: 2, mode: 'half-up' })?.text // '889.93' */
export function pricedInUnits(split: PricingSplit, pricing: Pricing, rounding: Rounding, explain = true): PricedInUnits | undefined {
  // Without `explain` only the amount is worked out: no step and no text besides the line's.
  const steps: Step[] | undefined = explain ? [] : undefined;
  const sum = { units: 0, scale: 0 };
  if (split.kind === 'unit' && pricing.kind === 'unit') {
    const price = priceText(pricing.price);
    const amount = addProduct(sum, split.unitsText, price, explain);
    if (amount === undefined) return undefined;
    steps?.push({ kind: 'unitPrice', units: split.unitsText, price, amount });
  } else if (split.kind === 'graduated' && pricing.kind === 'graduated') {
    for (const band of split.bands) {
      const price = priceText((pricing.tiers[band.tier] as Tier).price);
      const amount = addProduct(sum, band.unitsText, price, explain);
      if (amount === undefined) return undefined;
      steps?.push({ kind: 'tier', from: band.from, to: band.to, units: band.unitsText, price, amount });
    }
  } else return undefined;
  const rounded = roundUnits(sum.units, sum.scale, rounding);
  if (rounded === undefined) return undefined;
  const places = Math.min(sum.scale, rounding.scale);
  if (!explain) {
    // The amount at the scale's places, written once: fewer texts made for each of a what-if's lines.
    const atScale = rounded * (POWERS_OF_TEN[rounding.scale - places] ?? Number.NaN);
    if (Number.isSafeInteger(atScale)) return { steps: NO_STEPS, text: fixedUnitsText(atScale, rounding.scale) };
  }
  const after = minorUnitsText(rounded, places);
  steps?.push({ kind: 'round', scale: rounding.scale, mode: rounding.mode, before: minorUnitsText(sum.units, sum.scale), after });
  return { steps: steps ?? NO_STEPS, text: withPlaces(after, rounding.scale) };
}

/** The steps of a line priced without them: one shared empty list. */
const NO_STEPS: readonly Step[] = Object.freeze([]);

/**
 * Adds units × price to `sum` (units of 10^-scale, both at the larger scale) and gives the
 * product's text (when `written`, else ''); undefined when a number is too long for a double to hold it exactly. A step past
 * 2^53 is caught, never wrong: rounding to a double keeps order.
 */
function addProduct(sum: { units: number; scale: number }, unitsText: string, price: string, written: boolean): string | undefined {
  const unitsScale = placesOf(unitsText);
  const priceScale = placesOf(price);
  const product = minorUnits(unitsText, unitsScale) * minorUnits(price, priceScale);
  const scale = unitsScale + priceScale;
  if (!Number.isSafeInteger(product) || scale >= POWERS_OF_TEN.length) return undefined;
  const common = Math.max(scale, sum.scale);
  sum.units = sum.units * (POWERS_OF_TEN[common - sum.scale] as number) + product * (POWERS_OF_TEN[common - scale] as number);
  sum.scale = common;
  if (!Number.isSafeInteger(sum.units)) return undefined;
  return written ? minorUnitsText(product, scale) : '';
}

/** `units` of 10^-scale rounded to `rounding.scale` places, in units of the smaller of the two scales. */
function roundUnits(units: number, scale: number, { scale: places, mode }: Rounding): number | undefined {
  if (scale <= places) return units;
  if (scale - places >= POWERS_OF_TEN.length) return undefined;
  const step = POWERS_OF_TEN[scale - places] as number;
  const size = Math.abs(units);
  const whole = wholeQuotient(size, step);
  const rest = size - whole * step;
  // Away from zero (a larger size) when the mode says so for this remainder.
  const away =
    rest > 0 &&
    (mode === 'up' || (mode === 'half-up' && rest * 2 >= step) || (mode === 'half-even' && (rest * 2 > step || (rest * 2 === step && whole % 2 === 1))));
  const rounded = away ? whole + 1 : whole;
  return units < 0 ? -rounded : rounded;
}
