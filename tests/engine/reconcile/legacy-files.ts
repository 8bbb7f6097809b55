/**
 * Test factories: a table of cell texts written as a legacy file, the way Crystal Reports or a
 * spreadsheet would save it. CSV quotes only what needs quoting; XLSX stores plain numbers as
 * numbers and everything else (1,234 or (12)) as text, as a re-saved CSV does.
 */
import ExcelJS from 'exceljs';

export type Table = readonly (readonly string[])[];

export function csvOf(table: Table, options: { bom?: boolean; newline?: string; quoteAll?: boolean } = {}): string {
  const quote = (cell: string) => (options.quoteAll || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const newline = options.newline ?? '\r\n';
  return `${options.bom ? '\uFEFF' : ''}${table.map((row) => row.map(quote).join(',')).join(newline)}${newline}`;
}

export interface XlsxOptions {
  /** Number format per header name, e.g. { SecCalls: '0.00' }. */
  readonly numFmt?: Readonly<Record<string, string>>;
  /** Cell values to store as they are (formulas, errors), by [row index, column index] "r,c" of the table. */
  readonly cells?: Readonly<Record<string, ExcelJS.CellValue>>;
  readonly modified?: Date;
}

export async function xlsxOf(table: Table, options: XlsxOptions = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  if (options.modified) {
    workbook.created = options.modified;
    workbook.modified = options.modified;
  }
  const sheet = workbook.addWorksheet('Billing Export 200');
  const header = table[0] ?? [];
  table.forEach((row, r) => {
    row.forEach((text, c) => {
      const cell = sheet.getCell(r + 1, c + 1);
      const given = options.cells?.[`${r},${c}`];
      cell.value = given !== undefined ? given : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text === '' ? null : text;
      const format = options.numFmt?.[header[c] ?? ''];
      if (format && r > 0) cell.numFmt = format;
    });
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
