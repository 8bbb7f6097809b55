import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';

const FILE = 'formulas/test/SecCallsTest.yaml';

/**
 * A valid formula file in the shape of formulas/legacy/calls/SecCalls.yaml, one entry per
 * top-level field; an override replaces that field's lines ('' leaves the field out). `params` is
 * empty by default and sits before `sql`, as in SelSecDurationCap.yaml. With no override the
 * lines are:
 *
 *    1 # comment          6 unit: count        11   position: 120    16   SELECT ...
 *    2 id: SecCallsTest   7 family: calls      12 quirks:            17   FROM statCallEnd e
 *    3 title: ...         8 variant: legacy    13   reproduces: [...]  18   WHERE ...
 *    4 description: >-    9 legacy:            14   fixes: []        19     AND e.Kind = 1
 *    5   Number of ...   10   column: SecCalls 15 sql: |             20   GROUP BY e.cltId
 *   21 tests: ...
 */
const validFields = {
  comment: '# Billing Export 200 (v1.9.1), column 120 of 268: SecCalls. Legacy: reproduces the report exactly, quirks included.',
  id: 'id: SecCallsTest',
  title: "title: 'Secretarial calls'",
  description: 'description: >-\n  Number of Secretarial calls. How Billing Export 200 computes it: Calls with statCallEnd.Kind=1.',
  unit: 'unit: count',
  family: 'family: calls',
  variant: 'variant: legacy',
  legacy: 'legacy:\n  column: SecCalls\n  position: 120',
  quirks: 'quirks:\n  reproduces: [D6, D7, D16]\n  fixes: []',
  params: '',
  sql: [
    'sql: |',
    '  SELECT e.cltId AS cltID, count(*) AS value',
    '  FROM statCallEnd e',
    '  WHERE e.Stamp BETWEEN $start AND $end',
    '    AND e.Kind = 1',
    '  GROUP BY e.cltId',
  ].join('\n'),
  tests: [
    'tests:',
    "  - name: 'counts kind-1 calls that ended in the period'",
    '    rows:',
    '      statCallEnd:',
    "        - { callId: 1, cltId: 1, Stamp: '2026-10-05 10:02:01.100', Kind: 1, CompCode: 0 }",
    '    expect: { 1: 1 }',
  ].join('\n'),
};
type Field = keyof typeof validFields;

function formulaFile(overrides: Partial<Record<Field, string>> = {}): string {
  const fields = { ...validFields, ...overrides };
  return `${Object.values(fields)
    .filter((lines) => lines !== '')
    .join('\n')}\n`;
}

/** The error parsing `text` throws. */
function thrown(text: string): EngineError {
  try {
    parseFormulaFile(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('the file parsed without an error');
}

/** What parsing `text` throws, as plain data. */
function failure(text: string): { code: string; line?: number; column?: number; field?: string } {
  const { code, location } = thrown(text);
  expect(location.file).toBe(FILE);
  return { code, line: location.line, column: location.column, field: location.field };
}

const params = (name: string, type: string) => `params:\n  - name: ${name}\n    type: ${type}\n    default: 0\n    description: 'Per-call cap.'`;

describe('parseFormulaFile', () => {
  it('reads a valid file into a formula with its metadata, SQL and tests', () => {
    const formula = parseFormulaFile(formulaFile(), FILE);
    expect(formula).toMatchObject({
      kind: 'formula',
      id: 'SecCallsTest',
      title: 'Secretarial calls',
      description: 'Number of Secretarial calls. How Billing Export 200 computes it: Calls with statCallEnd.Kind=1.',
      unit: 'count',
      family: 'calls',
      variant: 'legacy',
      legacy: { column: 'SecCalls', position: 120 },
      statistic: 'SecCalls',
      quirks: { reproduces: ['D6', 'D7', 'D16'], fixes: [] },
      params: [],
      source: { file: FILE, line: 16, column: 3 },
    });
    expect(formula.sql).toBe(
      'SELECT e.cltId AS cltID, count(*) AS value\nFROM statCallEnd e\nWHERE e.Stamp BETWEEN $start AND $end\n  AND e.Kind = 1\nGROUP BY e.cltId\n',
    );
    expect(formula.tests).toEqual([
      {
        name: 'counts kind-1 calls that ended in the period',
        params: {},
        rows: { statCallEnd: [{ callId: 1, cltId: 1, Stamp: '2026-10-05 10:02:01.100', Kind: 1, CompCode: 0 }] },
        expect: { 1: 1 },
      },
    ]);
  });

  it('reads declared parameters, and takes the statistic from the id when there is no legacy column', () => {
    const formula = parseFormulaFile(formulaFile({ variant: 'variant: custom', legacy: '', params: params('time_cap_minutes', 'integer') }), FILE);
    expect(formula.params).toEqual([{ name: 'time_cap_minutes', type: 'integer', default: 0, description: 'Per-call cap.' }]);
    expect(formula.legacy).toBeUndefined();
    expect(formula.statistic).toBe('SecCallsTest');
  });

  // Where the SQL starts: SQL positions are mapped to the file through `source`.
  it.each([
    ['a `sql: |` block indented by 2', 'sql: |\n  SELECT 1 AS cltID,\n  2 AS value', 16, 3, 'SELECT 1 AS cltID,\n2 AS value\n'],
    ['a `sql: |` block indented by 4', 'sql: |\n    SELECT 1 AS cltID,\n    2 AS value', 16, 5, 'SELECT 1 AS cltID,\n2 AS value\n'],
    [
      'a `sql: |` block opening with a comment',
      'sql: |\n  -- one client\n  SELECT 1 AS cltID, 2 AS value',
      16,
      3,
      '-- one client\nSELECT 1 AS cltID, 2 AS value\n',
    ],
    ['a one-line double-quoted `sql: "..."`', 'sql: "SELECT 1 AS cltID, 2 AS value"', 15, 7, 'SELECT 1 AS cltID, 2 AS value'],
    ["a one-line single-quoted `sql: '...'`", "sql: 'SELECT 1 AS cltID, 2 AS value'", 15, 7, 'SELECT 1 AS cltID, 2 AS value'],
    ['a one-line plain `sql: ...`', 'sql: SELECT 1 AS cltID, 2 AS value', 15, 6, 'SELECT 1 AS cltID, 2 AS value'],
  ])('source points at the first SQL character of %s', (_what, sql, line, column, sqlText) => {
    const text = formulaFile({ sql });
    const formula = parseFormulaFile(text, FILE);
    expect(formula.sql).toBe(sqlText);
    expect(formula.source).toEqual({ file: FILE, line, column });
    const firstLine = formula.sql.split('\n')[0] as string;
    expect((text.split('\n')[line - 1] as string).slice(column - 1, column - 1 + firstLine.length)).toBe(firstLine);
  });

  // One line per case: what is wrong with the file -> code, line, column, field (undefined: none).
  it.each([
    ['a mapping item indented less than its siblings', { legacy: 'legacy:\n    column: SecCalls\n  position: 120' }, 'file_syntax', 11, 1, undefined],
    ['an unclosed quote', { title: "title: 'Secretarial calls" }, 'file_syntax', 3, 26, undefined],
    ['a tab as indentation', { legacy: 'legacy:\n\tcolumn: SecCalls\n  position: 120' }, 'file_syntax', 10, 1, undefined],
    ['a flow map left open', { quirks: 'quirks: { reproduces: [D6]\nsql2: 1' }, 'file_syntax', 13, 1, undefined],
    ['a duplicate key', { family: 'family: calls\nunit: seconds' }, 'file_syntax', 8, 1, undefined],
    ['an unknown top-level field', { family: 'family: calls\ncolour: red' }, 'file_field', 8, 1, 'colour'],
    ['an unknown field inside legacy', { legacy: 'legacy:\n  column: SecCalls\n  position: 120\n  colour: red' }, 'file_field', 12, 3, 'legacy.colour'],
    ['no id', { id: '' }, 'file_field', 2, 1, 'id'],
    ['no title', { title: '' }, 'file_field', 2, 1, 'title'],
    ['no unit', { unit: '' }, 'file_field', 2, 1, 'unit'],
    ['no sql', { sql: '' }, 'file_field', 2, 1, 'sql'],
    ['an empty sql', { sql: "sql: ''" }, 'file_field', 15, 6, 'sql'],
    ['unit: hours', { unit: 'unit: hours' }, 'file_field', 6, 7, 'unit'],
    ['variant: draft', { variant: 'variant: draft' }, 'file_field', 8, 10, 'variant'],
    ['id: 3Calls', { id: 'id: 3Calls' }, 'file_field', 2, 5, 'id'],
    ['a family that is not a name', { family: "family: 'call family'" }, 'file_field', 7, 9, 'family'],
    ['a legacy variant without legacy:', { legacy: '' }, 'file_field', 8, 10, 'legacy'],
    ['legacy position 300', { legacy: 'legacy:\n  column: SecCalls\n  position: 300' }, 'file_field', 11, 13, 'legacy.position'],
    ['legacy position 0', { legacy: 'legacy:\n  column: SecCalls\n  position: 0' }, 'file_field', 11, 13, 'legacy.position'],
    ['a param name not in lower_snake_case', { params: params('TimeCap', 'integer') }, 'file_field', 16, 11, 'params.0.name'],
    ['a param of type float', { params: params('time_cap', 'float') }, 'file_field', 17, 11, 'params.0.type'],
    [
      'a param without a default',
      { params: "params:\n  - name: time_cap\n    type: integer\n    description: 'Cap.'" },
      'file_field',
      16,
      5,
      'params.0.default',
    ],
    ['a test expect keyed by a name, not a cltID', { tests: "tests:\n  - name: 'counts'\n    expect: { abc: 1 }" }, 'file_field', 23, 20, 'tests.0.expect.abc'],
    ['a test without expect', { tests: "tests:\n  - name: 'counts'\n    rows: {}" }, 'file_field', 22, 5, 'tests.0.expect'],
    ['a quirk not named D<n>', { quirks: 'quirks:\n  reproduces: [D6, Q7]\n  fixes: []' }, 'file_field', 13, 20, 'quirks.reproduces.1'],
    ['a fixed quirk named d7', { quirks: 'quirks:\n  reproduces: [D6]\n  fixes: [d7]' }, 'file_field', 14, 11, 'quirks.fixes.0'],
  ] as const)('%s %j -> %s at %i:%i, field %s', (_what, overrides, code, line, column, field) => {
    expect(failure(formulaFile(overrides))).toEqual({ code, line, column, field });
  });

  it('describes a field error as file:line:column: message, naming the field once', () => {
    expect(thrown(formulaFile({ unit: 'unit: hours' })).describe()).toBe(
      `${FILE}:6:7: unit: Invalid option: expected one of "count"|"seconds"|"milliseconds"|"ticks"`,
    );
    expect(thrown(formulaFile({ family: 'family: calls\ncolour: red' })).describe()).toBe(`${FILE}:8:1: the file: Unrecognized key: "colour"`);
  });

  it('describes a YAML syntax error as file:line:column: not valid YAML ...', () => {
    expect(thrown(formulaFile({ family: 'family: calls\nunit: seconds' })).describe()).toMatch(
      /^formulas\/test\/SecCallsTest\.yaml:8:1: not valid YAML: Map keys must be unique/,
    );
  });

  it('requires a one-line why on every test of a library file, at its expect line', () => {
    let error: unknown;
    try {
      parseFormulaFile(formulaFile(), FILE, { requireReasons: true });
    } catch (caught) {
      error = caught;
    }
    expect((error as EngineError).location).toMatchObject({ file: FILE, line: 26, column: 13, field: 'tests.0.expect' });
    const explained = formulaFile({ tests: `${validFields.tests}\n    why: 'call 1 is kind 1 and ended in the period'` });
    expect(parseFormulaFile(explained, FILE, { requireReasons: true }).tests[0]?.why).toBe('call 1 is kind 1 and ended in the period');
  });
});
