/**
 * Exact arithmetic on amounts as text ("-12.50"), without making decimal.js objects: comparing
 * thousands of invoices (a what-if) parses and subtracts each amount once, and BigInt does that
 * several times faster. Each function gives exactly what the decimal.js expression it names gives
 * (default precision of 20 significant digits, toFixed() without exponent); text that is not a plain
 * decimal, or a result that precision would round, is left to decimal.js itself, so nothing differs.
 */
import { Decimal } from 'decimal.js';

/** An amount as an integer of units of 10^-scale. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

const PLAIN = /^-?\d+(\.\d+)?$/;
/** Decimal.js's default precision: a result with more significant digits would be rounded there. */
const PRECISION = 20;

/** Plain decimal text as units of its scale; undefined for anything else (exponents, Infinity). */
function scaled(text: string): Scaled | undefined {
  const small = smallUnits(text);
  if (!Number.isNaN(small)) return { units: BigInt(small), scale: placesOf(text) };
  if (!PLAIN.test(text)) return undefined;
  const point = text.indexOf('.');
  if (point < 0) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

const TENS: bigint[] = [];
function ten(power: number): bigint {
  TENS[power] ??= 10n ** BigInt(power);
  return TENS[power] as bigint;
}

function atScale(value: Scaled, scale: number): bigint {
  return value.scale === scale ? value.units : value.units * ten(scale - value.scale);
}

/** Units of `scale` as decimal.js's toFixed() writes them: no trailing zeros, no exponent, "0" for zero. */
function textOf(units: bigint, scale: number): string {
  if (units === 0n) return '0';
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  let places = scale;
  while (places > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    places--;
  }
  if (places > 0) {
    digits = digits.padStart(places + 1, '0');
    digits = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** The most digits a plain decimal may have to be read as a double's integer exactly (below 2^53 with room). */
const DOUBLE_DIGITS = 15;

/** Plain decimal text's digits as an integer (the point left out), when it has at most 15 digits; NaN otherwise. */
function smallUnits(text: string): number {
  const length = text.length;
  const first = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let units = 0;
  let digits = 0;
  let point = -1;
  for (let i = first; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      // '.': one, with digits on both sides
      if (point >= 0 || i === first || i === length - 1) return Number.NaN;
      point = i;
      continue;
    }
    if (code < 48 || code > 57 || ++digits > DOUBLE_DIGITS) return Number.NaN;
    units = units * 10 + (code - 48);
  }
  if (digits === 0) return Number.NaN;
  return first === 1 ? -units : units;
}

/** Decimal places of plain decimal text. */
export function placesOf(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** 10^0 to 10^15: the scale-ups that keep a short amount's units below 2^53. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: DOUBLE_DIGITS + 1 }, (_, power) => 10 ** power);

/** Where smallDifference leaves its scale for the caller, read at once: one object, not one per difference (a what-if takes thousands). */
const differenceScale = { value: 0 };

/**
 * `after - before` in units of the larger scale, as a double, when both are plain with at most 15
 * digits and every step stays a safe integer (so exact); NaN otherwise. `scale` receives the scale.
 */
function smallDifference(after: string, before: string, scale: { value: number }): number {
  const a = smallUnits(after);
  const b = smallUnits(before);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const [pa, pb] = [placesOf(after), placesOf(before)];
  const places = Math.max(pa, pb);
  // A scale-up past 2^53 comes out at or above it, as rounding keeps order: caught here, never wrong.
  const x = a * (POWERS_OF_TEN[places - pa] as number);
  const y = b * (POWERS_OF_TEN[places - pb] as number);
  const units = x - y;
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y) || !Number.isSafeInteger(units)) return Number.NaN;
  scale.value = places;
  return units;
}

/**
 * A safe integer of units of 10^-scale as decimal.js's toFixed() writes the amount: no trailing
 * zeros, and never rounded (at most 16 digits).
 *
 * @example minorUnitsText(1250, 2) // '12.5'
 */
export function minorUnitsText(units: number, scale: number): string {
  if (units === 0) return '0';
  // Trailing zeros of the fraction dropped by division (exact for integers), then one text made.
  let size = Math.abs(units);
  let places = scale;
  while (places > 0 && size % 10 === 0) {
    size /= 10;
    places--;
  }
  let digits = String(size);
  if (places > 0) {
    if (digits.length <= places) digits = digits.padStart(places + 1, '0');
    digits = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return units < 0 ? `-${digits}` : digits;
}

/**
 * A value's `toFixed()` text as `formatAmount` (rating/money.ts) writes the value: padded with zeros to `scale` places
 * (toFixed() writes no trailing zeros, so its places are the value's).
 *
 * @example withPlaces('889.9', 2) // '889.90'
 */
export function withPlaces(text: string, scale: number): string {
  const point = text.indexOf('.');
  const places = point < 0 ? 0 : text.length - point - 1;
  if (places >= scale) return text;
  return `${point < 0 ? `${text}.` : text}${'0'.repeat(scale - places)}`;
}

/**
 * A safe integer of units of 10^-scale as text with exactly `scale` places, as an amount is shown:
 * what `withPlaces(minorUnitsText(units, scale), scale)` writes, made as one text rather than
 * trimmed and padded again (an invoice total, a line amount: a what-if writes thousands).
 *
 * @example fixedUnitsText(88990, 2) // '889.90'
 */
export function fixedUnitsText(units: number, scale: number): string {
  if (units === 0) return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
  if (scale >= POWERS_OF_TEN.length) return withPlaces(minorUnitsText(units, scale), scale);
  const size = Math.abs(units);
  const sign = units < 0 ? '-' : '';
  if (scale === 0) return `${sign}${size}`;
  const step = POWERS_OF_TEN[scale] as number;
  const whole = wholeQuotient(size, step);
  return `${sign}${whole}.${fractionDigits(size - whole * step, scale)}`;
}

/**
 * The whole quotient of a safe integer ≥ 0 by a power of ten, exactly: the quotient as a double
 * may be a unit off near a whole number, which the remainder sets right.
 */
export function wholeQuotient(size: number, step: number): number {
  const whole = Math.floor(size / step);
  const rest = size - whole * step;
  return rest < 0 ? whole - 1 : rest >= step ? whole + 1 : whole;
}

/** Cents as two digits, made once: most amounts have two places. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

function fractionDigits(fraction: number, scale: number): string {
  return scale === 2 ? (TWO_DIGITS[fraction] as string) : String(fraction).padStart(scale, '0');
}

/**
 * Plain decimal text as a whole number of units of 10^-scale (cents for scale 2), when it has at
 * most `scale` places and 15 digits, so that a double holds it exactly; NaN otherwise.
 *
 * @example minorUnits('12.5', 2) // 1250
 */
export function minorUnits(text: string, scale: number): number {
  const units = smallUnits(text);
  const places = placesOf(text);
  if (Number.isNaN(units) || places > scale || scale > DOUBLE_DIGITS) return Number.NaN;
  const scaled = units * (POWERS_OF_TEN[scale - places] as number);
  return Number.isSafeInteger(scaled) ? scaled : Number.NaN;
}

/** Significant digits of units (leading and trailing zeros aside). */
function significant(units: bigint): number {
  const text = (units < 0n ? -units : units).toString();
  return text.replace(/0+$/, '').length;
}

/**
 * `after - before`, as `new Decimal(after).minus(before).toFixed()` writes it.
 *
 * @example textDifference('152.5', '150.00') // '2.5'
 */
export function textDifference(after: string, before: string): string {
  const small = smallDifference(after, before, differenceScale);
  if (!Number.isNaN(small)) return minorUnitsText(small, differenceScale.value);
  const a = scaled(after);
  const b = scaled(before);
  if (a && b) {
    const scale = Math.max(a.scale, b.scale);
    const units = atScale(a, scale) - atScale(b, scale);
    if (units === 0n || significant(units) <= PRECISION) return textOf(units, scale);
  }
  return new Decimal(after).minus(before).toFixed();
}

/**
 * `after - before` as `textDifference` writes it, or undefined when the two are equal as numbers
 * (`sameAmount`): each text read once, for comparisons that keep only what changed.
 *
 * @example changeBetween('152.5', '150.00') // '2.5'; changeBetween('1.50', '1.5') // undefined
 */
export function changeBetween(after: string, before: string): string | undefined {
  if (after === before) return undefined;
  const small = smallDifference(after, before, differenceScale);
  if (!Number.isNaN(small)) return small === 0 ? undefined : minorUnitsText(small, differenceScale.value);
  const a = scaled(after);
  const b = scaled(before);
  if (a && b) {
    const scale = Math.max(a.scale, b.scale);
    const units = atScale(a, scale) - atScale(b, scale);
    if (units === 0n) return undefined;
    if (significant(units) <= PRECISION) return textOf(units, scale);
  }
  return new Decimal(after).eq(before) ? undefined : new Decimal(after).minus(before).toFixed();
}

/**
 * Whether two amounts are equal as numbers, as `new Decimal(a).eq(b)` says ('1.50' and '1.5' are).
 *
 * @example sameAmount('1.50', '1.5') // true
 */
export function sameAmount(a: string, b: string): boolean {
  if (a === b) return true;
  const small = smallDifference(a, b, differenceScale);
  if (!Number.isNaN(small)) return small === 0;
  const x = scaled(a);
  const y = scaled(b);
  if (!x || !y) return new Decimal(a).eq(b);
  const scale = Math.max(x.scale, y.scale);
  return atScale(x, scale) === atScale(y, scale);
}

/**
 * A total moved by amounts as text, exact: `plus` and `minus` take text, `text()` writes the total
 * as `start.plus(...).minus(...)...toFixed()` with decimal.js would. When decimal.js's precision
 * might have rounded a step (an amount too long, or not plain), the steps are done again with it.
 *
 * @example const total = movedTotal(new Decimal('6.6')); total.minus('2.20'); total.plus('2.25'); total.text() // '6.65'
 */
export function movedTotal(start: Decimal): { plus(text: string): void; minus(text: string): void; text(): string } {
  const startText = start.toFixed();
  // The amounts and their signs, in order (two lists, not a pair per move: a what-if moves thousands).
  const texts: string[] = [];
  const signs: (1 | -1)[] = [];
  // Units of 10^-scale in a double while every amount is short and no size reached nears 2^53, so
  // every step is exact (and far inside decimal.js's 20 digits); past that, BigInt from the start.
  let units = smallUnits(startText);
  let scale = placesOf(startText);
  let bound = Math.abs(units);
  let inDouble = !Number.isNaN(units);
  const add = (text: string, sign: 1 | -1) => {
    texts.push(text);
    signs.push(sign);
    if (!inDouble) return;
    const value = smallUnits(text);
    if (Number.isNaN(value)) {
      inDouble = false;
      return;
    }
    const places = placesOf(text);
    if (places > scale) {
      units *= POWERS_OF_TEN[places - scale] as number;
      bound *= POWERS_OF_TEN[places - scale] as number;
      scale = places;
    }
    const at = value * (POWERS_OF_TEN[scale - places] as number);
    units += sign * at;
    bound += Math.abs(at);
    inDouble = bound <= Number.MAX_SAFE_INTEGER;
  };
  return {
    plus: (text) => add(text, 1),
    minus: (text) => add(text, -1),
    text: () =>
      inDouble
        ? minorUnitsText(units, scale)
        : bigMovedTotal(
            start,
            texts.map((text, i) => [text, signs[i] as 1 | -1]),
          ),
  };
}

/** `movedTotal`'s text worked out with BigInt, or with decimal.js where its precision might round a step. */
function bigMovedTotal(start: Decimal, moves: readonly [string, 1 | -1][]): string {
  const begin = scaled(start.toFixed());
  let exact = begin !== undefined;
  let units = begin?.units ?? 0n;
  let scale = begin?.scale ?? 0;
  // The largest size any step's result can reach (every amount's size added): below 10^PRECISION units, no step rounds.
  let bound = units < 0n ? -units : units;
  for (const [text, sign] of moves) {
    const value = exact ? scaled(text) : undefined;
    if (!value) {
      exact = false;
      break;
    }
    if (value.scale > scale) {
      units *= ten(value.scale - scale);
      bound *= ten(value.scale - scale);
      scale = value.scale;
    }
    const at = atScale(value, scale);
    units += sign === 1 ? at : -at;
    bound += at < 0n ? -at : at;
  }
  if (exact && bound < ten(PRECISION)) return textOf(units, scale);
  return moves.reduce((total, [text, sign]) => (sign === 1 ? total.plus(text) : total.minus(text)), start).toFixed();
}
