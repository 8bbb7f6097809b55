/**
 * The report's CSV is byte for byte what Papa Parse writes, which earlier billing runs stored: the
 * same quoting of every awkward cell, the same line ends, formulas neutralised first.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { reportCsvBytes, reportToCsv } from '../../../engine/be200/csv.ts';
import { csvCells } from '../../../engine/csv-cell.ts';

const awkward = [
  'plain',
  '',
  'Acme, Inc.',
  'say "hi"',
  'two\r\nlines',
  'line\nfeed',
  'carriage\rreturn',
  ' leading space',
  'trailing space ',
  ' ',
  '\uFEFFbom',
  '=HYPERLINK("http://x")',
  '+1',
  '-12.50',
  '@sum',
  '\ttab',
  "it's",
  'semi;colon',
  'ünïcødé 名前',
  '0',
  '12.50',
  '.5',
  '1,000',
  '5 ',
  '7.',
  '12345678901234567890',
];

describe('the report as CSV', () => {
  it('writes what Papa Parse writes, for every awkward cell in every position', () => {
    const header = ['cltID', 'ClientName', ...awkward.map((_, i) => `S${i}`)];
    const rows = awkward.map((cell, i) => [String(i), cell, ...awkward.map((other, j) => ((i + j) % 2 === 0 ? cell : other))]);
    const papa = `${Papa.unparse({ fields: csvCells(header), data: rows.map(csvCells) }, { newline: '\r\n', quotes: false })}\r\n`;
    expect(reportToCsv({ header, rows })).toBe(papa);
  });

  it('writes a report larger than its first buffer as Papa Parse does, a leading byte-order mark kept', () => {
    const header = ['\uFEFFcltID', 'ClientName', ...Array.from({ length: 60 }, (_, i) => `S${i}`)];
    const rows = Array.from({ length: 3000 }, (_, r) => [
      String(r),
      awkward[r % awkward.length] as string,
      ...Array.from({ length: 60 }, (_, c) => String((r * 7919 + c * 104729) % 100003) + (c % 3 === 0 ? '.25' : '')),
    ]);
    const papa = `${Papa.unparse({ fields: csvCells(header), data: rows.map(csvCells) }, { newline: '\r\n', quotes: false })}\r\n`;
    const written = reportToCsv({ header, rows });
    expect(written.length).toBeGreaterThan(1 << 20);
    expect(written).toBe(papa);
    expect(written.startsWith('"\uFEFFcltID"')).toBe(true);
    // The bytes a file gets are that text's UTF-8, the mark included.
    expect(Buffer.from(reportCsvBytes({ header, rows })).equals(Buffer.from(papa, 'utf8'))).toBe(true);
  });

  it('ends every line, the last included, with CRLF', () => {
    expect(reportToCsv({ header: ['a', 'b'], rows: [['1', '2']] })).toBe('a,b\r\n1,2\r\n');
    expect(reportToCsv({ header: ['a'], rows: [] })).toBe('a\r\n');
  });
});
