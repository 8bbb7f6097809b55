/**
 * The formula library on disk: every `*.yaml` file under a folder, parsed. Files that do not parse
 * are reported with their position and the rest still load, so one bad file loses nothing else.
 * Shared fixtures (`fixtures/`) and CTE snippets (`snippets/`) are parts that formulas name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EngineError } from '../errors.ts';
import type { Formula } from './definition.ts';
import { cacheKey, diskCacheOn, readCached, writeCached } from './disk-cache.ts';
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
  // Parsed once per content: kept on disk (disk-cache.ts) under a hash of every file of the folder.
  const key = diskCacheOn() ? libraryKey(dir) : undefined;
  const kept = key === undefined ? undefined : readCached('library', key, isKeptLibrary);
  if (kept) return { formulas: kept.files.map((file) => file.formula), files: kept.files, errors: [] };
  const parts = loadLibraryParts(dir);
  const loaded = loadFormulaFiles(formulaFilesUnder(dir), dir, { parts, requireReasons: true });
  const errors = [...partErrors(parts), ...loaded.errors];
  if (key !== undefined && errors.length === 0) writeCached('library', key, { files: loaded.files });
  return { ...loaded, errors };
}

/** The library folder's content: each file's path and text, and where the folder is (shipped or not). */
function libraryKey(dir: string): string {
  const root = resolve(dir);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return cacheKey([root, ...files.flatMap((file) => [relative(root, file), readFileSync(file)])]);
}

function isKeptLibrary(value: unknown): value is { files: FormulaFile[] } {
  const files = (value as { files?: unknown } | null)?.files;
  return (
    Array.isArray(files) &&
    files.length > 0 &&
    files.every((file: Partial<FormulaFile> | null) => {
      const formula = file?.formula as Partial<Formula> | undefined;
      return (
        typeof file?.path === 'string' &&
        typeof file.text === 'string' &&
        formula?.kind === 'formula' &&
        typeof formula.id === 'string' &&
        typeof formula.sql === 'string' &&
        Array.isArray(formula.params) &&
        Array.isArray(formula.tests)
      );
    })
  );
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
