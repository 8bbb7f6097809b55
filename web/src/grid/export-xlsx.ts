/**
 * Export the grid as XLSX: the same table as the CSV export (order, columns, units), one sheet,
 * the header frozen, numbers as numbers where the text is an exact number a spreadsheet can hold.
 * exceljs is loaded only when someone exports (it is most of a megabyte).
 */
import type { GridModel } from './grid-model.ts';
import { download, gridTable } from './export-csv.ts';

/** Text a spreadsheet can hold as a number without changing it ("12", "0.5"; not "007" or 17 digits). */
export function asCellValue(text: string): string | number {
  if (!/^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/.test(text)) return text;
  const number = Number(text);
  return String(number) === text ? number : text;
}

export async function exportXlsx(model: GridModel, snapshot: string, search: string): Promise<number> {
  const [{ header, rows }, ExcelJS] = await Promise.all([gridTable(model, snapshot, search), import('exceljs').then((m) => m.default ?? m)]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(snapshot.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((text, i) => (i < 3 ? text : asCellValue(text))));
  const bytes = await workbook.xlsx.writeBuffer();
  download(`${snapshot}-statistics.xlsx`, new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  return rows.length;
}
