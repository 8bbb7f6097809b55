/**
 * The formula library on disk: every `*.yaml` file under a folder, parsed. Files that do not parse
 * are reported with their position and the rest still load, so one bad file loses nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EngineError } from '../errors.ts';
import type { Formula } from './definition.ts';
import { parseFormulaFile } from './file-format.ts';
import type { FormulaFile } from './package.ts';

export interface LoadedLibrary {
  readonly formulas: readonly Formula[];
  /** The same formulas with their file text and path relative to the library folder. */
  readonly files: readonly FormulaFile[];
  readonly errors: readonly EngineError[];
}

/** The shipped library: formulas/ at the project root. */
export const LIBRARY_DIR = new URL('../../formulas/', import.meta.url).pathname;

export function loadFormulaFiles(files: readonly string[], base = process.cwd()): LoadedLibrary {
  const loaded: FormulaFile[] = [];
  const errors: EngineError[] = [];
  for (const file of files) {
    const name = relative(base, file) || file;
    try {
      const text = readFileSync(file, 'utf8');
      loaded.push({ formula: parseFormulaFile(text, name), path: name, text });
    } catch (error) {
      if (error instanceof EngineError) errors.push(error);
      else errors.push(new EngineError('file_syntax', `cannot read: ${(error as Error).message}`, { file: name }));
    }
  }
  return { formulas: loaded.map((file) => file.formula), files: loaded, errors };
}

export function loadLibrary(dir = LIBRARY_DIR): LoadedLibrary {
  return loadFormulaFiles(formulaFilesUnder(dir), dir);
}

export function formulaFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
