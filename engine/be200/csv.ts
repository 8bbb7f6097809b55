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
import { csvCells } from '../csv-cell.ts';
import type { Report } from './report.ts';

export function reportToCsv(report: Report): string {
  const lines = [report.header, ...report.rows].map((row) => csvCells(row).map(quoted).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const NEEDS_QUOTES = /["\r\n,\uFEFF]|^ | $/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
