import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { compileFormula } from '../../../engine/formulas/compile.ts';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator, type ResultCache } from '../../../engine/formulas/evaluate.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { runFormulaTests } from '../../../engine/formulas/fixtures.ts';
import { dependencyOrder, dependents, findReferences, indexFormulas, type FormulaIndex } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { duckdbErrorPosition, openValidator, type Validator } from '../../../engine/formulas/validate.ts';
import { parseStamp } from '../../../snapshots/period.ts';
import { quoteIdent, tableNamed, type ColumnDef } from '../../../snapshots/schema/index.ts';
import { openBulkWriter, type RowValue } from '../../../snapshots/store/bulk-writer.ts';

/**
 * The text of a custom formula file. Without `extra` lines, SQL line n is file line 7 + n and
 * every SQL column is 2 further right in the file:
 *
 *   1 id: <id>       4 unit: count      7 sql: |
 *   2 title: ...     5 family: calls    8   <SQL line 1>
 *   3 description:   6 variant: custom  9   <SQL line 2> ...
 */
function formulaText(id: string, sql: string, extra = ''): string {
  const header = [
    `id: ${id}`,
    "title: 'A formula written for a test'",
    "description: 'Checks the validator.'",
    'unit: count',
    'family: calls',
    'variant: custom',
  ];
  return `${[...header, ...(extra ? [extra] : []), 'sql: |', ...sql.split('\n').map((line) => `  ${line}`)].join('\n')}\n`;
}

const fileOf = (id: string) => `formulas/test/${id}.yaml`;
const formula = (id: string, sql: string, extra = ''): Formula => parseFormulaFile(formulaText(id, sql, extra), fileOf(id));

/** The text at `line`:`column` of a file, as long as `expected`: what an error points at. */
function textAt(text: string, line: number | undefined, column: number | undefined, length: number): string {
  return (text.split('\n')[(line ?? 0) - 1] ?? '').slice((column ?? 0) - 1, (column ?? 0) - 1 + length);
}

const noFormulas: FormulaIndex = indexFormulas([]);

describe('validating a formula', () => {
  let validator: Validator;
  beforeAll(async () => {
    validator = await openValidator();
  });
  afterAll(() => validator.close());

  // Behaviour -> SQL (file line 8 on) -> code, the file line and column, and the text found there.
  it.each([
    [
      'a misspelt keyword is a syntax error at that keyword',
      'SELEC e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nGROUP BY e.cltId',
      'sql_syntax',
      8,
      3,
      'SELEC',
    ],
    [
      'a FROM without a table is a syntax error at the next token',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM\nWHERE e.Kind = 1\nGROUP BY e.cltId',
      'sql_syntax',
      10,
      3,
      'WHERE',
    ],
    [
      'a doubled operator is a syntax error at the second one',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nWHERE e.Kind = = 1\nGROUP BY e.cltId',
      'sql_syntax',
      10,
      18,
      '= 1',
    ],
    ['an INSERT is not a SELECT', 'INSERT INTO statCallEnd (callId)\nVALUES (1)', 'not_select', 8, 3, 'INSERT'],
    ['a PRAGMA is not a SELECT', 'PRAGMA version', 'not_select', 8, 3, 'PRAGMA'],
    ['two statements are rejected at the second', 'SELECT 1 AS cltID, 1 AS value;\nSELECT 2 AS cltID, 2 AS value', 'multiple_statements', 9, 3, 'SELECT 2'],
    [
      'an unknown table is reported at its name',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\n  JOIN nosuchTable n ON n.callId = e.callId\nGROUP BY e.cltId',
      'unknown_table',
      10,
      10,
      'nosuchTable',
    ],
    [
      'a schema-qualified IS table is an unknown table',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM main.statCallEnd e\nGROUP BY e.cltId',
      'unknown_table',
      9,
      8,
      'main.statCallEnd',
    ],
    [
      'an unknown column on SQL line 3 is reported at it',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nWHERE e.Kind = 1 AND e.nosuch = 2\nGROUP BY e.cltId',
      'unknown_column',
      10,
      24,
      'e.nosuch',
    ],
    ['a table function is not allowed', 'SELECT r.range AS cltID, 1 AS value\nFROM range(10) r', 'table_function', 9, 8, 'range(10)'],
    [
      'an undeclared $parameter is reported at it',
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nWHERE e.Kind = $kind\nGROUP BY e.cltId',
      'undeclared_param',
      10,
      18,
      '$kind',
    ],
    [
      'a reference to a formula not in the library is an unknown formula',
      'SELECT n.cltID, n.value\nFROM formulas.Nope n',
      'unknown_formula',
      9,
      8,
      'formulas.Nope',
    ],
    [
      'an aggregate of the wrong type is a bind error at the call',
      'SELECT e.cltId AS cltID,\n  sum(e.Stamp) AS value\nFROM statCallEnd e\nGROUP BY e.cltId',
      'bind_error',
      9,
      5,
      'sum(e.Stamp)',
    ],
  ] as const)('%s', async (_behaviour, sql, code, line, column, pointedAt) => {
    const text = formulaText('Broken', sql);
    const validation = await validator.validate(parseFormulaFile(text, fileOf('Broken')), noFormulas);
    expect(
      validation.errors.map((error) => ({ code: error.code, file: error.location.file, line: error.location.line, column: error.location.column })),
    ).toEqual([{ code, file: fileOf('Broken'), line, column }]);
    expect(textAt(text, validation.errors[0]?.location.line, validation.errors[0]?.location.column, pointedAt.length)).toBe(pointedAt);
    expect(validation.valueType).toBeUndefined();
  });

  it('a declared parameter the SQL never uses is reported on its params entry', async () => {
    const param = "params:\n  - name: time_cap\n    type: integer\n    default: 0\n    description: 'A cap nobody uses.'";
    const validation = await validator.validate(
      formula('Unused', 'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nGROUP BY e.cltId', param),
      noFormulas,
    );
    expect(validation.errors.map((error) => [error.code, error.location])).toEqual([
      ['unused_param', { formulaId: 'Unused', file: fileOf('Unused'), field: 'params[0]' }],
    ]);
  });

  // The result must be exactly (cltID integer, value exact number); reported at the start of the SQL.
  it.each([
    [
      'three columns',
      'SELECT e.cltId AS cltID, count(*) AS value, 1 AS extra\nFROM statCallEnd e\nGROUP BY e.cltId',
      /exactly two columns, cltID and value; this one returns cltID, value, extra/,
    ],
    ['columns named otherwise', 'SELECT e.cltId AS client, count(*) AS total\nFROM statCallEnd e\nGROUP BY e.cltId', /this one returns client, total/],
    ['a text cltID', "SELECT 'x' AS cltID, count(*) AS value\nFROM statCallEnd e", /cltID must be an integer client id, not VARCHAR/],
    ['a text value', "SELECT e.cltId AS cltID, 'x' AS value\nFROM statCallEnd e", /value must be an exact number .* not VARCHAR/],
    [
      'a DOUBLE value',
      'SELECT e.cltId AS cltID, avg(e.selTalk) AS value\nFROM statCallEnd e\nGROUP BY e.cltId',
      /not DOUBLE; cast it, e\.g\. CAST\(\.\.\. AS DECIMAL\(18,3\)\)/,
    ],
  ])('a result of %s is the wrong shape', async (_what, sql, message) => {
    const validation = await validator.validate(formula('Shape', sql), noFormulas);
    expect(validation.errors.map((error) => ({ code: error.code, line: error.location.line, column: error.location.column }))).toEqual([
      { code: 'result_shape', line: 8, column: 3 },
    ]);
    expect(validation.errors[0]?.message).toMatch(message);
    expect(validation.valueType).toBeUndefined();
  });

  it('a formula calling more than 32 aggregates is refused at the 33rd; 32 validate', async () => {
    // Eleven lines of three aggregates each (count(*) is one too): the 33rd is the max( of the last line.
    const terms = (lines: number) => Array.from({ length: lines }, (_, i) => `  + sum(e.selTalk + ${i}) + count(*) + max(e.selRing)`).join('\n');
    const sql = (lines: number) => `SELECT e.cltId AS cltID, 0\n${terms(lines)} AS value\nFROM statCallEnd e\nGROUP BY e.cltId`;
    const validation = await validator.validate(formula('Wide', sql(11)), noFormulas);
    const lastTermLine = 8 + 11;
    const text = formulaText('Wide', sql(11));
    const column = (text.split('\n')[lastTermLine - 1] as string).indexOf('max(') + 1;
    expect(validation.errors.map((error) => ({ code: error.code, line: error.location.line, column: error.location.column }))).toEqual([
      { code: 'too_many_aggregates', line: lastTermLine, column },
    ]);
    expect(textAt(text, lastTermLine, column, 4)).toBe('max(');
    expect(validation.errors[0]?.message).toBe(
      'a formula may call at most 32 aggregate functions (it computes one statistic); this one calls 33, the first beyond the limit here',
    );
    // 32: ten lines and one more aggregate in the first.
    const within = await validator.validate(formula('Wide', sql(10).replace('cltID, 0', 'cltID, max(e.Kind)')), noFormulas);
    expect(within.errors).toEqual([]);
  });

  it('a valid formula validates with the type of its value', async () => {
    const validation = await validator.validate(
      formula(
        'Valid',
        'SELECT e.cltId AS cltID,\n  CAST(sum(e.selTalk) AS DECIMAL(18,3)) AS value\nFROM statCallEnd e\nWHERE e.Stamp BETWEEN $start AND $end\nGROUP BY e.cltId',
      ),
      noFormulas,
    );
    expect(validation.errors).toEqual([]);
    expect(validation.valueType).toBe('DECIMAL(18,3)');
  });

  it('a formula referencing another validates once the referenced one was validated, with its value type', async () => {
    const base = formula(
      'SecCallsTest',
      'SELECT e.cltId AS cltID,\n  CAST(count(*) AS DECIMAL(18,3)) AS value\nFROM statCallEnd e\nWHERE e.Kind = 1\nGROUP BY e.cltId',
    );
    const user = formula('DoubleSec', 'SELECT cltID, value * 2 AS value\nFROM formulas.SecCallsTest');
    const index = indexFormulas([base, user]);
    expect(await validator.validate(base, index)).toMatchObject({ errors: [], valueType: 'DECIMAL(18,3)' });
    expect(await validator.validate(user, index)).toMatchObject({ errors: [], valueType: 'DECIMAL(18,3)' });
  });

  it('a column of a referenced formula that it does not return is an unknown column', async () => {
    const base = formula('BaseForColumns', 'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nGROUP BY e.cltId');
    const user = formula('UsesMissingColumn', 'SELECT b.cltID,\n  b.total AS value\nFROM formulas.BaseForColumns b');
    const index = indexFormulas([base, user]);
    expect((await validator.validate(base, index)).errors).toEqual([]);
    const { errors } = await validator.validate(user, index);
    expect(errors.map((error) => [error.code, error.location.line, error.location.column])).toEqual([['unknown_column', 9, 5]]);
  });
});

describe('positions of DuckDB errors on long lines', () => {
  let validator: Validator;
  let sandbox: Sandbox;
  beforeAll(async () => {
    validator = await openValidator();
    sandbox = await openScratchSandbox();
  });
  afterAll(() => {
    validator.close();
    sandbox.close();
  });

  const selected = 'e.selRing + e.selTalk + e.selTalk1 + e.selTalk2 + e.selConference + e.selHold + e.selInProgress + e.selVoiceMail + e.selAuto';

  /** DuckDB's error message for SQL that binds badly. */
  async function duckdbError(sql: string): Promise<string> {
    try {
      await sandbox.connection.prepare(sql);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the SQL bound without an error');
  }

  // DuckDB shows at most ~120 characters of the line around the error, cut with '...'.
  it.each([
    [
      'cut at the start only (the error near the end)',
      `SELECT e.cltId AS cltID,\n  sum(${selected} + e.nosuch) AS value\nFROM statCallEnd e\nGROUP BY e.cltId`,
    ],
    ['cut at both ends', `SELECT e.cltId AS cltID,\n  sum(${selected} + e.selDisc + e.nosuch + ${selected}) AS value\nFROM statCallEnd e\nGROUP BY e.cltId`],
    [
      'cut at the start, after the same text earlier on the line',
      `SELECT e.cltId AS cltID, sum(${selected} + ${selected} + e.nosuch) AS value FROM statCallEnd e GROUP BY e.cltId`,
    ],
    [
      'cut at the end only (the error near the start)',
      `SELECT e.cltId AS cltID,\n  sum(e.nosuch + ${selected}) AS value\nFROM statCallEnd e\nGROUP BY e.cltId`,
    ],
  ])('duckdbErrorPosition finds the column on a long line %s', async (_how, sql) => {
    const message = await duckdbError(sql);
    const lines = sql.split('\n');
    const line = lines.findIndex((text) => text.includes('e.nosuch')) + 1;
    expect((lines[line - 1] as string).length).toBeGreaterThan(120);
    expect(message).toMatch(/LINE \d+: .*\.\.\./);
    expect(duckdbErrorPosition(message, sql)).toEqual({ line, column: (lines[line - 1] as string).indexOf('e.nosuch') + 1 });
  });

  it('an unknown column near the end of a long SQL line is reported at its file column', async () => {
    const text = formulaText('LongLine', `SELECT e.cltId AS cltID,\n  sum(${selected} + e.nosuch) AS value\nFROM statCallEnd e\nGROUP BY e.cltId`);
    const { errors } = await validator.validate(parseFormulaFile(text, fileOf('LongLine')), noFormulas);
    expect(errors.map((error) => [error.code, error.location.line, error.location.column])).toEqual([['unknown_column', 9, 136]]);
    expect(textAt(text, 9, 136, 8)).toBe('e.nosuch');
  });

  it('duckdbErrorPosition reads a message without a LINE marker as no position', () => {
    expect(duckdbErrorPosition('Binder Error: column Kind must appear in the GROUP BY clause', 'SELECT 1')).toEqual({});
  });
});

describe('references between formulas', () => {
  it('findReferences finds formulas.X in code, not in comments or strings', () => {
    const sql = [
      '-- formulas.InLineComment is not used',
      'SELECT f.cltID, f.value /* nor formulas.InBlockComment */',
      "FROM formulas.Real f WHERE 'formulas.InString' <> ''",
      'UNION ALL SELECT cltID, value FROM formulas."Quoted"',
    ].join('\n');
    expect(findReferences(sql)).toEqual([
      { id: 'Real', offset: sql.indexOf('formulas.Real'), length: 'formulas.Real'.length },
      { id: 'Quoted', offset: sql.indexOf('formulas."Quoted"'), length: 'formulas."Quoted"'.length },
    ]);
  });

  it.each([
    [
      'two formulas using each other',
      [formula('A', 'SELECT cltID, value FROM formulas.B'), formula('B', 'SELECT cltID, value FROM formulas.A')],
      'A -> B -> A',
    ],
    ['a formula using itself', [formula('Self', 'SELECT cltID, value FROM formulas.Self')], 'Self -> Self'],
    [
      'a loop further down the chain',
      [
        formula('Top', 'SELECT cltID, value FROM formulas.C'),
        formula('C', 'SELECT cltID, value FROM formulas.D'),
        formula('D', 'SELECT cltID, value FROM formulas.C'),
      ],
      'C -> D -> C',
    ],
  ] as const)('%s is a reference cycle naming the loop', (_what, formulas, loop) => {
    const index = indexFormulas(formulas);
    const first = formulas[0] as Formula;
    for (const attempt of [() => dependencyOrder(first, index), () => compileFormula(first, index), () => dependents(index)]) {
      expect(attempt).toThrow(EngineError);
      try {
        attempt();
      } catch (error) {
        expect((error as EngineError).code).toBe('reference_cycle');
        expect((error as EngineError).message).toContain(loop);
      }
    }
  });

  const base = formula(
    'Base',
    'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nWHERE e.Stamp BETWEEN $start AND $end AND e.Kind = 1\nGROUP BY e.cltId',
  );
  const mid = formula(
    'Mid',
    'SELECT cltID, value * $factor AS value\nFROM formulas.Base',
    "params:\n  - name: factor\n    type: integer\n    default: 2\n    description: 'Multiplier.'",
  );
  const top = formula('Top', 'SELECT m.cltID, m.value + b.value AS value\nFROM formulas.Mid m\nJOIN formulas.Base b ON b.cltID = m.cltID');
  const other = formula('Other', 'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nGROUP BY e.cltId');
  const chain = indexFormulas([top, other, mid, base]);

  it('dependencyOrder lists every dependency, dependencies first', () => {
    expect(dependencyOrder(top, chain).map((f) => f.id)).toEqual(['Base', 'Mid']);
    expect(dependencyOrder(mid, chain).map((f) => f.id)).toEqual(['Base']);
    expect(dependencyOrder(base, chain)).toEqual([]);
  });

  it('dependents gives the formulas using each one, directly or through others', () => {
    const users = dependents(chain);
    expect(Object.fromEntries([...users].map(([id, set]) => [id, [...set].sort()]))).toEqual({ Base: ['Mid', 'Top'], Mid: ['Top'] });
  });

  it('an unknown reference is an unknown formula when ordering', () => {
    expect(() => dependencyOrder(formula('Lost', 'SELECT cltID, value FROM formulas.Nope'), chain)).toThrow(/formulas\.Nope is not a formula/);
  });

  describe('compileFormula on a two-level chain', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await openScratchSandbox();
    });
    afterAll(() => sandbox.close());

    it('inlines the references as CTEs named "formulas.<Id>", dependencies first', () => {
      const compiled = compileFormula(top, chain);
      const { sql } = compiled;
      expect(sql.startsWith('WITH "formulas.Base" AS (\n')).toBe(true);
      const midCte = sql.indexOf('"formulas.Mid" AS (');
      const body = sql.indexOf('SELECT cltID, value FROM (');
      expect(midCte).toBeGreaterThan(0);
      expect(body).toBeGreaterThan(midCte);
      expect(sql.slice(midCte, body)).toContain('FROM "formulas.Base"');
      expect(sql.slice(body)).toContain('FROM "formulas.Mid" m\nJOIN "formulas.Base" b');
      expect(sql).not.toMatch(/formulas\.(Base|Mid)\b(?!")/);
      expect(compiled.parameters.map((p) => p.name).sort()).toEqual(['end', 'factor', 'start']);
      expect(compiled.contentHash).toMatch(/^[0-9a-f]{32}$/);
    });

    it('compiles again in a new library where a formula it uses changed, and only then', () => {
      const before = compileFormula(top, chain);
      const unchanged = indexFormulas([top, other, mid, base]);
      expect(compileFormula(top, unchanged)).toEqual(before);
      const editedBase = formula('Base', base.sql.replace('e.Kind = 1', 'e.Kind = 5'));
      const edited = indexFormulas([top, other, mid, editedBase]);
      const after = compileFormula(top, edited);
      expect(after.sql).toContain('e.Kind = 5');
      expect(after.sql).not.toContain('e.Kind = 1');
      expect(after.contentHash).not.toBe(before.contentHash);
      // The index the formula was first compiled in still gives the first form.
      expect(compileFormula(top, chain)).toEqual(before);
      expect(() => compileFormula(top, indexFormulas([top, other, base]))).toThrow(/formulas\.Mid is not a formula/);
    });

    it('the compiled chain runs in a scratch sandbox with the expected numbers', async () => {
      const rows = [
        'statCallEnd:',
        "  - { callId: 1, cltId: 1, Stamp: '2026-10-05 10:00:00.000', Kind: 1 }",
        "  - { callId: 2, cltId: 1, Stamp: '2026-10-06 10:00:00.000', Kind: 1 }",
        "  - { callId: 3, cltId: 1, Stamp: '2026-10-07 10:00:00.000', Kind: 5 }",
        "  - { callId: 4, cltId: 1, Stamp: '2026-11-01 00:00:00.000', Kind: 1 }",
        "  - { callId: 5, cltId: 2, Stamp: '2026-10-31 23:59:59.997', Kind: 1 }",
        "  - { callId: 6, cltId: 3, Stamp: '2026-10-08 10:00:00.000', Kind: 5 }",
      ];
      // Base = kind-1 calls in October {1: 2, 2: 1}; Mid = Base x factor; Top = Mid + Base.
      const tests = [
        'tests:',
        "  - name: 'default factor 2'",
        '    rows:',
        ...rows.map((line) => `      ${line}`),
        '    expect: { 1: 6, 2: 3 }',
        "  - name: 'factor 10'",
        '    params: { factor: 10 }',
        '    rows:',
        ...rows.map((line) => `      ${line}`),
        '    expect: { 1: 22, 2: 11 }',
      ].join('\n');
      const withTests = parseFormulaFile(`${formulaText('Top', top.sql.trimEnd())}${tests}\n`, fileOf('Top'));
      const index = indexFormulas([withTests, other, mid, base]);
      const outcomes = await runFormulaTests(withTests, index, sandbox);
      expect(outcomes.map(({ test, passed, mismatches, error }) => ({ test, passed, mismatches, error: error?.describe() }))).toEqual([
        { test: 'default factor 2', passed: true, mismatches: [], error: undefined },
        { test: 'factor 10', passed: true, mismatches: [], error: undefined },
      ]);
    });
  });
});

describe('evaluating formulas with a result cache', () => {
  let sandbox: Sandbox;

  /** Appends rows to an IS table; columns left out take a neutral value (0, false, '', the period's middle). */
  async function insertRows(tableName: string, rows: readonly Record<string, RowValue>[]): Promise<void> {
    const table = tableNamed(tableName);
    const neutral = (column: ColumnDef): RowValue =>
      column.nullable
        ? null
        : column.duckdbType === 'TIMESTAMP'
          ? parseStamp('2026-10-15 12:00:00.000')
          : column.duckdbType === 'BOOLEAN'
            ? false
            : column.duckdbType === 'VARCHAR'
              ? ''
              : 0;
    await sandbox.connection.run(`DELETE FROM ${quoteIdent(table.name)}`);
    const writer = await openBulkWriter(sandbox.connection, table);
    for (const row of rows) {
      writer.append(table.columns.map((column) => (column.name in row ? (row[column.name] as RowValue) : neutral(column))));
    }
    writer.close();
  }

  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    const call = (callId: number, cltId: number, stamp: string, Kind: number, selTalk: number) => ({
      callId,
      cltId,
      Stamp: parseStamp(stamp),
      Kind,
      CompCode: 0,
      selTalk,
    });
    await insertRows('statCallEnd', [
      call(1, 1, '2026-10-05 10:00:00.000', 1, 100),
      call(2, 1, '2026-10-06 10:00:00.000', 1, 20),
      call(3, 1, '2026-10-07 10:00:00.000', 5, 50),
      call(4, 1, '2026-11-01 00:00:00.000', 1, 500),
      call(5, 2, '2026-10-10 10:00:00.000', 1, 45),
      call(6, 2, '2026-10-11 10:00:00.000', 5, 90),
      call(7, 3, '2026-10-12 10:00:00.000', 5, 10),
    ]);
  });
  afterAll(() => sandbox.close());

  const inPeriod = 'WHERE e.Stamp BETWEEN $start AND $end';
  const secCalls = (kinds: string) =>
    formula('SecCallsTest', `SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\n${inPeriod} AND e.Kind IN (${kinds})\nGROUP BY e.cltId`);
  const base = secCalls('1');
  const double = formula(
    'DoubleSec',
    'SELECT cltID, value * $factor AS value\nFROM formulas.SecCallsTest',
    "params:\n  - name: factor\n    type: integer\n    default: 2\n    description: 'Multiplier.'",
  );
  const plusOne = formula('DoubleSecPlusOne', 'SELECT cltID, value + 1 AS value\nFROM formulas.DoubleSec');
  const talk = formula(
    'TalkCapped',
    `SELECT e.cltId AS cltID, sum(least(e.selTalk, $cap)) AS value\nFROM statCallEnd e\n${inPeriod}\nGROUP BY e.cltId`,
    "params:\n  - name: cap\n    type: integer\n    default: 60\n    description: 'Per-call cap in seconds.'",
  );
  const all = formula('AllCalls', `SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\n${inPeriod}\nGROUP BY e.cltId`);
  const library = [base, double, plusOne, talk, all];
  const ids = library.map((f) => f.id).sort();

  const evaluator = (formulas: readonly Formula[], cache: ResultCache = new Map(), snapshotKey = 'snapshot-1') =>
    createEvaluator({ sandbox, snapshotKey, index: indexFormulas(formulas), cache });
  const values = (evaluation: Awaited<ReturnType<ReturnType<typeof evaluator>['evaluate']>>) =>
    Object.fromEntries([...evaluation.results].map(([id, result]) => [id, Object.fromEntries(result.values)]));

  it('computes every formula once, then serves them all from the cache', async () => {
    const cache: ResultCache = new Map();
    const first = await evaluator(library, cache).evaluate(library, {});
    expect([...first.computed].sort()).toEqual(ids);
    expect(first.cached).toEqual([]);
    expect(values(first)).toEqual({
      SecCallsTest: { 1: '2', 2: '1' },
      DoubleSec: { 1: '4', 2: '2' },
      DoubleSecPlusOne: { 1: '5', 2: '3' },
      TalkCapped: { 1: '130', 2: '105', 3: '10' },
      AllCalls: { 1: '3', 2: '2', 3: '1' },
    });
    const second = await evaluator(library, cache).evaluate(library, {});
    expect(second.computed).toEqual([]);
    expect([...second.cached].sort()).toEqual(ids);
    expect(second.queries).toBe(0);
    expect(values(second)).toEqual(values(first));
  });

  it('a changed base formula recomputes itself and its dependents, not unrelated formulas', async () => {
    const cache: ResultCache = new Map();
    await evaluator(library, cache).evaluate(library, {});
    const changed = [secCalls('1, 5'), double, plusOne, talk, all];
    const after = await evaluator(changed, cache).evaluate(changed, {});
    expect([...after.computed].sort()).toEqual(['DoubleSec', 'DoubleSecPlusOne', 'SecCallsTest']);
    expect([...after.cached].sort()).toEqual(['AllCalls', 'TalkCapped']);
    expect(values(after)).toMatchObject({
      SecCallsTest: { 1: '3', 2: '2', 3: '1' },
      DoubleSec: { 1: '6', 2: '4', 3: '2' },
      DoubleSecPlusOne: { 1: '7', 2: '5', 3: '3' },
    });
  });

  it.each([
    ['cap', { cap: 30 }, ['TalkCapped'], { TalkCapped: { 1: '80', 2: '60', 3: '10' } }],
    [
      'factor (used through a reference too)',
      { factor: 3 },
      ['DoubleSec', 'DoubleSecPlusOne'],
      { DoubleSec: { 1: '6', 2: '3' }, DoubleSecPlusOne: { 1: '7', 2: '4' } },
    ],
    ['end (used by every formula)', { end: '2026-11-30 23:59:59.997' }, ids, { SecCallsTest: { 1: '3', 2: '1' } }],
    ['an undeclared name', { colour: 'red' }, [], {}],
  ] as const)('a new value of %s recomputes only the formulas that use it', async (_param, params, recomputed, expected) => {
    const cache: ResultCache = new Map();
    await evaluator(library, cache).evaluate(library, {});
    const after = await evaluator(library, cache).evaluate(library, params);
    expect([...after.computed].sort()).toEqual([...recomputed].sort());
    expect([...after.cached].sort()).toEqual(ids.filter((id) => !(recomputed as readonly string[]).includes(id)));
    expect(values(after)).toMatchObject(expected);
  });

  it('a different snapshot recomputes everything', async () => {
    const cache: ResultCache = new Map();
    await evaluator(library, cache, 'snapshot-1').evaluate(library, {});
    const other = await evaluator(library, cache, 'snapshot-2').evaluate(library, {});
    expect([...other.computed].sort()).toEqual(ids);
    expect(other.cached).toEqual([]);
    const again = await evaluator(library, cache, 'snapshot-1').evaluate(library, {});
    expect(again.computed).toEqual([]);
  });
});
