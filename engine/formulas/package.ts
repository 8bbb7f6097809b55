/**
 * Library packages: a chosen set of formulas (their files, so metadata and tests travel with them)
 * in one portable JSON file, with a checksum per formula and for the whole. Importing compares a
 * package with the local library and reports each formula as new, unchanged, changed (local file
 * edited from what the package holds) or in conflict; nothing is overwritten unless asked.
 * This is how formulas are published to, and taken from, the community library.
 */
import { createHash } from 'node:crypto';
import { EngineError } from '../errors.ts';
import type { Formula } from './definition.ts';
import { parseFormulaFile } from './file-format.ts';

export { PACKAGE_FORMAT, packageSchema, type FormulaPackage } from './package-format.ts';
import { PACKAGE_FORMAT, packageSchema, type FormulaPackage } from './package-format.ts';

/** A formula as it sits on disk: its parsed value, its file text and its path in the library. */
export interface FormulaFile {
  readonly formula: Formula;
  readonly path: string;
  readonly text: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Packs formula files; the package checksum covers every formula's id, path and checksum. */
export function createPackage(name: string, files: readonly FormulaFile[], now: () => Date = () => new Date()): FormulaPackage {
  const formulas = [...files]
    .sort((a, b) => a.formula.id.localeCompare(b.formula.id))
    .map((file) => ({ id: file.formula.id, path: file.path, sha256: sha256(file.text), text: file.text }));
  return { format: PACKAGE_FORMAT, name, createdAt: now().toISOString(), formulas, sha256: packageChecksum(formulas) };
}

function packageChecksum(formulas: FormulaPackage['formulas']): string {
  return sha256(formulas.map((f) => `${f.id}\t${f.path}\t${f.sha256}`).join('\n'));
}

/**
 * Reads a package file; a malformed package or a checksum that does not match its content is an
 * error naming the package and the formula at fault. Every formula in it must parse.
 */
export function readPackage(json: string, source: string): { package: FormulaPackage; formulas: Formula[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new EngineError('file_syntax', `not a formula package (invalid JSON: ${(error as Error).message})`, { file: source });
  }
  const parsed = packageSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError('file_field', `not a formula package: ${issue?.path.join('.') || 'the file'}: ${issue?.message}`, {
      file: source,
      field: issue?.path.join('.') ?? '',
    });
  }
  const pkg = parsed.data;
  for (const entry of pkg.formulas) {
    if (sha256(entry.text) !== entry.sha256) {
      throw new EngineError('file_field', `formula ${entry.id} does not match its checksum: the package was altered or damaged`, {
        file: source,
        field: `formulas.${entry.id}`,
      });
    }
  }
  if (packageChecksum(pkg.formulas) !== pkg.sha256) {
    throw new EngineError('file_field', 'the package checksum does not match its formulas: it was altered or damaged', { file: source, field: 'sha256' });
  }
  const formulas = pkg.formulas.map((entry) => {
    const formula = parseFormulaFile(entry.text, `${source}#${entry.path}`);
    if (formula.id !== entry.id)
      throw new EngineError('file_field', `entry ${entry.id} holds formula ${formula.id}`, { file: source, field: `formulas.${entry.id}` });
    return formula;
  });
  return { package: pkg, formulas };
}

export type ImportStatus = 'new' | 'unchanged' | 'changed';

export interface ImportItem {
  readonly id: string;
  readonly path: string;
  readonly status: ImportStatus;
  /** For changed formulas: which parts differ (sql, params, tests, metadata). */
  readonly differences: readonly string[];
}

/**
 * Compares a package with the local files by formula id. `changed` means the local library has a
 * different version: importing it would replace the local one, so the caller must ask first.
 */
export function planImport(pkg: FormulaPackage, incoming: readonly Formula[], local: readonly FormulaFile[]): ImportItem[] {
  const localById = new Map(local.map((file) => [file.formula.id.toLowerCase(), file]));
  return pkg.formulas.map((entry, i) => {
    const mine = localById.get(entry.id.toLowerCase());
    if (!mine) return { id: entry.id, path: entry.path, status: 'new', differences: [] };
    if (sha256(mine.text) === entry.sha256) return { id: entry.id, path: mine.path, status: 'unchanged', differences: [] };
    return { id: entry.id, path: mine.path, status: 'changed', differences: differences(mine.formula, incoming[i] as Formula) };
  });
}

function differences(mine: Formula, theirs: Formula): string[] {
  const parts: string[] = [];
  if (mine.sql.trim() !== theirs.sql.trim()) parts.push('sql');
  if (JSON.stringify(mine.params) !== JSON.stringify(theirs.params)) parts.push('params');
  if (JSON.stringify(mine.tests) !== JSON.stringify(theirs.tests)) parts.push('tests');
  const { sql: _a, params: _b, tests: _c, source: _d, ...restMine } = mine;
  const { sql: _e, params: _f, tests: _g, source: _h, ...restTheirs } = theirs;
  if (JSON.stringify(restMine) !== JSON.stringify(restTheirs)) parts.push('metadata');
  return parts.length > 0 ? parts : ['formatting'];
}
