/**
 * Writes a reconciliation table as CSV (one sheet: open variances and findings, then the accepted
 * ones) or as an XLSX workbook (sheets Variances, Accepted and Summary). Values stay exact: a
 * number goes into a workbook as a number only when a double holds it exactly, else as text.
 */
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { csvCells } from '../csv-cell.ts';
import { loadExcelJs } from './import-xlsx.ts';
import type { OurResults, Reconciliation } from './model.ts';
import { type ReconciliationTable, type ReportRow, reconciliationTable } from './report-table.ts';
import type { ReconciliationSummary } from './summary.ts';

export type ReportFormat = 'csv' | 'xlsx';

/**
 * The report of a reconciliation as a file: every report, from the CLI or the server, is written here.
 *
 * @example const { body, contentType } = await reconciliationReportFile('csv', reconciliation, summarize(reconciliation))
 */
export async function reconciliationReportFile(
  format: ReportFormat,
  reconciliation: Reconciliation,
  summary: ReconciliationSummary,
  options: { now?: () => Date; ours?: OurResults } = {},
): Promise<{ body: string | Uint8Array; contentType: string; rows: number }> {
  const table = reconciliationTable(reconciliation, options.ours);
  const rows = table.rows.length + table.accepted.length;
  if (format === 'csv') return { body: reconciliationCsv(table), contentType: 'text/csv; charset=utf-8', rows };
  return {
    body: await reconciliationXlsx(table, summary, options.now ? { now: options.now } : {}),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows,
  };
}

/** RFC 4180 with CRLF line ends, as spreadsheet tools expect (like engine/be200/csv.ts); legacy text cannot become a formula (engine/csv-cell.ts). */
export function reconciliationCsv(table: ReconciliationTable): string {
  return `${Papa.unparse({ fields: csvCells(table.header), data: [...table.rows, ...table.accepted].map(csvCells) }, { newline: '\r\n' })}\r\n`;
}

/** Columns written as numbers in a workbook, so a spreadsheet can sum and sort them. */
const NUMERIC_COLUMNS = new Set(['Legacy', 'Ours', 'Difference', 'Value', 'Mismatches', 'Within tolerance', 'Accepted', 'Mismatch total', 'Largest mismatch']);

/** @example writeFileSync('reconciliation.xlsx', await reconciliationXlsx(table, summarize(reconciliation))) */
export async function reconciliationXlsx(table: ReconciliationTable, summary: ReconciliationSummary, options: { now?: () => Date } = {}): Promise<Uint8Array> {
  const workbook = new (await loadExcelJs()).Workbook();
  const now = (options.now ?? (() => new Date()))();
  workbook.created = now;
  workbook.modified = now;
  addTableSheet(workbook, 'Variances', table.header, table.rows);
  addTableSheet(workbook, 'Accepted', table.header, table.accepted);
  addTableSheet(workbook, 'Summary', ['Measure', 'Value'], summaryRows(summary));
  addTableSheet(
    workbook,
    'By statistic',
    ['Statistic', 'Mismatches', 'Within tolerance', 'Accepted', 'Mismatch total', 'Largest mismatch'],
    summary.byStatistic.map((s) => [s.statistic, String(s.mismatch), String(s.within), String(s.accepted), s.mismatchTotal, s.largestMismatch]),
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addTableSheet(workbook: ExcelJS.Workbook, name: string, header: readonly string[], rows: readonly ReportRow[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...header]).font = { bold: true };
  const numeric = header.map((column) => NUMERIC_COLUMNS.has(column));
  for (const row of rows) sheet.addRow(row.map((cell, index) => (numeric[index] ? exactNumber(cell) : cell)));
  sheet.columns.forEach((column, index) => {
    column.width = Math.min(60, Math.max(10, (header[index]?.length ?? 0) + 2));
  });
}

/** A number when the text survives a round trip through a double, else the text itself. */
function exactNumber(text: string): number | string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const number = Number(text);
  return Number.isSafeInteger(number) || String(number) === text ? number : text;
}

function summaryRows(summary: ReconciliationSummary): ReportRow[] {
  const { clients, statistics, cells, mismatchesBy } = summary;
  return [
    ['Clients compared', clients.compared],
    ['Clients only in the legacy file', clients.onlyInLegacy],
    ['Clients only in ours', clients.onlyInOurs],
    ['Client numbers on several rows', clients.duplicated],
    ['Statistics compared', statistics.compared],
    ['Unknown columns', statistics.unknownColumns],
    ['Missing statistics', statistics.missing],
    ['Cells compared', cells.compared],
    ['Equal', cells.equal],
    ['Within tolerance', cells.within],
    ['Mismatches', cells.mismatch],
    ['Accepted', cells.accepted],
    ['Accepted in an earlier reconciliation of the period', summary.carriedOver],
    ['Mismatches explained by our own formula change', mismatchesBy.formula_changed],
    ['Mismatches explained by data changed since', mismatchesBy.data_changed],
    ['Mismatches explained by a known quirk', mismatchesBy.known_quirk],
    ['Unexplained mismatches', summary.openMismatches],
    ['Columns open (missing or unknown, not mapped or accepted)', summary.open.columns],
  ].map(([measure, count]) => [String(measure), String(count)]);
}
