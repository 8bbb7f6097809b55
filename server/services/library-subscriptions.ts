/**
 * Following community libraries from a workspace: add one (clone it, pin its commit), update
 * (fetch, show what changed upstream — package versions and the SQL diff of each formula — and
 * move the pin), and adopt chosen formulas at the pin as drafts for the workspace's own review.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FORMULAS_FOLDER, MANIFEST_FILE } from '../../engine/library/layout.ts';
import { formulaIdIn, formulaSql } from '../../engine/library/formula-text.ts';
import { versionIn } from '../../engine/library/manifest.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { cloneDir, type Follow, followed, followSchema, librariesDir, readFollows, writeFollows } from './library-follows.ts';
import { filesAt, git } from './library-git.ts';
import { holdsSql } from './library-packages.ts';
import { createDraft, type ReviewDeps } from './review.ts';
import type { Draft } from '../store/formulas.ts';

export interface PackageVersion {
  readonly name: string;
  readonly version: string;
}

export interface Options {
  readonly now?: () => Date;
}

/**
 * Follows the library at `url` (a git URL or a folder) as `name`, pinned to its current commit.
 * @example await followLibrary(workspace, 'community', 'https://example.org/library.git') // { follow, packages: [{ name: 'amtelco-be200', version: '1.0.0' }] }
 */
export async function followLibrary(
  workspace: Workspace,
  name: string,
  url: string,
  { now = () => new Date() }: Options = {},
): Promise<{ follow: Follow; packages: PackageVersion[] }> {
  const nameOk = followSchema.shape.name.safeParse(name);
  if (!nameOk.success) throw new ApiError(400, 'bad_name', `library name ${name}: ${nameOk.error.issues[0]?.message}`, 'name');
  if (readFollows(workspace).some((f) => f.name === name)) throw new ApiError(409, 'library_exists', `the workspace already follows a library ${name}`, 'name');
  const dir = cloneDir(workspace, name);
  // A folder is cloned by its absolute path: the clone must find it again from its own folder.
  const source = existsSync(url) ? resolve(url) : url;
  rmSync(dir, { recursive: true, force: true });
  try {
    await git(['clone', '--quiet', '--', source, dir], librariesDirReady(workspace));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const commit = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
  const at = now().toISOString();
  const follow = { name, url: source, commit, followedAt: at, updatedAt: at };
  writeFollows(workspace, [...readFollows(workspace), follow]);
  return { follow, packages: await packagesAt(dir, commit) };
}

function librariesDirReady(workspace: Workspace): string {
  const dir = librariesDir(workspace);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface FormulaChange {
  readonly path: string;
  readonly formulaId: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Unified diff of the SQL (empty when only tests or metadata changed). */
  readonly sqlDiff: string;
  /** The SQL at the pin and upstream ('' where the formula is not), for a side-by-side view. */
  readonly sqlBefore: string;
  readonly sqlAfter: string;
}

export interface FixtureChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly diff: string;
  /** The fixture's text at the pin and upstream ('' where it is not). */
  readonly before: string;
  readonly after: string;
}

export interface LibraryUpdate {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly packages: readonly { readonly name: string; readonly from?: string; readonly to?: string }[];
  readonly formulas: readonly FormulaChange[];
  /** Shared fixtures added, removed or changed, with the unified diff of their text. */
  readonly fixtures: readonly FixtureChange[];
  /** Whether the pin moved (not when only looking). */
  readonly moved: boolean;
}

/**
 * Fetches each followed library (or the one named), shows what changed since its pin, and moves
 * the pin to the fetched commit unless `look` only.
 */
export async function updateLibraries(
  workspace: Workspace,
  { name, look = false, now = () => new Date() }: Options & { name?: string; look?: boolean } = {},
): Promise<LibraryUpdate[]> {
  const follows = name !== undefined ? [followed(workspace, name)] : readFollows(workspace);
  const updates: LibraryUpdate[] = [];
  for (const follow of follows) {
    const dir = cloneDir(workspace, follow.name);
    await git(['fetch', '--quiet', 'origin', 'HEAD'], dir);
    const to = (await git(['rev-parse', 'FETCH_HEAD'], dir)).stdout.trim();
    const update = { name: follow.name, from: follow.commit, to, ...(await changesBetween(dir, follow.commit, to)), moved: !look && to !== follow.commit };
    if (update.moved) {
      await git(['checkout', '--quiet', '--detach', to], dir);
      writeFollows(workspace, [...readFollows(workspace).filter((f) => f.name !== follow.name), { ...follow, commit: to, updatedAt: now().toISOString() }]);
    }
    updates.push(update);
  }
  return updates;
}

async function changesBetween(dir: string, from: string, to: string): Promise<Pick<LibraryUpdate, 'packages' | 'formulas' | 'fixtures'>> {
  if (from === to) return { packages: [], formulas: [], fixtures: [] };
  const [before, after] = [await packagesAt(dir, from), await packagesAt(dir, to)];
  const names = [...new Set([...before, ...after].map((p) => p.name))].sort();
  const packages = names
    .map((pkg) => ({ name: pkg, from: before.find((p) => p.name === pkg)?.version, to: after.find((p) => p.name === pkg)?.version }))
    .filter((p) => p.from !== p.to)
    .map(({ name: pkg, from: was, to: is }) => ({ name: pkg, ...(was !== undefined ? { from: was } : {}), ...(is !== undefined ? { to: is } : {}) }));
  const paths = (await git(['diff', '--name-only', from, to], dir)).stdout.split('\n');
  const changed = paths.filter((path) => isFormulaPath(path));
  const fixturePaths = paths.filter((path) => isFixturePath(path));
  const [old, now] = [await filesAt(dir, from, [...changed, ...fixturePaths]), await filesAt(dir, to, [...changed, ...fixturePaths])];
  const patch = (path: string, was: string, is: string) =>
    createTwoFilesPatch(`${path} (${from.slice(0, 7)})`, `${path} (${to.slice(0, 7)})`, was, is, '', '', { context: 2 });
  const changeOf = (was: string | undefined, is: string | undefined) => (was === undefined ? 'added' : is === undefined ? 'removed' : 'changed');
  const formulas = changed.map((path) => {
    const [was, is] = [old.get(path), now.get(path)];
    const change = changeOf(was, is);
    const [sqlWas, sqlIs] = [was === undefined ? '' : formulaSql(was), is === undefined ? '' : formulaSql(is)];
    const sqlDiff = sqlWas === sqlIs ? '' : patch(path, `${sqlWas}\n`, `${sqlIs}\n`);
    return { path, formulaId: formulaIdIn(is ?? was ?? '') ?? path, change, sqlDiff, sqlBefore: sqlWas, sqlAfter: sqlIs } as const;
  });
  const fixtures = fixturePaths.map((path) => {
    const [was, is] = [old.get(path), now.get(path)];
    return { path, change: changeOf(was, is), diff: patch(path, was ?? '', is ?? ''), before: was ?? '', after: is ?? '' } as const;
  });
  return { packages, formulas, fixtures };
}

/** A shared fixture of some package: `<package>/formulas/fixtures/<name>.yaml`. */
function isFixturePath(path: string): boolean {
  return /^[^/]+\/formulas\/fixtures\/[^/]+\.yaml$/.test(path);
}

/** A formula file of some package: `<package>/formulas/…yaml`, not a shared fixture. */
export function isFormulaPath(path: string): boolean {
  const [, folder, ...rest] = path.split('/');
  return folder === FORMULAS_FOLDER && rest.length > 0 && holdsSql(rest.join('/')) && !rest.join('/').startsWith('snippets/');
}

/** Each package's version at a commit. */
export async function packagesAt(dir: string, commit: string): Promise<PackageVersion[]> {
  const manifests = (await git(['ls-tree', '--name-only', '-r', commit], dir)).stdout.split('\n').filter((path) => /^[^/]+\/package\.yaml$/.test(path));
  const texts = await filesAt(dir, commit, manifests);
  return manifests.map((path) => ({
    name: path.slice(0, -`/${MANIFEST_FILE}`.length),
    version: versionIn(texts.get(path) ?? '') ?? '?',
  }));
}

export interface Adoption {
  readonly formulaId: string;
  readonly path: string;
  readonly draft?: Draft;
  /** Why no draft was made: the release already has this very text. */
  readonly unchanged?: true;
}

/**
 * Turns formulas of a followed library, at its pin, into drafts of the workspace's review, by
 * `author`; a formula whose text the release already has makes no draft.
 * @example await adoptFormulas(review, workspace, 'community', ['AnsweredCalls'], 'alice') // [{ formulaId: 'AnsweredCalls', draft: { draftId: 3, … } }]
 */
export async function adoptFormulas(deps: ReviewDeps, workspace: Workspace, name: string, ids: readonly string[], author: string): Promise<Adoption[]> {
  const follow = followed(workspace, name);
  const dir = cloneDir(workspace, name);
  const paths = (await git(['ls-tree', '--name-only', '-r', follow.commit], dir)).stdout.split('\n').filter(isFormulaPath);
  const texts = await filesAt(dir, follow.commit, paths);
  const byId = new Map([...texts].map(([path, text]) => [(formulaIdIn(text) ?? '').toLowerCase(), { path, text }]));
  const missing = ids.filter((id) => !byId.has(id.toLowerCase()));
  if (missing.length > 0) throw new ApiError(404, 'unknown_formula', `library ${name} at ${follow.commit.slice(0, 7)} has no formula ${missing.join(', ')}`);
  const library = await deps.library();
  const adoptions: Adoption[] = [];
  for (const id of ids) {
    const { path, text } = byId.get(id.toLowerCase()) as { path: string; text: string };
    const formulaId = formulaIdIn(text) as string;
    const current = library.files.find((file) => file.formula.id === formulaId);
    if (current?.text === text) {
      adoptions.push({ formulaId, path, unchanged: true });
      continue;
    }
    adoptions.push({ formulaId, path, draft: await createDraft(deps, author, { formulaId, text }) });
  }
  return adoptions;
}

export interface FollowedLibrary extends Follow {
  /** Each package's version at the pin. */
  readonly packages: readonly PackageVersion[];
}

/**
 * The libraries the workspace follows, each with its packages' versions at the pin.
 * @example await listFollowed(workspace) // [{ name: 'community', url: '/srv/library.git', commit: '1a2b…', packages: [{ name: 'amtelco-be200', version: '0.2.0' }] }]
 */
export async function listFollowed(workspace: Workspace): Promise<FollowedLibrary[]> {
  const libraries: FollowedLibrary[] = [];
  for (const follow of readFollows(workspace)) libraries.push({ ...follow, packages: await packagesAt(cloneDir(workspace, follow.name), follow.commit) });
  return libraries;
}
