/**
 * A site's adoption record for a followed library: which of the library's formulas (at the pin)
 * the site's active release runs word for word, written to `adoptions/<site>.yaml` as one commit
 * on a new branch of the clone, ready to push. Nothing is pushed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../engine/formulas/package.ts';
import { type AdoptionRecord, renderAdoption, siteNameSchema } from '../../engine/library/adoption.ts';
import { changelogDay } from '../../engine/library/changelog.ts';
import { formulaIdIn } from '../../engine/library/formula-text.ts';
import { ADOPTIONS_FOLDER } from '../../engine/library/layout.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { onNewBranch } from './library-branch.ts';
import { cloneDir, followed } from './library-follows.ts';
import { filesAt, git } from './library-git.ts';
import { isFormulaPath, packagesAt } from './library-subscriptions.ts';
import { libraryFor } from './release-library.ts';

export interface AdoptionRequest {
  readonly library: string;
  readonly site: string;
  readonly branch?: string;
  readonly now?: () => Date;
}

export interface RecordedAdoption {
  readonly clone: string;
  readonly branch: string;
  readonly commit: string;
  readonly file: string;
  readonly record: AdoptionRecord;
}

/**
 * Records which formulas of library `request.library` the workspace's active release runs.
 * @example await recordAdoption(workspace, { library: 'community', site: 'north-answering' }) // { file: 'adoptions/north-answering.yaml', record: { formulas: [...] }, ... }
 */
export async function recordAdoption(
  workspace: Workspace,
  { library: name, site, branch, now = () => new Date() }: AdoptionRequest,
): Promise<RecordedAdoption> {
  const siteOk = siteNameSchema.safeParse(site);
  if (!siteOk.success) throw new ApiError(400, 'bad_name', `site ${site}: ${siteOk.error.issues[0]?.message}`, 'site');
  const follow = followed(workspace, name);
  const clone = cloneDir(workspace, name);
  const release = libraryFor(workspace);
  const runs = new Map(release.files.map((file) => [sha256(file.text), file.formula.id]));
  const paths = (await git(['ls-tree', '--name-only', '-r', follow.commit], clone)).stdout.split('\n').filter(isFormulaPath);
  const texts = await filesAt(clone, follow.commit, paths);
  const versions = new Map((await packagesAt(clone, follow.commit)).map((p) => [p.name, p.version]));
  const formulas = [...texts].flatMap(([path, text]) => {
    const hash = sha256(text);
    const formula = formulaIdIn(text);
    const pkg = path.split('/')[0] as string;
    return runs.get(hash) === formula && formula !== undefined ? [{ package: pkg, version: versions.get(pkg) ?? '0.0.0', formula, sha256: hash }] : [];
  });
  if (formulas.length === 0)
    throw new ApiError(
      409,
      'nothing_to_record',
      `release ${release.release.name} runs none of library ${name}'s formulas as written at ${follow.commit.slice(0, 7)}`,
    );
  formulas.sort((a, b) => a.package.localeCompare(b.package) || a.formula.localeCompare(b.formula));
  const record: AdoptionRecord = { site, recorded: changelogDay(now()), release: release.release.name, formulas };
  const file = `${ADOPTIONS_FOLDER}/${site}.yaml`;
  const made = await onNewBranch(
    workspace,
    name,
    branch ?? `adoption/${site}-${record.recorded.replaceAll('-', '')}`,
    async () => {
      mkdirSync(join(clone, ADOPTIONS_FOLDER), { recursive: true });
      writeFileSync(join(clone, file), renderAdoption(record));
      await git(['add', '--', file], clone);
      return { message: `Adoption record of ${site}: ${formulas.length} formula(s) of release ${release.release.name}`, result: undefined };
    },
    () => new ApiError(409, 'nothing_to_record', `${file} already records these formulas`),
  );
  return { clone, branch: made.branch, commit: made.commit, file, record };
}
