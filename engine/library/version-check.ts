/**
 * The library's rule that a package's version goes up whenever what its formulas compute changes:
 * the SQL of the package now is compared with the SQL of a baseline (the commit that set the
 * current version, or the last release tag), and a change under the same version is a problem.
 */
import { EngineError } from '../errors.ts';
import { changelogEntries } from './changelog.ts';
import { compareVersions } from './version.ts';

/** A package as the check sees it: its version and each formula file's SQL by path. */
export interface PackageSql {
  readonly version: string;
  readonly sql: ReadonlyMap<string, string>;
}

export interface Baseline extends PackageSql {
  /** What it is, for the message: `commit 1a2b3c4` or `tag amtelco-be200-v1.0.0`. */
  readonly label: string;
}

export interface SqlChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/**
 * Formula files whose SQL differs between two states of a package, added and removed ones included, by path.
 * @example sqlChanges(new Map([['a.yaml', 'SELECT 1']]), new Map([['a.yaml', 'SELECT 2']])) // [{ path: 'a.yaml', change: 'changed' }]
 */
export function sqlChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): SqlChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: SqlChange[] = [];
  for (const path of paths) {
    const [was, is] = [before.get(path), after.get(path)];
    if (was === is) continue;
    changes.push({ path, change: was === undefined ? 'added' : is === undefined ? 'removed' : 'changed' });
  }
  return changes;
}

export interface ManifestPlace {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Problems with the package's version against its baseline: a version that went back, or SQL that
 * changed while the version stayed the same.
 */
export function versionProblems(current: PackageSql, baseline: Baseline, at: ManifestPlace): EngineError[] {
  const order = compareVersions(current.version, baseline.version);
  const where = { file: at.file, line: at.line, column: at.column, field: 'version' };
  if (order < 0) {
    return [new EngineError('file_field', `version: ${current.version} is lower than ${baseline.version} of ${baseline.label}`, where)];
  }
  const changes = sqlChanges(baseline.sql, current.sql);
  if (order > 0 || changes.length === 0) return [];
  const shown = changes.slice(0, 3).map((c) => `${c.path} (${c.change})`);
  const more = changes.length > shown.length ? ` and ${changes.length - shown.length} more` : '';
  return [
    new EngineError(
      'file_field',
      `version: still ${current.version} as in ${baseline.label}, but the SQL of ${shown.join(', ')}${more} changed since: bump the version`,
      where,
    ),
  ];
}

/** A problem when the changelog has no entry for `version`. */
export function changelogProblems(text: string, version: string, file: string): EngineError[] {
  if (changelogEntries(text).some((entry) => entry.version === version)) return [];
  return [
    new EngineError('file_field', `changelog: no entry for version ${version} (a heading "## ${version} - YYYY-MM-DD")`, {
      file,
      line: 1,
      column: 1,
      field: 'changelog',
    }),
  ];
}
