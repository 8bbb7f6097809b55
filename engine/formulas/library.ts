/**
 * The formula library on disk: every `*.yaml` file under a folder, parsed. Files that do not parse
 * are reported with their position and the rest still load, so one bad file loses nothing else.
 * Shared fixtures (`fixtures/`) and CTE snippets (`snippets/`) are parts that formulas name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EngineError } from '../errors.ts';
import type { Formula } from './definition.ts';
import { parseFormulaFile, type ParseOptions } from './file-format.ts';
import { loadLibraryParts, parsePart, partErrors, partKindOf, SHIPPED_LIBRARY_DIR } from './library-parts.ts';
import type { FormulaFile } from './package.ts';
import { QUIRKS_FILE_NAME } from './quirks.ts';

export interface LoadedLibrary {
  readonly formulas: readonly Formula[];
  /** The same formulas with their file text and path relative to the library folder. */
  readonly files: readonly FormulaFile[];
  readonly errors: readonly EngineError[];
}

/** The shipped library: formulas/ at the project root. */
export const LIBRARY_DIR = SHIPPED_LIBRARY_DIR;

/**
 * Parses formula files, resolving the fixtures and snippets they name in `options.parts`. A fixture
 * or snippet file among them is checked as one and adds no formula. Files of the shipped library
 * must say why each test expects what it does, wherever they are loaded from.
 */
export function loadFormulaFiles(files: readonly string[], base = process.cwd(), options: ParseOptions = {}): LoadedLibrary {
  const loaded: FormulaFile[] = [];
  const errors: EngineError[] = [];
  for (const file of files) {
    const name = relative(base, file) || file;
    const partKind = partKindOf(file);
    try {
      const text = readFileSync(file, 'utf8');
      if (partKind) parsePart(partKind, text, name);
      else loaded.push({ formula: parseFormulaFile(text, name, { requireReasons: isShipped(file), ...options }), path: name, text });
    } catch (error) {
      if (error instanceof EngineError) errors.push(error);
      else errors.push(new EngineError('file_syntax', `cannot read: ${(error as Error).message}`, { file: name }));
    }
  }
  return { formulas: loaded.map((file) => file.formula), files: loaded, errors };
}

/**
 * The library in `dir`: its formulas, resolved against its own fixtures and snippets. Every test
 * of a library formula says why its expected values are right.
 */
export function loadLibrary(dir = LIBRARY_DIR): LoadedLibrary {
  const parts = loadLibraryParts(dir);
  const loaded = loadFormulaFiles(formulaFilesUnder(dir), dir, { parts, requireReasons: true });
  return { ...loaded, errors: [...partErrors(parts), ...loaded.errors] };
}

function isShipped(file: string): boolean {
  return !relative(SHIPPED_LIBRARY_DIR, resolve(file)).startsWith('..');
}

/** Formula files under `dir`, without the fixtures and snippets they name. */
export function formulaFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => partKindOf(file) === undefined && file !== join(dir, QUIRKS_FILE_NAME))
    .sort();
}
