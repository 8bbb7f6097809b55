import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { formulaFilesUnder, LIBRARY_DIR, loadLibrary } from '../../../engine/formulas/library.ts';
import { findQuirk, loadQuirkCatalogue, parseQuirkCatalogue, QUIRKS_FILE } from '../../../engine/formulas/quirks.ts';

const catalogue = loadQuirkCatalogue();
const FILE = 'formulas/test/quirks.yaml';

describe('the shipped quirk catalogue (formulas/quirks.yaml)', () => {
  it('parses, and lists D1 to D30 once each, in order', () => {
    expect(catalogue.map((quirk) => quirk.code)).toEqual(Array.from({ length: 30 }, (_, i) => `D${i + 1}`));
  });

  it('gives every quirk a title, what the legacy report does, what the consensus does, and the SQL lines that show it', () => {
    for (const quirk of catalogue) {
      expect(quirk.title.length, quirk.code).toBeGreaterThan(10);
      expect(quirk.legacy.length, quirk.code).toBeGreaterThan(quirk.title.length);
      expect(quirk.consensus.length, quirk.code).toBeGreaterThan(5);
      expect(quirk.evidence.lines.length, quirk.code).toBeGreaterThan(0);
    }
  });

  it('holds every code a formula of the library reproduces or fixes', () => {
    const library = loadLibrary();
    expect(library.errors.map((error) => error.describe())).toEqual([]);
    const cited = new Set(library.formulas.flatMap((formula) => [...formula.quirks.reproduces, ...formula.quirks.fixes]));
    expect(cited.size).toBeGreaterThan(20);
    expect([...cited].filter((code) => findQuirk(catalogue, code) === undefined)).toEqual([]);
  });

  it('holds every code the reconciliation explanations cite (engine/reconcile/explain.ts)', () => {
    const source = readFileSync(new URL('../../../engine/reconcile/explain.ts', import.meta.url), 'utf8');
    const cited = new Set(source.match(/\bD\d+\b/g));
    expect([...cited].sort()).toEqual(expect.arrayContaining(['D15', 'D29', 'D8']));
    expect([...cited].filter((code) => findQuirk(catalogue, code) === undefined)).toEqual([]);
  });

  it('finds a quirk by its code, and nothing for a code it does not hold', () => {
    expect(findQuirk(catalogue, 'D16')?.title).toMatch(/start and an end row/);
    expect(findQuirk(catalogue, 'D31')).toBeUndefined();
    expect(findQuirk(catalogue, 'd16')).toBeUndefined();
  });

  it('is not read as a formula file of the library', () => {
    expect(formulaFilesUnder(LIBRARY_DIR)).not.toContain(QUIRKS_FILE);
  });
});

describe('a malformed quirk catalogue', () => {
  // Two entries; each case below changes the second one (lines 9-15).
  const FIRST = [
    'quirks:',
    '  - code: D1',
    '    title: Eight message columns are always 0',
    '    legacy: The report computes them but never writes them.',
    '    consensus: The consensus variants report the counts.',
    '    evidence:',
    '      lines: [639-640, 669]',
    '      columns: [InfTaken]',
  ].join('\n');
  const SECOND = [
    '  - code: D2',
    '    title: Two MergeComm durations are in milliseconds',
    '    legacy: Two sources are copied without the division by 1000.',
    '    consensus: Whole seconds like the other sources.',
    '    evidence:',
    '      lines: [1241-1242]',
    '      columns: [RaulandBorgSourceDur]',
  ].join('\n');
  const withSecond = (before: string, after: string) => `${FIRST}\n${SECOND.replace(before, after)}`;

  const failure = (text: string) => {
    try {
      parseQuirkCatalogue(text, FILE);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      const { file, line, column, field } = error.location;
      return { code: error.code, file, line, column, field, message: error.message };
    }
    throw new Error('parsed without an error');
  };

  it('parses when nothing is wrong', () => {
    expect(parseQuirkCatalogue(withSecond('', ''), FILE).map((quirk) => [quirk.code, quirk.evidence.lines])).toEqual([
      ['D1', ['639-640', '669']],
      ['D2', ['1241-1242']],
    ]);
  });

  // One line per case: what is wrong -> [text of the second entry, what it becomes], code, line, column, field, part of the message.
  it.each([
    ['a code listed twice', ['code: D2', 'code: D1'], 'file_field', 9, 11, 'quirks.1.code', 'D1 is listed twice (first at line 2)'],
    ['a code skipped', ['code: D2', 'code: D3'], 'file_field', 9, 11, 'quirks.1.code', 'expected D2 here'],
    ['a code in lower case', ['code: D2', 'code: d2'], 'file_field', 9, 11, 'quirks.1.code', 'quirks are named D1, D2'],
    ['no title', ['    title: Two MergeComm durations are in milliseconds\n', ''], 'file_field', 9, 5, 'quirks.1.title', undefined],
    ['a title of two lines’ length', ['title: Two', `title: ${'Two '.repeat(25)}`], 'file_field', 10, 12, 'quirks.1.title', undefined],
    ['a range written high-low', ['[1241-1242]', '[1242-1241]'], 'file_field', 14, 15, 'quirks.1.evidence.lines.0', undefined],
    ['a line past the end of the SQL', ['[1241-1242]', '[1241, 1396]'], 'file_field', 14, 21, 'quirks.1.evidence.lines.1', undefined],
    ['no lines', ['[1241-1242]', '[]'], 'file_field', 14, 14, 'quirks.1.evidence.lines', 'name the legacy SQL lines'],
    ['a column the report does not have', ['[RaulandBorgSourceDur]', '[RaulandBorgDuration]'], 'file_field', 15, 17, 'quirks.1.evidence.columns.0', undefined],
    ['an unknown field', ['    evidence:', '    fixed: yes\n    evidence:'], 'file_field', 13, 5, 'quirks.1.fixed', undefined],
    ['a tab as indentation', ['    consensus:', '\tconsensus:'], 'file_syntax', 12, 1, undefined, undefined],
  ] as const)('%s -> %s at %i:%i, field %s', (_what, [before, after], code, line, column, field, message) => {
    expect(SECOND).toContain(before);
    const got = failure(withSecond(before, after));
    expect({ code: got.code, file: got.file, line: got.line, column: got.column, field: got.field }).toEqual({ code, file: FILE, line, column, field });
    if (message) expect(got.message).toContain(message);
  });
});
