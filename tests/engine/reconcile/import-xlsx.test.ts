import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readLegacyXlsx, XLSX_LIMITS } from '../../../engine/reconcile/import-xlsx.ts';
import { importLegacyExport } from '../../../engine/reconcile/import.ts';
import { xlsxOf, type XlsxOptions } from './legacy-files.ts';

const HEADER = ['ClientNumber', 'ClientName', 'SecCalls', 'CallDuration'];
const read = async (rows: string[][], options: XlsxOptions = {}) => readLegacyXlsx(await xlsxOf([HEADER, ...rows], options), 'oct.xlsx');

describe('readLegacyXlsx', () => {
  it('refuses, from the ZIP directory alone, a workbook whose sheet unzips to more than a legacy export can hold', async () => {
    // A few hundred KB of XLSX whose one sheet unzips past the limit: the kind of file that would take the server's memory.
    const cell = '<c t="n"><v>1</v></c>';
    const sheet = `<worksheet><sheetData><row r="1">${cell.repeat(Math.ceil((XLSX_LIMITS.sheetBytes * 1.1) / cell.length))}</row></sheetData></worksheet>`;
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': [strToU8(sheet), { level: 1 }], 'xl/workbook.xml': strToU8('<workbook/>') });
    expect(bomb.length).toBeLessThan(XLSX_LIMITS.sheetBytes / 10);
    await expect(readLegacyXlsx(bomb, 'huge.xlsx')).rejects.toThrow(/^the workbook's sheets unzip to 106 MB, more than the 96 MB a legacy export can hold/);
  });

  it("uses a formula cell's stored result, not its formula", async () => {
    const legacy = await read([['1001', 'Acme', '3', '0']], { cells: { '1,3': { formula: 'C2*80', result: 240 } } });
    expect(legacy.rows[0]?.values.get('CallDuration')).toBe('240');
  });

  it('compares the stored value and reports where the number format shows another number', async () => {
    const legacy = await read(
      [
        ['1001', 'Acme', '3', '240.4'],
        ['1002', 'Bolt', '2', '1234'],
      ],
      { numFmt: { CallDuration: '#,##0' } },
    );
    expect(legacy.rows.map((row) => row.values.get('CallDuration'))).toEqual(['240.4', '1234']);
    expect(legacy.displayDifferences).toEqual([{ row: 2, column: 'D', statistic: 'CallDuration', stored: '240.4', displayed: '240' }]);
  });

  it('refuses error, date and formula-without-result cells, naming the cell', async () => {
    await expect(read([['1001', 'Acme', '3', '0']], { cells: { '1,3': { error: '#DIV/0!' } } })).rejects.toThrow(
      /^row 2, column D \(CallDuration\): .*the spreadsheet error #DIV\/0!/,
    );
    await expect(read([['1001', 'Acme', '3', '0']], { cells: { '1,2': new Date('2026-10-01T00:00:00Z') } })).rejects.toThrow(
      /^row 2, column C \(SecCalls\): .*a date/,
    );
    await expect(read([['1001', 'Acme', '3', '0']], { cells: { '1,2': { formula: 'A1+1' } as never } })).rejects.toThrow(/a formula without a stored result/);
  });

  it('reads rich-text headers and takes the export time from the workbook properties', async () => {
    const modified = new Date('2026-11-02T08:30:00Z');
    const legacy = await read([['1001', 'Acme', '3', '0']], { modified, cells: { '0,2': { richText: [{ text: 'Sec' }, { text: 'Calls' }] } } });
    expect(legacy.statistics).toEqual(['SecCalls', 'CallDuration']);
    expect(legacy.exportedAt).toBe('2026-11-02T08:30:00.000Z');
  });

  it('refuses a file that is a ZIP archive but not a workbook', async () => {
    const notWorkbook = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
    await expect(importLegacyExport(notWorkbook, 'oct.xlsx')).rejects.toMatchObject({
      code: 'import_format',
      message: expect.stringMatching(/not a readable XLSX workbook/),
    });
  });
});
