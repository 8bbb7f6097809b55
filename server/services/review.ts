/**
 * The review workflow, whoever asks: create a draft, edit it (from the revision edited; a stale one
 * is `edit_conflict`), submit it (its tests must pass), comment on or approve it (N approvals from
 * users other than the author make an immutable version), withdraw it, and see what it changes (the
 * SQL diff and, on a snapshot, the result diff). Promotion into a release is in releases.ts.
 */
import { createTwoFilesPatch } from 'diff';
import type { Delta } from '../../engine/diff/delta.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { WorkspaceError } from '../store/errors.ts';
import type { Database } from '../store/database.ts';
import {
  addReview,
  addVersion,
  approversOf,
  createDraft as insertDraft,
  type Draft,
  draftEditors,
  getDraft,
  getVersion,
  listReviews,
  recordVersionEditors,
  type Review,
  setDraftStatus,
  updateDraft,
} from '../store/formulas.ts';
import { hasRole, type User } from '../store/users.ts';
import { checkFormulaText, testsPass } from './formula-checks.ts';
import { pathNumber } from './path-number.ts';
import { resultDiff } from './formula-runs.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface ReviewDeps {
  readonly db: Database;
  readonly now: () => Date;
  /** The active release's library: a draft's base version and what its tests run against. */
  readonly library: () => Promise<ActiveLibrary>;
  /** Approvals from users other than the author that make a version (the server's setting, default 1). */
  readonly approvalsRequired: number;
}

export type DraftWithReviews = Draft & { readonly reviews: readonly Review[] };

/**
 * A draft's number from the text of a path; anything else names no draft.
 * @example draftId('41') // 41
 */
export function draftId(text: string): number {
  const id = pathNumber(text);
  if (id === undefined) throw new WorkspaceError('not_found', `no draft ${text.slice(0, 40)}`);
  return id;
}

/**
 * A new draft of a formula (new, or a change to the release's version, which becomes its base).
 * @example await createDraft(deps, 'alice', { formulaId: 'SecCalls', text }) // { draftId: 41, revision: 1, status: 'editing', ... }
 */
export async function createDraft(deps: ReviewDeps, author: string, draft: { readonly formulaId: string; readonly text: string }): Promise<Draft> {
  idMustMatch(draft.text, draft.formulaId);
  const base = (await deps.library()).versionOf.get(draft.formulaId) ?? null;
  return deps.db.transaction((tx) => insertDraft(tx, draft.formulaId, draft.text, base, author, deps.now()));
}

/** A draft with its reviews, oldest first. */
export async function showDraft(deps: Pick<ReviewDeps, 'db'>, id: number): Promise<DraftWithReviews> {
  const draft = await getDraft(deps.db, id);
  return { ...draft, reviews: await listReviews(deps.db, draft.draftId) };
}

/**
 * A new revision of a draft being edited; `expected` is the revision edited (`edit_conflict` when
 * someone changed it meanwhile). Only its author, an approver or an administrator may change a
 * draft (and whoever does may no longer approve it).
 * @example await editDraft(deps, alice, 41, { text, expected: 1 }) // { revision: 2, ... }
 */
export async function editDraft(
  deps: ReviewDeps,
  editor: Pick<User, 'name' | 'role'>,
  id: number,
  edit: { readonly text: string; readonly expected: number },
): Promise<Draft> {
  const draft = await getDraft(deps.db, id);
  mustOwn(draft, editor, 'change');
  idMustMatch(edit.text, draft.formulaId);
  return deps.db.transaction((tx) => updateDraft(tx, id, edit.text, edit.expected, editor.name, deps.now()));
}

/** An editor may change or withdraw only their own drafts; approvers and administrators anyone's. */
function mustOwn(draft: Draft, actor: Pick<User, 'name' | 'role'>, what: string): void {
  if (draft.author !== actor.name && !hasRole(actor.role, 'approver'))
    throw new ApiError(403, 'not_owner', `draft ${draft.draftId} is ${draft.author}'s: only they, an approver or an administrator may ${what} it`);
}

/** Sends a draft to review; it must validate and pass its fixture tests against the active library. */
export async function submitDraft(deps: ReviewDeps, author: string, id: number): Promise<Draft> {
  const report = await checkFormulaText((await getDraft(deps.db, id)).text, await deps.library());
  if (!testsPass(report)) throw new ApiError(422, 'tests_fail', 'the draft must validate and pass its fixture tests before review', 'text');
  return deps.db.transaction((tx) => setDraftStatus(tx, id, 'editing', 'in_review', author, deps.now()));
}

/**
 * A comment on a draft (anyone), or an approval: by an approver who is not the author, of a draft in
 * review that still passes its tests. The approval that reaches `approvalsRequired` makes the draft's
 * text an immutable version and the draft approved.
 * @example await reviewDraft(deps, bob, 41, { verdict: 'approve' }) // { status: 'approved', approvedVersion: 'SecCalls@…', reviews: [...] }
 */
export async function reviewDraft(
  deps: ReviewDeps,
  reviewer: Pick<User, 'name' | 'role'>,
  id: number,
  review: { readonly verdict: Review['verdict']; readonly comment?: string | undefined },
): Promise<DraftWithReviews> {
  const approving = review.verdict === 'approve';
  // The endpoint is open to viewers for comments; approving is the approver's (the contract cannot say so, it depends on the body).
  if (approving && !hasRole(reviewer.role, 'approver'))
    throw new ApiError(403, 'forbidden', `this needs the approver role; ${reviewer.name} is ${reviewer.role}`);
  const draft = await getDraft(deps.db, id);
  if (approving) {
    if (draft.status !== 'in_review')
      throw new WorkspaceError('wrong_state', `draft ${id} is ${draft.status.replace('_', ' ')}; only a draft in review can be approved`);
    const changedBy = await draftEditors(deps.db, id);
    if (changedBy.includes(reviewer.name))
      throw new ApiError(
        403,
        'own_draft',
        `${reviewer.name} changed the text of draft ${id} (written by ${changedBy.join(', ')}): someone who did not must approve it`,
      );
    const report = await checkFormulaText(draft.text, await deps.library());
    if (!testsPass(report)) throw new ApiError(422, 'tests_fail', 'the draft no longer passes its tests against the current library', 'text');
  }
  const updated = await deps.db.transaction(async (tx) => {
    await addReview(tx, draft, reviewer.name, review.verdict, review.comment ?? null, deps.now());
    const editors = await draftEditors(tx, id);
    const approvals = await approversOf(tx, id, editors);
    if (!approving || approvals.size < deps.approvalsRequired) return getDraft(tx, id);
    const version = await addVersion(tx, draft.formulaId, draft.text, draft.author, deps.now(), draft.baseVersion);
    await recordVersionEditors(tx, version.versionId, editors);
    return setDraftStatus(tx, id, 'in_review', 'approved', reviewer.name, deps.now(), { approvedVersion: version.versionId, editors });
  });
  return { ...updated, reviews: await listReviews(deps.db, id) };
}

/** Withdraws a draft that is neither approved nor already withdrawn (its author's, or by an approver or administrator). */
export async function withdrawDraft(deps: ReviewDeps, actor: Pick<User, 'name' | 'role'>, id: number): Promise<Draft> {
  const draft = await getDraft(deps.db, id);
  mustOwn(draft, actor, 'withdraw');
  if (draft.status === 'approved' || draft.status === 'withdrawn') throw new WorkspaceError('wrong_state', `draft ${id} is already ${draft.status}`);
  return deps.db.transaction((tx) => setDraftStatus(tx, id, draft.status, 'withdrawn', actor.name, deps.now()));
}

export interface DraftChange {
  readonly draft: number;
  readonly revision: number;
  /** Unified diff of the base version's text and the draft's. */
  readonly sqlDiff: string;
  /** On a snapshot: which clients move and by how much; null without one. */
  readonly results: readonly Delta[] | null;
}

/**
 * What a draft changes against its base version: the text diff, and with a snapshot the result diff.
 * @example await draftChange({ ...deps, snapshots }, 41, 'demo-2026-10') // { sqlDiff: '--- SecCalls (release)…', results: [...] }
 */
export async function draftChange(
  deps: Pick<ReviewDeps, 'db' | 'library'> & { readonly snapshots: SnapshotSessions },
  id: number,
  snapshot?: string,
): Promise<DraftChange> {
  const draft = await getDraft(deps.db, id);
  const library = await deps.library();
  const base = draft.baseVersion ? await getVersion(deps.db, draft.baseVersion) : undefined;
  const sqlDiff = createTwoFilesPatch(
    `${draft.formulaId} (release)`,
    `${draft.formulaId} (draft ${draft.draftId} r${draft.revision})`,
    base?.text ?? '',
    draft.text,
  );
  const results = snapshot
    ? await resultDiff(deps, snapshot, base ? parseFormulaFile(base.text, 'base.yaml') : undefined, parseFormulaFile(draft.text, 'draft.yaml'), library)
    : null;
  return { draft: draft.draftId, revision: draft.revision, sqlDiff, results };
}

/** A draft's text must define the formula the draft is for. */
function idMustMatch(text: string, formulaId: string): void {
  const declared = /^id:\s*(\S+)/m.exec(text)?.[1];
  if (declared !== undefined && declared !== formulaId)
    throw new ApiError(400, 'id_mismatch', `the text defines formula ${declared}, but the draft is for ${formulaId}`, 'text');
}
