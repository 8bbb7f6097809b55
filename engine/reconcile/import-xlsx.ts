/**
 * Legacy exports saved as XLSX (Crystal's "Excel (data only)" or a re-saved CSV), read with
 * exceljs from the first worksheet. The stored cell value is what counts: a formula cell by its
 * stored result, a number by the number the file holds; where the cell's number format shows a
 * different number (rounded decimals, percent), the difference is reported, not used.
 */
import type ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import { unzipSync } from 'fflate';
import { EngineError } from '../errors.ts';
import { type LegacyExport, type MappingLookup, readLegacyTable, type RawCell, type RawRow } from './legacy-export.ts';
import { displayedIfDifferent } from './xlsx-display.ts';

/**
 * How much a legacy export can hold. Billing Export 200 for 2,000 clients is 2,000 rows of 268 cells,
 * about 25 MB of sheet XML once unzipped; a workbook well beyond that is not one, and reading it
 * whole would take the server's memory (a few MB of XLSX can unzip to gigabytes).
 */
export const XLSX_LIMITS = { sheetBytes: 96 * 1024 * 1024, cells: 2_000_000 } as const;

/** @example await readLegacyXlsx(readFileSync('october.xlsx'), 'october.xlsx') */
export async function readLegacyXlsx(data: Uint8Array, file: string, mappingFor?: MappingLookup): Promise<LegacyExport> {
  refuseOversizedSheets(data, file);
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
  let count = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (RawCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (++count > XLSX_LIMITS.cells)
        throw new EngineError(
          'import_format',
          `the worksheet has more than ${XLSX_LIMITS.cells.toLocaleString('en-US')} cells; a legacy export has far fewer`,
          {
            file,
            line: rowNumber,
          },
        );
      cells[column - 1] = rawCell(cell.value, cell.numFmt);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells) });
  });
  const exportedAt = stampOf(workbook.modified) ?? stampOf(workbook.created);
  return readLegacyTable({ file, format: 'xlsx', rows, ...(exportedAt ? { exportedAt } : {}) }, mappingFor);
}

/**
 * Reads only the ZIP's directory (nothing is unzipped) and refuses a workbook whose sheets unzip to
 * more than a legacy export can: before exceljs would unzip and parse them whole.
 */
function refuseOversizedSheets(data: Uint8Array, file: string): void {
  let sheetBytes = 0;
  try {
    unzipSync(data, {
      filter: (entry) => {
        if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) sheetBytes += entry.originalSize;
        return false;
      },
    });
  } catch (error) {
    throw new EngineError('import_format', `not a readable XLSX workbook: ${(error as Error).message}`, { file }, { cause: error });
  }
  if (sheetBytes > XLSX_LIMITS.sheetBytes) {
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    throw new EngineError(
      'import_format',
      `the workbook's sheets unzip to ${mb(sheetBytes)}, more than the ${mb(XLSX_LIMITS.sheetBytes)} a legacy export can hold (2,000 clients are about 25 MB): not read`,
      { file },
    );
  }
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
