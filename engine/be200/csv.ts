/** Writes a report as CSV (RFC 4180 quoting, CRLF line ends as spreadsheet tools expect; text cells safe to open, engine/csv-cell.ts). */
import Papa from 'papaparse';
import { csvCells } from '../csv-cell.ts';
import type { Report } from './report.ts';

export function reportToCsv(report: Report): string {
  return `${Papa.unparse({ fields: csvCells(report.header), data: report.rows.map(csvCells) }, { newline: '\r\n', quotes: false })}\r\n`;
}
