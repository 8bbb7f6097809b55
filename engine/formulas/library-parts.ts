/**
 * What formula files name but do not hold: shared fixtures (`fixtures/<name>.yaml`) and CTE
 * snippets (`snippets/<Name>.yaml`) of a library folder. A part whose file does not parse keeps
 * its error, so a formula naming it is told why rather than that it does not exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { EngineError } from '../errors.ts';
import { parseSharedFixture, type SharedFixture } from './shared-fixtures.ts';
import { parseSnippet, type Snippet } from './snippets.ts';

export interface LibraryParts {
  readonly fixtures: ReadonlyMap<string, SharedFixture | EngineError>;
  readonly snippets: ReadonlyMap<string, Snippet | EngineError>;
}

export const noParts: LibraryParts = { fixtures: new Map(), snippets: new Map() };

export type PartKind = 'fixture' | 'snippet';

/** Which part a file is, by the folder that holds it; undefined for a formula file. */
export function partKindOf(file: string): PartKind | undefined {
  const folder = basename(dirname(file));
  return folder === 'fixtures' ? 'fixture' : folder === 'snippets' ? 'snippet' : undefined;
}

/** Parses a part file of either kind (errors carry the file, line and column). */
export function parsePart(kind: PartKind, text: string, file: string): SharedFixture | Snippet {
  return kind === 'fixture' ? parseSharedFixture(text, file) : parseSnippet(text, file);
}

/** The parts of the library folder `dir`; file names are reported relative to `base`. */
export function loadLibraryParts(dir: string, base = dir): LibraryParts {
  return {
    fixtures: loadFolder(join(dir, 'fixtures'), base, parseSharedFixture),
    snippets: loadFolder(join(dir, 'snippets'), base, parseSnippet),
  };
}

/** Every error of the parts' files, in name order. */
export function partErrors(parts: LibraryParts): EngineError[] {
  return [...parts.fixtures.values(), ...parts.snippets.values()].filter((part): part is EngineError => part instanceof EngineError);
}

function loadFolder<T>(folder: string, base: string, parse: (text: string, file: string) => T): Map<string, T | EngineError> {
  const parts = new Map<string, T | EngineError>();
  if (!existsSync(folder)) return parts;
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  for (const name of files) {
    const file = relative(base, join(folder, name)) || name;
    try {
      parts.set(name.replace(/\.yaml$/, ''), parse(readFileSync(join(folder, name), 'utf8'), file));
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      parts.set(name.replace(/\.yaml$/, ''), error);
    }
  }
  return parts;
}

/** The shipped library folder: formulas/ at the project root. */
export const SHIPPED_LIBRARY_DIR = new URL('../../formulas/', import.meta.url).pathname;

let shipped: LibraryParts | undefined;

/** The shipped library's parts, read once: what a formula text names when no other library is given. */
export function shippedParts(): LibraryParts {
  shipped ??= loadLibraryParts(SHIPPED_LIBRARY_DIR, process.cwd());
  return shipped;
}
