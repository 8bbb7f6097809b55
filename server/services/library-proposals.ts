/**
 * Publishing to a community library: released formulas of the workspace become a change on a new
 * branch of the followed library's local clone — their files (with the shared fixtures their tests
 * load that the package lacks), a version bump and a changelog entry with the reasons from their
 * review threads — ready to push and open as a pull request. Nothing is pushed.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LIBRARY_DIR } from '../../engine/formulas/library.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import { addChangelogEntry, changelogDay } from '../../engine/library/changelog.ts';
import { formulaIdIn } from '../../engine/library/formula-text.ts';
import { CHANGELOG_FILE, FORMULAS_FOLDER, MANIFEST_FILE } from '../../engine/library/layout.ts';
import { parseManifest, withVersion } from '../../engine/library/manifest.ts';
import { type BumpLevel, bumpVersion } from '../../engine/library/version.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getVersion, listDrafts, listReviews } from '../store/formulas.ts';
import { onNewBranch } from './library-branch.ts';
import { cloneDir } from './library-follows.ts';
import { git } from './library-git.ts';

export interface ProposalDeps {
  readonly db: Database;
  readonly now: () => Date;
  readonly library: () => Promise<ActiveLibrary>;
}

export interface ProposalRequest {
  /** The followed library whose clone gets the branch. */
  readonly library: string;
  readonly package: string;
  readonly formulas: readonly string[];
  readonly level?: BumpLevel;
  readonly branch?: string;
}

export interface Proposal {
  readonly clone: string;
  readonly branch: string;
  readonly commit: string;
  readonly package: string;
  readonly from: string;
  readonly to: string;
  /** Paths written, relative to the library. */
  readonly files: readonly string[];
}

/**
 * Proposes the active release's versions of `request.formulas` to package `request.package`.
 * @example await proposeFormulas(deps, workspace, { library: 'community', package: 'amtelco-be200', formulas: ['AnsweredCallsConsensus'] })
 */
export async function proposeFormulas(deps: ProposalDeps, workspace: Workspace, request: ProposalRequest): Promise<Proposal> {
  const clone = cloneDir(workspace, request.library);
  const packageDir = join(clone, request.package);
  if (!existsSync(join(packageDir, MANIFEST_FILE)))
    throw new ApiError(404, 'not_found', `library ${request.library} has no package ${request.package}`, 'package');
  const library = await deps.library();
  const released = request.formulas.map((id) => {
    const file = library.files.find((f) => f.formula.id.toLowerCase() === id.toLowerCase());
    if (!file) throw new ApiError(404, 'unknown_formula', `the active release ${library.release.name} has no formula ${id}`, 'formulas');
    return file;
  });
  const ids = released.map((file) => file.formula.id);
  const branch = request.branch ?? `propose/${ids.join('-').toLowerCase().slice(0, 60)}-${changelogDay(deps.now()).replaceAll('-', '')}`;
  const nothing = () =>
    new ApiError(409, 'nothing_to_propose', `package ${request.package} already has these formulas as released: nothing to propose`, 'formulas');
  const made = await onNewBranch(
    workspace,
    request.library,
    branch,
    async () => {
      const files = released.flatMap((file) => writeFormula(packageDir, clone, file.formula, file.text));
      await git(['add', '--', request.package], clone);
      // Nothing to propose before the version and changelog change: those alone are no change.
      if (
        await git(['diff', '--cached', '--quiet'], clone).then(
          () => true,
          () => false,
        )
      )
        throw nothing();
      const manifestText = readFileSync(join(packageDir, MANIFEST_FILE), 'utf8');
      const from = parseManifest(manifestText, `${request.package}/${MANIFEST_FILE}`, request.package).manifest.version;
      const to = bumpVersion(from, request.level ?? 'minor');
      writeFileSync(join(packageDir, MANIFEST_FILE), withVersion(manifestText, to));
      const changelogFile = join(packageDir, CHANGELOG_FILE);
      const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '# Changelog\n';
      const items = await Promise.all(ids.map((id) => changelogItem(deps.db, library, id)));
      writeFileSync(changelogFile, addChangelogEntry(changelog, to, changelogDay(deps.now()), items));
      await git(['add', '--', request.package], clone);
      return { message: `${request.package} ${to}: ${ids.join(', ')}`, result: { from, to, files: [...new Set(files)] } };
    },
    nothing,
  );
  return { clone, branch, commit: made.commit, package: request.package, ...made.result };
}

/** Writes a formula where the package has it (by id), else by variant and family; and the shared fixtures its tests load that the package lacks. */
function writeFormula(packageDir: string, clone: string, formula: Formula, text: string): string[] {
  const formulas = join(packageDir, FORMULAS_FOLDER);
  const target =
    existingFile(formulas, formula.id) ?? join(formulas, formula.variant === 'custom' ? 'custom' : formula.variant, formula.family, `${formula.id}.yaml`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  const written = [relative(clone, target)];
  for (const fixture of new Set(formula.tests.flatMap((test) => (test.fixture ? [test.fixture] : [])))) {
    const fixtureFile = join(formulas, 'fixtures', `${fixture}.yaml`);
    if (existsSync(fixtureFile)) continue;
    cpSync(join(LIBRARY_DIR, 'fixtures', `${fixture}.yaml`), fixtureFile);
    written.push(relative(clone, fixtureFile));
  }
  return written;
}

function existingFile(folder: string, id: string): string | undefined {
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .find((file) => formulaIdIn(readFileSync(file, 'utf8')) === id);
}

/** `<Id> (version N by author): the reasons given in its review`, from the drafts that made the released version. */
async function changelogItem(db: Database, library: ActiveLibrary, formulaId: string): Promise<string> {
  const versionId = library.versionOf.get(formulaId);
  const version = versionId ? await getVersion(db, versionId) : undefined;
  const drafts = (await listDrafts(db, { status: 'approved' })).filter((draft) => draft.approvedVersion === versionId);
  const reasons: string[] = [];
  for (const draft of drafts) {
    for (const review of await listReviews(db, draft.draftId))
      if (review.comment) reasons.push(`${review.comment.replace(/\s+/g, ' ').trim()} (${review.reviewer})`);
  }
  const who = version ? ` (version ${version.number} by ${version.author})` : '';
  return `${formulaId}${who}: ${reasons.length > 0 ? reasons.join('; ') : `as in release ${library.release.name}`}`;
}
