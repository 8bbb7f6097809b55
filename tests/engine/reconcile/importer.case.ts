/**
 * The contract every legacy-file importer obeys, run against each format by importers.test.ts
 * (as hono runs one router suite against every router). A format writes a table of cell texts
 * into its file; the importer must read it back under the same rules and errors.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { importLegacyExport } from '../../../engine/reconcile/import.ts';
import type { LegacyExport } from '../../../engine/reconcile/legacy-export.ts';
import type { Table } from './legacy-files.ts';

export interface LegacyFormat {
  readonly name: string;
  readonly extension: string;
  write(table: Table): Promise<Uint8Array>;
  /** Cases this format cannot express, with the reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

const HEADER = ['ClientNumber', 'ClientName', 'SecCalls', 'CallDuration'];

export function describeImporterContract(format: LegacyFormat): void {
  const read = async (table: Table): Promise<LegacyExport> => importLegacyExport(await format.write(table), `october.${format.extension}`);
  const failure = async (table: Table): Promise<EngineError> => {
    const error = await read(table).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
    return error;
  };
  const test = (name: string, body: () => Promise<void>) => (format.skip?.[name] ? it.skip(`${name} (${format.skip[name]})`, body) : it(name, body));

  describe(`${format.name} importer contract`, () => {
    test('matches headers to statistics ignoring case and spacing', async () => {
      const legacy = await read([
        ['clientnumber', 'Client Name', ' Sec Calls ', 'CALLDURATION'],
        ['1001', 'Acme', '3', '240'],
      ]);
      expect(legacy.statistics).toEqual(['SecCalls', 'CallDuration']);
      expect(legacy.rows).toEqual([
        {
          row: 2,
          clientNumber: '1001',
          clientName: 'Acme',
          values: new Map([
            ['SecCalls', '3'],
            ['CallDuration', '240'],
          ]),
        },
      ]);
    });

    test('reads an optional cltID column as identity, not as a statistic', async () => {
      const legacy = await read([
        ['cltID', ...HEADER],
        ['7', '1001', 'Acme', '3', '240'],
      ]);
      expect(legacy.rows[0]?.cltID).toBe('7');
      expect(legacy.statistics).toEqual(['SecCalls', 'CallDuration']);
      expect(legacy.unknownColumns).toEqual([]);
    });

    test('reports unknown columns and missing statistics instead of guessing', async () => {
      const legacy = await read([
        ['ClientNumber', 'SecCall', 'CallDuration', 'Notes'],
        ['1001', '3', '240', 'x'],
      ]);
      expect(legacy.unknownColumns.map((column) => column.header)).toEqual(['SecCall', 'Notes']);
      expect(legacy.missingStatistics).toContain('SecCalls');
      expect(legacy.missingStatistics).toHaveLength(263);
    });

    test('reads thousands separators and negatives in parentheses as exact decimals', async () => {
      const legacy = await read([HEADER, ['1,001', 'Acme', '(12)', '1,234,567']]);
      expect(legacy.rows[0]?.clientNumber).toBe('1001');
      expect(Object.fromEntries(legacy.rows[0]?.values ?? [])).toEqual({ SecCalls: '-12', CallDuration: '1234567' });
    });

    test('skips blank rows, trailing ones included', async () => {
      const legacy = await read([HEADER, ['1001', 'Acme', '3', '240'], ['', '', '', ''], ['1002', 'Bolt', '0', '0'], [''], ['']]);
      expect(legacy.rows.map((row) => [row.row, row.clientNumber])).toEqual([
        [2, '1001'],
        [4, '1002'],
      ]);
    });

    test('refuses a cell that is not a number, naming its row and column', async () => {
      const error = await failure([HEADER, ['1001', 'Acme', '3', '240'], ['1002', 'Bolt', 'N/A', '0']]);
      expect(error.code).toBe('import_format');
      expect(error.location).toMatchObject({ file: `october.${format.extension}`, line: 3, column: 3, field: 'SecCalls' });
      expect(error.message).toMatch(/^row 3, column (3|C) \(SecCalls\): cannot read "N\/A" as a number/);
    });

    test('refuses a blank statistic cell rather than reading 0', async () => {
      const error = await failure([HEADER, ['1001', 'Acme', '', '240']]);
      expect(error.message).toMatch(/row 2, column (3|C) \(SecCalls\).*blank/);
    });

    test('counts the other bad cells after the first', async () => {
      const error = await failure([HEADER, ['1001', 'Acme', 'x', 'y'], ['1002', 'Bolt', '1.5e3', '0']]);
      expect(error.message).toMatch(/row 2, column (3|C) .*\(and 2 more problems\)$/);
    });

    test('refuses a file without a ClientNumber column', async () => {
      const error = await failure([
        ['Client', 'SecCalls'],
        ['1001', '3'],
      ]);
      expect(error.message).toMatch(/no ClientNumber column/);
      expect(error.location.line).toBe(1);
    });

    test('refuses two columns that name the same statistic', async () => {
      const error = await failure([
        ['ClientNumber', 'SecCalls', 'sec calls'],
        ['1001', '3', '4'],
      ]);
      expect(error.message).toMatch(/row 1, column (3|C) \(sec calls\): "sec calls" names SecCalls again/);
    });

    test('refuses a row with a cell beyond the header', async () => {
      const error = await failure([HEADER, ['1001', 'Acme', '3', '240', '17']]);
      expect(error.message).toMatch(/row 2, column (5|E): the row has 5 cells, the header 4/);
    });

    test('refuses a client number that is not a whole number', async () => {
      const error = await failure([HEADER, ['1001.5', 'Acme', '3', '240']]);
      expect(error.message).toMatch(/row 2, column (1|A) \(ClientNumber\): a client number is a whole number/);
    });

    test('refuses an empty file', async () => {
      const error = await failure([['']]);
      expect(error.message).toMatch(/the file is empty/);
    });
  });
}
