/** The packages of a library repository on disk: folders, manifests and the SQL of their formula files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { partKindOf } from '../../engine/formulas/library-parts.ts';
import { FORMULAS_FOLDER, MANIFEST_FILE } from '../../engine/library/layout.ts';
import { formulaSql } from '../../engine/library/formula-text.ts';

/** Top-level folders of `dir` that hold a package manifest, by name. */
export function packageFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && existsSync(join(dir, entry.name, MANIFEST_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Whether a path inside a package's formula folder holds SQL that decides what is billed: formulas
 * and snippets do; shared fixtures and the quirk catalogue do not.
 */
export function holdsSql(path: string): boolean {
  return path.endsWith('.yaml') && partKindOf(path) !== 'fixture' && !path.endsWith('/quirks.yaml') && path !== 'quirks.yaml';
}

/** Paths (relative to the library) of the files of package `name` that hold SQL. */
export function sqlFilePaths(dir: string, name: string): string[] {
  const folder = join(dir, name, FORMULAS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => holdsSql(relative(join(name, FORMULAS_FOLDER), path)))
    .sort();
}

/** The SQL of each such file in the working folder, by path. */
export function sqlOnDisk(dir: string, name: string): Map<string, string> {
  return new Map(sqlFilePaths(dir, name).map((path) => [path, formulaSql(readFileSync(join(dir, path), 'utf8'))]));
}
