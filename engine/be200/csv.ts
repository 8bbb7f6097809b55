/** Writes a report as CSV (RFC 4180 quoting, CRLF line ends as spreadsheet tools expect). */
import Papa from 'papaparse';
import type { Report } from './report.ts';

export function reportToCsv(report: Report): string {
  return `${Papa.unparse({ fields: [...report.header], data: report.rows.map((row) => [...row]) }, { newline: '\r\n', quotes: false })}\r\n`;
}
