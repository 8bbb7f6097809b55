import { billing } from '../../support/cli.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { createPackage, planImport, readPackage, type FormulaFile } from '../../../engine/formulas/package.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';

const library = loadLibrary();
const fileOf = (id: string): FormulaFile => library.files.find((file) => file.formula.id === id) as FormulaFile;
const edited = (file: FormulaFile, from: string, to: string): FormulaFile => {
  const text = file.text.replace(from, to);
  return { ...file, text, formula: parseFormulaFile(text, file.path) };
};
const fixedClock = () => new Date('2026-11-26T10:00:00Z');

describe('formula packages', () => {
  it('carry each formula file with its checksum and read back to the same formulas', () => {
    const pkg = createPackage('calls', [fileOf('SecCalls'), fileOf('CallDurationConsensus')], fixedClock);
    expect(pkg.formulas.map((f) => [f.id, f.path])).toEqual([
      ['CallDurationConsensus', 'consensus/calls/CallDurationConsensus.yaml'],
      ['SecCalls', 'legacy/calls/SecCalls.yaml'],
    ]);
    const { formulas } = readPackage(JSON.stringify(pkg), 'calls.json');
    expect(formulas.map((f) => [f.id, f.sql])).toEqual([
      ['CallDurationConsensus', fileOf('CallDurationConsensus').formula.sql],
      ['SecCalls', fileOf('SecCalls').formula.sql],
    ]);
  });

  it('refuse a package whose formula text was altered, naming the formula', () => {
    const pkg = createPackage('calls', [fileOf('SecCalls')], fixedClock);
    const tampered = { ...pkg, formulas: pkg.formulas.map((f) => ({ ...f, text: f.text.replace('e.Kind = 1', 'e.Kind = 2') })) };
    expect(() => readPackage(JSON.stringify(tampered), 'calls.json')).toThrow(/formula SecCalls does not match its checksum/);
  });

  it('refuse a package whose list was altered, and a file that is not a package', () => {
    const pkg = createPackage('calls', [fileOf('SecCalls'), fileOf('CheckCalls')], fixedClock);
    expect(() => readPackage(JSON.stringify({ ...pkg, formulas: pkg.formulas.slice(1) }), 'calls.json')).toThrow(/package checksum does not match/);
    expect(() => readPackage('{"format": "zip"}', 'x.json')).toThrow(/not a formula package/);
    expect(() => readPackage('not json', 'x.json')).toThrow(/invalid JSON/);
  });

  it('report what an import would add, keep and change, and which parts differ', () => {
    const theirs = [fileOf('SecCalls'), edited(fileOf('CheckCalls'), 'e.Kind = 2', 'e.Kind = 2\n    AND e.CompCode = 0'), { ...fileOf('FetchCalls') }];
    const pkg = createPackage('mixed', theirs, fixedClock);
    const { formulas } = readPackage(JSON.stringify(pkg), 'mixed.json');
    const local = library.files.filter((file) => file.formula.id !== 'FetchCalls');
    expect(planImport(pkg, formulas, local).map((item) => [item.id, item.status, item.differences])).toEqual([
      ['CheckCalls', 'changed', ['sql']],
      ['FetchCalls', 'new', []],
      ['SecCalls', 'unchanged', []],
    ]);
  });
});

describe('billing formula import', () => {
  const dirs: string[] = [];
  afterEach(() =>
    dirs.splice(0).forEach((dir) => {
      rmSync(dir, { recursive: true, force: true });
    }),
  );

  it('writes new formulas, never replaces a changed one unless asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-import-'));
    dirs.push(dir);
    const changed = edited(fileOf('CheckCalls'), 'e.Kind = 2', 'e.Kind = 2\n    AND e.CompCode = 0');
    const brandNew = { ...edited(fileOf('FetchCalls'), 'id: FetchCalls', 'id: FetchCallsSite'), path: 'custom/FetchCallsSite.yaml' };
    const pkgFile = join(dir, 'pkg.json');
    writeFileSync(pkgFile, JSON.stringify(createPackage('site', [changed, brandNew], fixedClock)));
    const into = join(dir, 'lib');
    mkdirSync(into);
    const run = (...extra: string[]) => billing(['formula', 'import', pkgFile, '--into', into, ...extra]);

    const dry = await run();
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('changed   CheckCalls (differs in sql)');
    expect(dry.stdout).toContain('new       FetchCallsSite');

    const applied = await run('--apply');
    expect(applied.status).toBe(1);
    expect(readFileSync(join(into, 'custom/FetchCallsSite.yaml'), 'utf8')).toContain('id: FetchCallsSite');
    expect(applied.stdout).toContain('1 changed formula(s) left as they are');
    expect(() => readFileSync(join(into, 'legacy/calls/CheckCalls.yaml'), 'utf8')).toThrow();

    const replaced = await run('--apply', '--replace-changed');
    expect(replaced.status).toBe(0);
    expect(readFileSync(join(into, 'legacy/calls/CheckCalls.yaml'), 'utf8')).toContain('AND e.CompCode = 0');
  });
});
