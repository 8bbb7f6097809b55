import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { readLegacyCsv } from '../../../engine/reconcile/import-csv.ts';
import { importLegacyExport } from '../../../engine/reconcile/import.ts';
import { csvOf } from './legacy-files.ts';

const TABLE = [
  ['ClientNumber', 'ClientName', 'SecCalls'],
  ['1001', 'Café Acme, Inc.', '1,234'],
];
const values = (text: string | Uint8Array) => readLegacyCsv(text, 'oct.csv').rows.map((row) => [row.clientNumber, row.clientName, row.values.get('SecCalls')]);

describe('readLegacyCsv', () => {
  it('reads the same rows with or without a BOM, with CRLF or LF line ends, quoted or not', () => {
    const expected = [['1001', 'Café Acme, Inc.', '1234']];
    expect(values(csvOf(TABLE))).toEqual(expected);
    expect(values(csvOf(TABLE, { bom: true }))).toEqual(expected);
    expect(values(new TextEncoder().encode(csvOf(TABLE, { bom: true })))).toEqual(expected);
    expect(values(csvOf(TABLE, { newline: '\n' }))).toEqual(expected);
    expect(values(csvOf(TABLE, { quoteAll: true }))).toEqual(expected);
  });

  it('reads Windows-1252 and UTF-16 files as Crystal writes them on some sites', () => {
    const text = csvOf(TABLE);
    const latin1 = Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
    expect(values(latin1)[0]?.[1]).toBe('Café Acme, Inc.');
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0), 0])]);
    expect(values(utf16)[0]?.[1]).toBe('Café Acme, Inc.');
  });

  it('reads tab- and semicolon-separated exports', () => {
    expect(values('ClientNumber\tClientName\tSecCalls\r\n1001\tAcme\t1,234\r\n')).toEqual([['1001', 'Acme', '1234']]);
    expect(values('ClientNumber;ClientName;SecCalls\r\n1001;Acme;1,234\r\n')).toEqual([['1001', 'Acme', '1234']]);
  });

  it('describes a short row by how many of the header fields it has, once, not as a blank cell per column', () => {
    const header = ['ClientNumber', 'ClientName', 'SecCalls', 'CallDuration', 'FetchCalls'];
    expect(() => readLegacyCsv(`${header.join(',')}\r\n1001,Acme\r\n`, 'oct.csv')).toThrow(
      /^row 2, column 3 \(SecCalls\): the row has 2 of 5 fields \(a short row: cut off, or a line break inside a cell\?\)$/,
    );
  });

  it('reads a header a saved column mapping names as the statistic, and says it was mapped', () => {
    const legacy = readLegacyCsv('ClientNumber,Secretarial Calls\r\n1001,4\r\n', 'oct.csv', () => new Map([['Secretarial Calls', 'SecCalls']]));
    expect(legacy.statistics).toEqual(['SecCalls']);
    expect(legacy.unknownColumns).toEqual([]);
    expect(legacy.mappedColumns).toEqual([{ header: 'Secretarial Calls', statistic: 'SecCalls' }]);
    expect(legacy.rows[0]?.values.get('SecCalls')).toBe('4');
  });

  it('numbers rows by the line they start on, past a name that spans two lines', () => {
    const legacy = readLegacyCsv('ClientNumber,ClientName,SecCalls\r\n1001,"Acme\r\nNorth",3\r\n1002,Bolt,4\r\n', 'oct.csv');
    expect(legacy.rows.map((row) => row.row)).toEqual([2, 4]);
  });

  it('ignores a trailing separator on every line (a column without header or values)', () => {
    const legacy = readLegacyCsv('ClientNumber,SecCalls,\r\n1001,3,\r\n', 'oct.csv');
    expect(legacy.unknownColumns).toEqual([]);
    expect(legacy.rows[0]?.values.get('SecCalls')).toBe('3');
  });

  it('reports an unclosed quote with its line', () => {
    const error = catchError(() => readLegacyCsv('ClientNumber,SecCalls\r\n1001,3\r\n1002,"4\r\n', 'oct.csv'));
    expect(error.code).toBe('import_format');
    expect(error.location).toMatchObject({ file: 'oct.csv', line: 3 });
    expect(error.describe()).toMatch(/^oct\.csv:3:\d+: line 3: quoted field unterminated/);
  });

  it('reports an unquoted number with a thousands separator as a cell beyond the header', () => {
    const error = catchError(() => readLegacyCsv('ClientNumber,SecCalls\r\n1001,1,234\r\n', 'oct.csv'));
    expect(error.message).toMatch(/^row 2, column 3: the row has 3 cells, the header 2: .*thousands separator/);
  });
});

describe('importLegacyExport', () => {
  it('tells CSV from XLSX by content and refuses binary or old .xls files', async () => {
    await expect(importLegacyExport(new TextEncoder().encode(csvOf(TABLE)), 'named.xlsx.csv')).resolves.toMatchObject({ format: 'csv' });
    await expect(importLegacyExport(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.xls')).rejects.toThrow(/not an XLSX file \(an old \.xls workbook/);
    await expect(importLegacyExport(Uint8Array.from([1, 2, 0, 3]), 'data.bin')).rejects.toMatchObject({ code: 'import_file_type' });
  });
});

function catchError(work: () => unknown): EngineError {
  try {
    work();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}
