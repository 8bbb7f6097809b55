/**
 * Wide number columns are read as DuckDB's text of them from a query's second run on: the values
 * a caller sees are exactly those of the first run, whatever the column types.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindParameters } from '../../../engine/formulas/params.ts';
import { forEachRow, valuesOf } from '../../../engine/formulas/run.ts';
import { openScratchSandbox, type ResultColumns, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { forEachLine } from '../../../engine/formulas/text-results.ts';

const EVERY_KIND = `SELECT * FROM (VALUES
  (1, 170141183460469231731687303715884105727::HUGEINT, 9223372036854775807::BIGINT, 1.500::DECIMAL(18,3), 0.1::DOUBLE, 5::DOUBLE, true, 'x', 3::INTEGER),
  (2, -5::HUGEINT, -1::BIGINT, -0.050::DECIMAL(18,3), 1e21::DOUBLE, 1.5e-7::DOUBLE, NULL, NULL, NULL),
  (3, NULL, NULL, NULL, NULL, NULL, false, 'y', -7)
) AS t(cltID, wide, big, money, tenth, whole, flag, label, small)
WHERE cltID >= $from
ORDER BY cltID`;

const NUMBERS = `SELECT * FROM (VALUES
  (1, 170141183460469231731687303715884105727::HUGEINT, (-9223372036854775807 - 1)::BIGINT, -0.050::DECIMAL(18,3), -7::TINYINT, 4000000000::UINTEGER),
  (2, NULL, 0::BIGINT, NULL, NULL, 0::UINTEGER),
  (3, NULL, NULL, NULL, NULL, NULL),
  (4, 0::HUGEINT, 12::BIGINT, 0.000::DECIMAL(18,3), 127::TINYINT, NULL),
  (5, 9999::HUGEINT, 10000::BIGINT, 7.000::DECIMAL(18,3), 0::TINYINT, 10::UINTEGER)
) AS t(cltID, wide, big, money, tiny, unsigned) WHERE cltID >= $from ORDER BY cltID`;

/** What a reader sees of a result: its names and columns (a result read as lines splits them when asked). */
function read(result: ResultColumns): { names: readonly string[]; columns: readonly (readonly unknown[])[] } {
  return { names: result.names, columns: result.columns };
}

describe('reading wide number columns as text', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
  });
  afterAll(() => sandbox.close());

  const parameters = () => bindParameters([{ name: 'from', type: 'integer', default: 1, description: '' }], {});

  it('gives the same rows and columns on every run, for every type', async () => {
    const firstRows = await sandbox.query(EVERY_KIND, parameters(), 'kinds');
    const firstColumns = await sandbox.queryColumns(EVERY_KIND, parameters(), 'kinds');
    expect(firstRows[0]).toEqual({
      cltID: 1,
      wide: '170141183460469231731687303715884105727',
      big: '9223372036854775807',
      money: '1.500',
      tenth: 0.1,
      whole: 5,
      flag: true,
      label: 'x',
      small: 3,
    });
    for (let run = 0; run < 2; run++) {
      expect(await sandbox.query(EVERY_KIND, parameters(), 'kinds')).toEqual(firstRows);
      expect(read(await sandbox.queryColumns(EVERY_KIND, parameters(), 'kinds'))).toEqual(read(firstColumns));
    }
    expect(firstColumns.names).toEqual(['cltID', 'wide', 'big', 'money', 'tenth', 'whole', 'flag', 'label', 'small']);
    expect(firstColumns.columns[4]).toEqual([0.1, 1e21, null]);
  });

  it('gives the same columns when every column is a number, read as lines of text', async () => {
    const first = await sandbox.queryColumns(NUMBERS, parameters(), 'numbers');
    expect(first.columns).toEqual([
      [1, 2, 3, 4, 5],
      ['170141183460469231731687303715884105727', null, null, '0', '9999'],
      ['-9223372036854775808', '0', null, '12', '10000'],
      ['-0.050', null, null, '0.000', '7.000'],
      [-7, null, null, 127, 0],
      [4000000000, 0, null, null, 10],
    ]);
    for (let run = 0; run < 2; run++) {
      const again = await sandbox.queryColumns(NUMBERS, parameters(), 'numbers');
      expect(again.lines).toBeTypeOf('string');
      expect(read(again)).toEqual(read(first));
    }
    const none = bindParameters([{ name: 'from', type: 'integer', default: 9, description: '' }], {});
    expect(read(await sandbox.queryColumns(NUMBERS, none, 'numbers'))).toEqual({ names: first.names, columns: [[], [], [], [], [], []] });
  });

  it("reads each row's values in one pass as valuesOf reads each column, from columns and from lines alike", async () => {
    const names = ['wide', 'big', 'money', 'tiny', 'unsigned', 'absent'];
    for (let run = 0; run < 3; run++) {
      const result = await sandbox.queryColumns(NUMBERS, parameters(), 'numbers');
      const byRow = names.map(() => new Map<number, string>());
      forEachRow(result, names, (client, values) => {
        values.forEach((text, i) => {
          if (text !== undefined) byRow[i]?.set(client, text);
        });
      });
      expect(byRow).toEqual(names.map((name) => new Map(valuesOf(result, name))));
      expect(byRow[2]).toEqual(
        new Map([
          [1, '-0.050'],
          [5, '7.000'],
        ]),
      );
    }
  });

  it('keeps the order of many rows when they come back as one text', async () => {
    // More rows than one DuckDB vector, in an order the source does not give by itself.
    const sql =
      'SELECT ((i * 7919) % 10007)::INTEGER AS cltID, (i * 3)::HUGEINT AS v, NULL::BIGINT AS none FROM range(6000) AS t(i) WHERE i >= $from ORDER BY cltID DESC';
    const first = await sandbox.queryColumns(sql, parameters(), 'many');
    expect(first.columns[0]).toHaveLength(5999);
    expect(first.columns[0]?.slice(0, 2)).toEqual([10006, 10005]);
    for (let run = 0; run < 2; run++) expect(read(await sandbox.queryColumns(sql, parameters(), 'many'))).toEqual(read(first));
  });

  it('keeps columns of the same name as a row object has them', async () => {
    const sql = 'SELECT 1 AS cltID, 10::HUGEINT AS v, 20::HUGEINT AS v';
    const first = await sandbox.query(sql, bindParameters([], {}), 'twice');
    expect(await sandbox.query(sql, bindParameters([], {}), 'twice')).toEqual(first);
  });
});

describe('forEachLine', () => {
  // Fields as DuckDB writes numbers, and an empty one for NULL.
  const field = fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 12_000 }).map(String),
    fc.integer({ min: -99_999, max: 99_999 }).map(String),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.tuple(fc.integer({ min: -9_999, max: 9_999 }), fc.integer({ min: 0, max: 999 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(3, '0')}`),
  );
  const lines = fc
    .integer({ min: 1, max: 6 })
    .chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 30 }));

  it("gives each line's fields as written, an empty one as null", () => {
    fc.assert(
      fc.property(lines, (rows) => {
        const seen: (string | null)[][] = [];
        forEachLine(rows.map((row) => row.join(',')).join('\n'), rows[0]?.length ?? 1, (fields) => seen.push([...fields]));
        expect(seen).toEqual(rows.map((row) => row.map((text) => (text === '' ? null : text))));
      }),
      { numRuns: 500 },
    );
  });
});
