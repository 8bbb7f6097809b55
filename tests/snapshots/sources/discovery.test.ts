import { describe, expect, it } from 'vitest';
import { tableNamed, tables, type TableDef } from '../../../snapshots/schema/index.ts';
import { neutralValue, resolveSchema } from '../../../snapshots/sources/discovery.ts';
import type { LiveColumn } from '../../../snapshots/sources/source.ts';

/** The live columns of a source that has exactly the IS schema, minus what `without` names. */
function liveSchema(without: readonly string[] = [], rename: (name: string) => string = (name) => name): LiveColumn[] {
  return tables.flatMap((table) =>
    table.columns
      .filter((column) => !without.includes(table.name) && !without.includes(`${table.name}.${column.name}`))
      .map((column) => ({ table: rename(table.name), column: rename(column.name) })),
  );
}

const WHERE = 'sqlserver db:1433/IS (schema dbo)';

describe('schema discovery', () => {
  it('finds every table and column of a source with the IS schema, with no warning', () => {
    const schema = resolveSchema(tables, liveSchema(), WHERE);
    expect(schema.warnings).toEqual([]);
    expect(schema.tables.every((table) => table.liveColumns.every((name) => name !== undefined))).toBe(true);
  });

  it('matches names case-insensitively and reads them as the source spells them', () => {
    const schema = resolveSchema(
      tables,
      liveSchema([], (name) => name.toLowerCase()),
      WHERE,
    );
    expect(schema.names.table('statCallEnd')).toBe('statcallend');
    expect(schema.names.column('cltID')).toBe('cltid');
  });

  it('names every missing table and report column in one error', () => {
    expect(() => resolveSchema(tables, liveSchema(['statFax', 'statCallEnd.CompCode', 'cltClients.ClientNumber']), WHERE)).toThrow(
      expect.objectContaining({
        code: 'source_schema_mismatch',
        message: `The source ${WHERE} lacks what Billing Export 200 reads: column cltClients.ClientNumber; table statFax; column statCallEnd.CompCode.`,
      }),
    );
  });

  it('warns about a missing optional column and says what fills it', () => {
    const schema = resolveSchema(tables, liveSchema(['statCallEnd.agtId', 'msgHistories.histId', 'cltClients.Stamp', 'statCallStart.ANI']), WHERE);
    expect(schema.warnings).toEqual([
      'cltClients.Stamp (optional) is missing in the source: filled with NULL.',
      'msgHistories.histId (optional) is missing in the source: filled with 0 (the column is NOT NULL).',
      'statCallStart.ANI (optional) is missing in the source: filled with NULL.',
      'statCallEnd.agtId (optional) is missing in the source: filled with NULL.',
    ]);
  });

  it('ignores live columns and tables that IS does not define', () => {
    const live = [...liveSchema(), { table: 'statCallEnd', column: 'NewInV12' }, { table: 'auditLog', column: 'id' }];
    expect(resolveSchema(tables, live, WHERE).warnings).toEqual([]);
  });

  it.each([
    ['cltClients', 'Inactive', false],
    ['msgHistories', 'histId', 0],
    ['statClientMaintenance', 'ID', 0],
    ['agtAgents', 'Name', null],
  ])('fills a missing %s.%s with %j', (table, column, expected) => {
    const def = (tableNamed(table) as TableDef).columns.find((candidate) => candidate.name === column);
    expect(neutralValue(def as NonNullable<typeof def>)).toBe(expected);
  });
});
