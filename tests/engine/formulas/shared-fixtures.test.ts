import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import type { LibraryParts } from '../../../engine/formulas/library-parts.ts';
import { LIBRARY_DIR, loadFormulaFiles, loadLibrary } from '../../../engine/formulas/library.ts';
import { parseSharedFixture } from '../../../engine/formulas/shared-fixtures.ts';

const FIXTURE_FILE = 'formulas/fixtures/two-calls.yaml';
const FORMULA_FILE = 'formulas/custom/KindCalls.yaml';

/** Lines 1-9: a shared fixture of two calls, the first of kind $kind. */
const fixtureText = [
  'description: Two calls of client 1, one of a chosen kind.',
  'vars:',
  '  kind: 1',
  'rows:',
  '  statCallEnd:',
  "    - { callId: 1, cltId: 1, Stamp: '2026-10-05 10:00:00.000', Kind: $kind }",
  "    - { callId: 2, cltId: 1, Stamp: '2026-10-06 10:00:00.000', Kind: 5 }",
].join('\n');

const parts = (fixtures: Record<string, string>): LibraryParts => ({
  fixtures: new Map(Object.entries(fixtures).map(([name, text]) => [name, attempt(() => parseSharedFixture(text, `formulas/fixtures/${name}.yaml`))])),
  snippets: new Map(),
});

function attempt<T>(work: () => T): T | EngineError {
  try {
    return work();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
}

/** A custom formula whose one test (from line 9) is `test`, indented as a list item. */
const formulaText = (test: string) =>
  [
    'id: KindCalls',
    'title: Calls of a kind',
    'description: Calls of kind 9.',
    'unit: count',
    'family: calls',
    'variant: custom',
    "sql: 'SELECT cltId AS cltID, count(*) AS value FROM statCallEnd WHERE Kind = 9 GROUP BY cltId'",
    'tests:',
    test,
  ].join('\n');

function failure(work: () => unknown): { code: string; message: string; file?: string; line?: number; column?: number; field?: string } {
  const error = attempt(work);
  if (!(error instanceof EngineError)) throw new Error('parsed without an error');
  const { file, line, column, field } = error.location;
  return { code: error.code, message: error.message, file, line, column, field };
}

describe('shared fixtures', () => {
  it('gives a test the rows of the fixture it names, with the variables it sets', () => {
    const formula = parseFormulaFile(formulaText('  - name: kind 9\n    rows: two-calls\n    with: { kind: 9 }\n    expect: { 1: 1 }'), FORMULA_FILE, {
      parts: parts({ 'two-calls': fixtureText }),
    });
    expect(formula.tests[0]).toEqual({
      name: 'kind 9',
      params: {},
      fixture: 'two-calls',
      rows: {
        statCallEnd: [
          { callId: 1, cltId: 1, Stamp: '2026-10-05 10:00:00.000', Kind: 9 },
          { callId: 2, cltId: 1, Stamp: '2026-10-06 10:00:00.000', Kind: 5 },
        ],
      },
      expect: { 1: 1 },
    });
  });

  it('gives a variable its default when the test does not set it', () => {
    const formula = parseFormulaFile(formulaText('  - name: default kind\n    rows: two-calls\n    expect: {}'), FORMULA_FILE, {
      parts: parts({ 'two-calls': fixtureText }),
    });
    expect(formula.tests[0]?.rows.statCallEnd?.[0]?.Kind).toBe(1);
  });

  it('keeps the one-line reason of an expectation', () => {
    const test = "  - name: kind 9\n    rows: two-calls\n    expect: {}\n    why: 'neither call is kind 9'";
    expect(parseFormulaFile(formulaText(test), FORMULA_FILE, { parts: parts({ 'two-calls': fixtureText }) }).tests[0]?.why).toBe('neither call is kind 9');
  });

  // One line per case: what the test says -> where the error points and what it names.
  it.each([
    ['names a fixture that does not exist', '    rows: three-calls', 10, 11, 'tests.0.rows', 'there is no shared fixture three-calls'],
    ['names a fixture in capitals', '    rows: Two-Calls', 10, 11, 'tests.0.rows', 'lower-case words'],
    [
      'sets a variable the fixture does not have',
      '    rows: two-calls\n    with: { station: 2 }',
      11,
      22,
      'tests.0.with.station',
      'has no variable station (it has: kind)',
    ],
    ['sets variables of rows of its own', '    rows: { statCallEnd: [] }\n    with: { kind: 2 }', 11, 11, 'tests.0.with', 'these rows are the test'],
    ['gives a reason on two lines', '    rows: two-calls\n    why: "one\\ntwo"', 11, 10, 'tests.0.why', 'one line'],
  ])('a test that %s is an error at its file, line and column', (_what, rows, line, column, field, message) => {
    const text = formulaText(`  - name: a test\n${rows}\n    expect: {}`);
    const error = failure(() => parseFormulaFile(text, FORMULA_FILE, { parts: parts({ 'two-calls': fixtureText }) }));
    expect(error).toMatchObject({ code: 'file_field', file: FORMULA_FILE, line, column, field });
    expect(error.message).toContain(message);
  });

  it('names the fixture file and its position when the fixture it names does not load', () => {
    const broken = fixtureText.replace('Kind: $kind', 'Kind: $knd');
    const error = failure(() =>
      parseFormulaFile(formulaText('  - name: a test\n    rows: two-calls\n    expect: {}'), FORMULA_FILE, { parts: parts({ 'two-calls': broken }) }),
    );
    expect(error).toMatchObject({ file: FORMULA_FILE, line: 10, column: 11, field: 'tests.0.rows' });
    expect(error.message).toContain(`the shared fixture two-calls does not load: ${FIXTURE_FILE}:6:`);
  });

  // One line per case: what is wrong with the fixture file -> line, column, field.
  it.each([
    ['a $variable not declared under vars', fixtureText.replace('Kind: $kind', 'Kind: $knd'), 6, 70, 'rows.statCallEnd.0.Kind'],
    ['a variable no row uses', fixtureText.replace('Kind: $kind', 'Kind: 1'), 3, 9, 'vars.kind'],
    ['no description', fixtureText.replace(/^description: .*\n/, ''), 1, 1, 'description'],
    ['a field it does not know', `${fixtureText}\nexpect: { 1: 1 }`, 8, 1, 'expect'],
    [
      'a row that is not a mapping',
      fixtureText.replace("- { callId: 2, cltId: 1, Stamp: '2026-10-06 10:00:00.000', Kind: 5 }", '- 7'),
      7,
      7,
      'rows.statCallEnd.1',
    ],
  ])('a shared fixture with %s is an error at its file, line and column', (_what, text, line, column, field) => {
    expect(failure(() => parseSharedFixture(text, FIXTURE_FILE))).toMatchObject({ code: 'file_field', file: FIXTURE_FILE, line, column, field });
  });

  it('refuses a fixture file whose name is not lower-case words joined by -', () => {
    expect(failure(() => parseSharedFixture(fixtureText, 'formulas/fixtures/Two_Calls.yaml'))).toMatchObject({ line: 1, column: 1, field: 'name' });
  });

  it('loads a library folder with its fixtures, reporting a malformed one by its own file and where it is named, and a test without why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-'));
    mkdirSync(join(dir, 'fixtures'));
    mkdirSync(join(dir, 'custom'));
    writeFileSync(join(dir, 'fixtures', 'two-calls.yaml'), fixtureText);
    writeFileSync(join(dir, 'fixtures', 'broken-calls.yaml'), fixtureText.replace('vars:', 'vars: 3\nx:'));
    writeFileSync(
      join(dir, 'custom', 'KindCalls.yaml'),
      formulaText("  - name: kind 9\n    rows: two-calls\n    with: { kind: 9 }\n    expect: { 1: 1 }\n    why: 'call 1 is kind 9'"),
    );
    writeFileSync(
      join(dir, 'custom', 'Broken.yaml'),
      formulaText("  - name: kind 9\n    rows: broken-calls\n    expect: {}\n    why: 'no rows'").replace('KindCalls', 'Broken'),
    );
    writeFileSync(
      join(dir, 'custom', 'Unexplained.yaml'),
      formulaText('  - name: kind 9\n    rows: two-calls\n    expect: {}').replace('KindCalls', 'Unexplained'),
    );
    const library = loadLibrary(dir);
    expect(library.formulas.map((formula) => formula.id)).toEqual(['KindCalls']);
    expect(library.errors.map((error) => [error.location.file, error.location.line])).toEqual([
      ['fixtures/broken-calls.yaml', 2],
      ['custom/Broken.yaml', 10],
      ['custom/Unexplained.yaml', 11],
    ]);
    expect(library.errors[2]?.message).toContain('why');
  });

  it('asks the shipped library for reasons wherever its files are loaded from, and not a scratch file elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scratch-'));
    const scratch = join(dir, 'KindCalls.yaml');
    writeFileSync(scratch, formulaText('  - name: kind 9\n    rows: { statCallEnd: [] }\n    expect: {}'));
    expect(loadFormulaFiles([scratch]).errors).toEqual([]);
    const shipped = loadFormulaFiles([join(LIBRARY_DIR, 'legacy', 'calls', 'SecCalls.yaml')]);
    expect(shipped.errors).toEqual([]);
    expect(shipped.formulas[0]?.tests.every((test) => test.why !== undefined)).toBe(true);
  });
});
