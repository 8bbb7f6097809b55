/**
 * One source of truth for formulas: the workspace's active release. The server publishes it, each
 * time it changes, as a package file in the workspace (releases/active.json, written atomically),
 * so that every command line tool uses exactly the formulas the workbench bills with — even while
 * the server runs and holds the workspace database. The shipped library is used only where a
 * workspace has no release yet, or when a folder is asked for explicitly (--library DIR).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Formula } from '../../engine/formulas/definition.ts';
import { useDiskCache } from '../../engine/formulas/disk-cache.ts';
import { legacyChanges } from '../../engine/formulas/legacy-changes.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { createPackage, type FormulaFile, readPackage } from '../../engine/formulas/package.ts';
import { type FormulaIndex, indexFormulas } from '../../engine/formulas/references.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { productVersion } from '../version.ts';

/** Which formulas a result was computed with: a release's name and the hash of its formulas. */
export interface ReleaseLabel {
  readonly name: string;
  /** sha256 over each formula's id and text: the same formulas, the same hash, wherever they come from. */
  readonly contentHash: string;
  /** Where the formulas came from: the workspace's release, the shipped library, or a folder asked for. */
  readonly source: 'release' | 'shipped' | 'folder';
}

export interface ReleaseLibrary {
  readonly release: ReleaseLabel;
  readonly formulas: readonly Formula[];
  readonly files: readonly FormulaFile[];
  readonly index: FormulaIndex;
  /** Legacy formulas that no longer reproduce the report, by id, with why (engine/formulas/legacy-changes.ts). */
  readonly legacyChanged: ReadonlyMap<string, string>;
}

let shipped: FormulaIndex | undefined;

/** Legacy formulas of `formulas` that differ from the shipped reproduction of the report, by id. */
export function changedFromLegacy(formulas: readonly Formula[], index: FormulaIndex): ReadonlyMap<string, string> {
  shipped ??= indexFormulas(loadLibrary().formulas);
  return new Map(legacyChanges(formulas, index, shipped).map((change) => [change.formulaId, change.reason]));
}

/** @example releaseHash(files) // 'c0ffee…' (64 hex digits) */
export function releaseHash(files: readonly Pick<FormulaFile, 'formula' | 'text'>[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.formula.id.localeCompare(b.formula.id))) {
    hash.update(`${file.formula.id}\t${createHash('sha256').update(file.text).digest('hex')}\n`);
  }
  return hash.digest('hex');
}

/** The release as people read it: "shipped-0.1.0 (sha256 1a2b3c4d5e6f)". */
export const describeRelease = (release: ReleaseLabel): string => `${release.name} (sha256 ${release.contentHash.slice(0, 12)})`;

const activeFile = (workspace: Workspace) => join(workspace.root, 'releases', 'active.json');

/** Why `formula`, put in place of its namesake in `library`, no longer reproduces the report; null if it does (or is not legacy). */
export function legacyChangeOf(library: Pick<ReleaseLibrary, 'formulas'>, formula: Formula): string | null {
  const formulas = [...library.formulas.filter((f) => f.id.toLowerCase() !== formula.id.toLowerCase()), formula];
  return changedFromLegacy([formula], indexFormulas(formulas)).get(formula.id) ?? null;
}

/** Writes the active release for the command line (atomically: a reader sees the old file or the new one). */
export function publishActiveRelease(workspace: Workspace, name: string, files: readonly FormulaFile[], now: () => Date = () => new Date()): void {
  const file = activeFile(workspace);
  mkdirSync(join(workspace.root, 'releases'), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(createPackage(name, files, now)));
  renameSync(partial, file);
}

/**
 * The formulas a command line tool uses on `workspace`: the folder given with --library, else the
 * workspace's active release, else the shipped library.
 */
export function libraryFor(workspace: Workspace, { folder }: { folder?: string } = {}): ReleaseLibrary {
  // Parsed libraries and fusion plans are kept in the workspace, once per content (engine/formulas/disk-cache.ts).
  useDiskCache(join(workspace.root, 'cache'));
  if (folder !== undefined) return fromFolder(folder, `folder ${folder}`, 'folder');
  const file = activeFile(workspace);
  if (!existsSync(file)) return shippedLibrary();
  const { package: pkg, formulas } = readPackage(readFileSync(file, 'utf8'), file);
  const files = pkg.formulas.map((entry, i) => ({ formula: formulas[i] as Formula, path: entry.path, text: entry.text }));
  const index = indexFormulas(formulas);
  return {
    release: { name: pkg.name, contentHash: releaseHash(files), source: 'release' },
    formulas,
    files,
    index,
    legacyChanged: changedFromLegacy(formulas, index),
  };
}

/** The library shipped with the product, as the first release of a new workspace names it. */
export function shippedLibrary(): ReleaseLibrary {
  return fromFolder(undefined, `shipped-${productVersion()}`, 'shipped');
}

function fromFolder(folder: string | undefined, name: string, source: ReleaseLabel['source']): ReleaseLibrary {
  const loaded = folder === undefined ? loadLibrary() : loadLibrary(resolve(folder));
  if (loaded.errors.length > 0) throw loaded.errors[0];
  const index = indexFormulas(loaded.formulas);
  // The shipped library is also what legacy formulas are compared with: loaded once, not twice.
  if (folder === undefined) shipped ??= index;
  return {
    release: { name, contentHash: releaseHash(loaded.files), source },
    formulas: loaded.formulas,
    files: loaded.files,
    index,
    legacyChanged: changedFromLegacy(loaded.formulas, index),
  };
}
