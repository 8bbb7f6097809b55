/**
 * What a spreadsheet shows for a stored number under its number format, as far as it changes the
 * number a person reads: decimals rounded away (`0` shows 12.4 as 12), percent (`0%` shows 0.5
 * as 50%), thousands scaling (`#,##0,` shows 1500 as 2). Reconciliation always compares the stored
 * value; this only lets the report say "the sheet shows 12, it stores 12.4". `General`, text and
 * date formats are taken to show the stored number (General's width-dependent rounding is not
 * modelled).
 */
import { Decimal } from 'decimal.js';

/**
 * The text shown for `stored` under `numFmt`, or undefined when it shows the stored number itself.
 *
 * @example displayedIfDifferent('12.4', '#,##0') // '12'
 * @example displayedIfDifferent('1234', '#,##0') // undefined (the separator does not change the number)
 */
export function displayedIfDifferent(stored: string, numFmt: string | undefined): string | undefined {
  const value = new Decimal(stored);
  const section = formatSection(numFmt, value);
  if (section === undefined) return undefined;
  const percent = section.includes('%') ? 100 : 1;
  const scale = new Decimal(1000).pow(/[0#?],+(?=[^0#?]*$)/.exec(section)?.[0].replace(/[^,]/g, '').length ?? 0);
  const decimals = /\.([0#?]+)/.exec(section)?.[1]?.length ?? 0;
  // Excel rounds half away from zero, which is decimal.js ROUND_HALF_UP.
  const shown = value.times(percent).dividedBy(scale).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  if (percent === 1 && shown.times(scale).eq(value)) return undefined;
  const grouped = /[0#?],[0#?]/.test(section);
  const digits = shown.abs().toFixed(decimals);
  const [whole = '', fraction] = digits.split('.');
  const text = `${grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole}${fraction ? `.${fraction}` : ''}${percent === 100 ? '%' : ''}`;
  if (!shown.isNegative() || shown.isZero()) return text;
  return /\(/.test(section) ? `(${text})` : `-${text}`;
}

/**
 * The section of a format that applies to the value (positive;negative;zero;text), with quoted
 * literals and [colour]/[condition] tags removed; undefined for General, text and dates.
 */
function formatSection(numFmt: string | undefined, value: Decimal): string | undefined {
  if (!numFmt || /^general$/i.test(numFmt.trim()) || numFmt.trim() === '@') return undefined;
  // Quoted text, [colour] and [condition] tags, _x spacers and *x fills show no digits; an escaped \( shows "(".
  const sections = numFmt.split(';').map((section) => section.replace(/"[^"]*"|\[[^\]]*\]|_.|\*./g, '').replace(/\\(.)/g, '$1'));
  if (sections.some((section) => /[dmyhs]/i.test(section.replace(/General/i, '')))) return undefined;
  const section = value.isNegative() && !value.isZero() ? (sections[1] ?? sections[0]) : value.isZero() ? (sections[2] ?? sections[0]) : sections[0];
  return section && /[0#?]/.test(section) ? section : undefined;
}
