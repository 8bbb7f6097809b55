/**
 * Writes a report as CSV: RFC 4180 quoting, CRLF line ends as spreadsheet tools expect, text cells
 * safe to open (engine/csv-cell.ts).
 *
 * The bytes are those Papa Parse writes (`quotes: false`), which billing runs have always stored
 * (tests/engine/be200/csv.test.ts compares the two): a cell is quoted when it holds a quote, comma,
 * line break or byte-order mark, or starts or ends with a space. Written here rather than by Papa
 * Parse because a report has half a million cells and Papa Parse's checks per cell took longer than
 * computing the statistics.
 */
import { csvCell } from '../csv-cell.ts';
import type { Report } from './report.ts';

export function reportToCsv(report: Report): string {
  const lines = new Array<string>(report.rows.length + 1);
  lines[0] = csvLine(report.header);
  for (let row = 0; row < report.rows.length; row++) lines[row + 1] = csvLine(report.rows[row] as readonly string[]);
  return `${lines.join('\r\n')}\r\n`;
}

function csvLine(cells: readonly string[]): string {
  const written = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    // Most cells are statistics: digits and a point, nothing to neutralise or quote.
    written[i] = isPlainNumber(cell) ? cell : quoted(csvCell(cell));
  }
  return written.join(',');
}

/** Digits and points, starting with a digit: text that csvCell and quoting leave as it is. */
function isPlainNumber(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 48 || code > 57) && (code !== 46 || i === 0)) return false;
  }
  return true;
}

const NEEDS_QUOTES = /["\r\n,\uFEFF]|^ | $/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
