/**
 * The version rule of a library package, from its git history: the SQL now is compared with the
 * commit that set the current version (or, when the version was raised but not yet committed, with
 * the last commit), and with the last release tag; SQL that changed under the same version, or a
 * version that went back, is a problem.
 */
import type { EngineError } from '../../engine/errors.ts';
import { MANIFEST_FILE } from '../../engine/library/layout.ts';
import { formulaSql } from '../../engine/library/formula-text.ts';
import { versionIn } from '../../engine/library/manifest.ts';
import { type Baseline, type ManifestPlace, versionProblems } from '../../engine/library/version-check.ts';
import { holdsSql, sqlOnDisk } from './library-packages.ts';
import { filesAt, git, isRepository } from './library-git.ts';
import { FORMULAS_FOLDER } from '../../engine/library/layout.ts';

export interface VersionCheck {
  readonly problems: readonly EngineError[];
  /** Why nothing was compared, when there is no history to compare with. */
  readonly unchecked?: string;
}

/**
 * Checks package `name` of the repository `dir` at version `version` (its manifest's, at `at`).
 * @example await versionCheck(dir, 'amtelco-be200', '1.0.0', { file: 'amtelco-be200/package.yaml', line: 2, column: 10 })
 */
export async function versionCheck(dir: string, name: string, version: string, at: ManifestPlace): Promise<VersionCheck> {
  if (!(await isRepository(dir))) return { problems: [], unchecked: `${dir} is not a git repository: versions were not compared with its history` };
  const manifestFile = `${name}/${MANIFEST_FILE}`;
  const commits = (await git(['log', '--format=%H', '--', manifestFile], dir).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean);
  const current = { version, sql: sqlOnDisk(dir, name) };
  const baselines: Baseline[] = [];
  const setBy = await commitThatSet(dir, manifestFile, commits, version);
  if (setBy) baselines.push(await baselineAt(dir, name, setBy.commit, setBy.version, `commit ${setBy.commit.slice(0, 7)}`));
  const tag = await lastTag(dir);
  if (tag) {
    const tagged = await versionAt(dir, tag, manifestFile);
    if (tagged) baselines.push(await baselineAt(dir, name, tag, tagged, `tag ${tag}`));
  }
  const problems = baselines.flatMap((baseline) => versionProblems(current, baseline, at));
  // Both baselines may say the same: one line per problem.
  return { problems: problems.slice(0, 1) };
}

/**
 * The commit the current version is compared with: the oldest commit of the run of manifest
 * commits that carry it, or (a version raised but not committed) the last commit of the manifest.
 */
async function commitThatSet(
  dir: string,
  manifestFile: string,
  commits: readonly string[],
  version: string,
): Promise<{ commit: string; version: string } | undefined> {
  const [latest] = commits;
  if (latest === undefined) return undefined;
  const latestVersion = await versionAt(dir, latest, manifestFile);
  if (latestVersion === undefined) return undefined;
  if (latestVersion !== version) return { commit: latest, version: latestVersion };
  let setBy = latest;
  for (const commit of commits.slice(1)) {
    if ((await versionAt(dir, commit, manifestFile)) !== version) break;
    setBy = commit;
  }
  return { commit: setBy, version };
}

async function versionAt(dir: string, revision: string, manifestFile: string): Promise<string | undefined> {
  const text = (await filesAt(dir, revision, [manifestFile])).get(manifestFile);
  return text === undefined ? undefined : versionIn(text);
}

async function lastTag(dir: string): Promise<string | undefined> {
  try {
    return (await git(['describe', '--tags', '--abbrev=0'], dir)).stdout.trim() || undefined;
  } catch {
    return undefined; // No tag yet.
  }
}

async function baselineAt(dir: string, name: string, revision: string, version: string, label: string): Promise<Baseline> {
  const folder = `${name}/${FORMULAS_FOLDER}/`;
  const listed = (await git(['ls-tree', '-r', '--name-only', revision, '--', folder], dir)).stdout.split('\n').filter(Boolean);
  const paths = listed.filter((path) => holdsSql(path.slice(folder.length)));
  const texts = await filesAt(dir, revision, paths);
  return { version, label, sql: new Map([...texts].map(([path, text]) => [path, formulaSql(text)])) };
}
