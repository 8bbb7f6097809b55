/**
 * Numbers as Crystal Reports and spreadsheets write them into a legacy Billing Export 200 file:
 * `1234`, `1,234`, `-12`, `(12)` (accounting negatives), `12-` (Crystal's trailing-minus option),
 * `12.50`, padded with spaces. The result is an exact decimal string (decimal.js, never a float).
 * Anything else is refused with a reason, never read as 0: a blank cell, a decimal comma (`1,5`),
 * scientific notation (Excel's `1.23457E+11` has already lost digits), currency or text.
 */
import { Decimal } from 'decimal.js';

export type ParsedNumber = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const PLAIN = /^\d{1,15}$/;
const GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+$/;

// Integer part: plain digits, or groups of three after a comma (the first group 1-3 digits).
const NUMBER = /^(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?$/;

/** One way of writing the sign per number: `(12)`, `-12`, `+12` or `12-`; never two at once. */
const SIGN_FORMS: readonly (readonly [RegExp, boolean])[] = [
  [/^\((.+)\)$/, true],
  [/^-(.+)$/, true],
  [/^\+(.+)$/, false],
  [/^(.+)-$/, true],
];

/**
 * @example parseLegacyNumber('(1,234.50)') // { ok: true, value: '-1234.5' }
 * @example parseLegacyNumber('1,5')        // { ok: false, reason: 'a decimal comma is not read (write 1.5, not 1,5)' }
 */
export function parseLegacyNumber(raw: string): ParsedNumber {
  // Most cells are whole numbers, plain or grouped: read them without the general machinery
  // (half a million cells in a large site's export).
  if (PLAIN.test(raw)) return { ok: true, value: raw.replace(/^0+(?=\d)/, '') };
  if (GROUPED.test(raw)) return { ok: true, value: raw.replaceAll(',', '') };
  const text = raw.replace(/[\s\u00a0]+/g, ' ').trim();
  if (text === '') return refuse('the cell is blank (a legacy export writes 0, not blank)');
  const { body, negative } = splitSign(text);
  if (/^\d*\.?\d+e[-+]?\d+$/i.test(body)) return refuse('scientific notation has lost digits; export the column as a whole number');
  const match = NUMBER.exec(body);
  if (!match || (match[1] === undefined && !match[2])) return refuse(whyNot(body));
  const digits = `${(match[1] ?? '0').replaceAll(',', '')}.${match[2] || '0'}`;
  const value = new Decimal(digits);
  return { ok: true, value: (negative && !value.isZero() ? value.negated() : value).toFixed() };
}

function splitSign(text: string): { body: string; negative: boolean } {
  for (const [form, negative] of SIGN_FORMS) {
    const match = form.exec(text);
    if (match) return { body: (match[1] as string).trim(), negative };
  }
  return { body: text, negative: false };
}

function refuse(reason: string): ParsedNumber {
  return { ok: false, reason };
}

function whyNot(text: string): string {
  if (/^[\d,]*,\d{1,2}$/.test(text)) return 'a decimal comma is not read (write 1.5, not 1,5)';
  if (/,/.test(text) && /^[\d,.]+$/.test(text)) return 'a thousands separator must be followed by three digits';
  if (/[$€£]/.test(text)) return 'currency symbols are not read in a statistic';
  if (/^#/.test(text)) return `it is a spreadsheet error value`;
  return 'it is not a number';
}
