/**
 * Legacy exports saved as XLSX (Crystal's "Excel (data only)" or a re-saved CSV), read with
 * exceljs from the first worksheet. The stored cell value is what counts: a formula cell by its
 * stored result, a number by the number the file holds; where the cell's number format shows a
 * different number (rounded decimals, percent), the difference is reported, not used.
 */
import type ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import { EngineError } from '../errors.ts';
import { type LegacyExport, type MappingLookup, readLegacyTable, type RawCell, type RawRow } from './legacy-export.ts';
import { displayedIfDifferent } from './xlsx-display.ts';

/** @example await readLegacyXlsx(readFileSync('october.xlsx'), 'october.xlsx') */
export async function readLegacyXlsx(data: Uint8Array, file: string, mappingFor?: MappingLookup): Promise<LegacyExport> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer or Uint8Array is what it reads.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new EngineError('import_format', `not a readable XLSX workbook: ${(error as Error).message}`, { file }, { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new EngineError('import_format', 'the workbook has no worksheet', { file });
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (RawCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = rawCell(cell.value, cell.numFmt);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells) });
  });
  const exportedAt = stampOf(workbook.modified) ?? stampOf(workbook.created);
  return readLegacyTable({ file, format: 'xlsx', rows, ...(exportedAt ? { exportedAt } : {}) }, mappingFor);
}

/** exceljs takes ~0.3 s to load: only when a workbook is read, not on every CLI or server start. */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

function rawCell(value: ExcelJS.CellValue, numFmt: string | undefined): RawCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { kind: 'unreadable', reason: 'not a finite number' };
    const stored = new Decimal(value).toFixed();
    const displayed = displayedIfDifferent(stored, numFmt);
    return { kind: 'number', value: stored, ...(displayed !== undefined ? { displayed } : {}) };
  }
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'unreadable', reason: `a TRUE/FALSE cell` };
  if (value instanceof Date) return { kind: 'unreadable', reason: 'a date' };
  if ('error' in value) return { kind: 'unreadable', reason: `the spreadsheet error ${value.error}` };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || (typeof result === 'object' && !(result instanceof Date))) {
      return result && typeof result === 'object' && 'error' in result
        ? { kind: 'unreadable', reason: `the spreadsheet error ${result.error}` }
        : { kind: 'unreadable', reason: 'a formula without a stored result' };
    }
    return rawCell(result, numFmt);
  }
  if ('richText' in value) return { kind: 'text', text: value.richText.map((part) => part.text).join('') };
  if ('text' in value) return { kind: 'text', text: String(value.text) };
  return { kind: 'unreadable', reason: 'a cell of an unsupported kind' };
}

/** The workbook's own modified/created stamp (document properties); absent in some exports. */
function stampOf(date: Date | undefined): string | undefined {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}
