/**
 * Cells of the CSV files we write, safe to open in a spreadsheet. Text that starts with = + - @
 * (or a tab or carriage return) is read by Excel and LibreOffice as a formula: a client name
 * `=HYPERLINK("http://…")` from an uploaded legacy file would run when the report is opened (OWASP
 * "CSV injection"). Such text gets a leading apostrophe, which spreadsheets show as text; numbers,
 * negative ones included, stay numbers. Every CSV writer passes its cells through here.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
/** A number as we write one: plain, with thousands separators, or a duration (h:mm:ss), signed or not. */
const NUMBER = /^[-+]?((\d+|\d{1,3}(,\d{3})+)(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^-?\d+(:\d{2}){1,2}(\.\d+)?$/;

/**
 * A cell's text, neutralised when a spreadsheet would take it for a formula.
 * @example csvCell('=HYPERLINK("http://x")') // '\'=HYPERLINK("http://x")'
 * @example csvCell('-12.50') // '-12.50'
 */
export function csvCell(value: string | number): string {
  const text = String(value);
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** Every cell of a row through csvCell. */
export function csvCells(row: readonly (string | number)[]): string[] {
  return row.map(csvCell);
}

/**
 * A cell neutralised and quoted as RFC 4180 asks (a comma, quote or line break inside).
 * @example csvField('Acme, Inc.') // '"Acme, Inc."'
 */
export function csvField(value: string | number): string {
  const text = csvCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
