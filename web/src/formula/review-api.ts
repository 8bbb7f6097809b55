/**
 * What the review section asks the server: what a draft changes (GET /api/drafts/{id}/review on a
 * snapshot: the SQL diff and the result diff), who the moving clients are (the grid with the draft
 * in place), the review comments (GET /api/drafts/{id}) and a new comment or approval
 * (POST /api/drafts/{id}/reviews).
 */
import { applyPatch, parsePatch, reversePatch } from 'diff';
import { call, endpoints } from '../api/client.ts';
import type { Delta } from '../../../engine/diff/delta.ts';
import type { Draft, DraftWithReviews, ReviewComment, Unit, Verdict } from '../api/types.ts';

export interface ClientLabel {
  readonly clientNumber: string;
  readonly name: string;
}

/** What a draft changes, ready to show. */
export interface DraftChange {
  /** The release's text the draft was made from ('' for a new formula) and the draft's text. */
  readonly before: string;
  readonly after: string;
  /** Null when no snapshot was given. */
  readonly results: readonly Delta[] | null;
  readonly unit: Unit;
  readonly clients: ReadonlyMap<number, ClientLabel>;
}

/** The grid's limit: a site with more clients shows the rest by cltID only. */
const CLIENT_LIMIT = 5000;

export async function loadDraftChange(draft: Draft, snapshot: string): Promise<DraftChange> {
  const id = String(draft.draftId);
  const [review, grid] = await Promise.all([
    call(endpoints.draftReview, { params: { id }, query: { snapshot } }),
    snapshot ? call(endpoints.grid, { query: { snapshot, columns: draft.formulaId, draft: draft.draftId, limit: CLIENT_LIMIT } }) : null,
  ]);
  return {
    before: textBefore(review.sqlDiff, draft.text),
    after: draft.text,
    results: review.results,
    unit: grid?.columns[0]?.unit ?? 'count',
    clients: new Map((grid?.rows ?? []).map((row) => [row.cltID, { clientNumber: row.clientNumber, name: row.name }])),
  };
}

/** The server sends the change as a unified diff from the base to the draft; undo it to get the base. */
function textBefore(sqlDiff: string, after: string): string {
  const [patch] = parsePatch(sqlDiff);
  if (!patch) return '';
  const before = applyPatch(after, reversePatch(patch));
  if (before === false) throw new Error('The text the draft was made from could not be rebuilt from the review diff.');
  return before;
}

export async function loadReviews(draftId: number): Promise<readonly ReviewComment[]> {
  return (await call(endpoints.showDraft, { params: { id: String(draftId) } })).reviews;
}

/** Records a comment or an approval; returns the draft as it is now, with every review. */
export function postReview(draftId: number, verdict: Verdict, comment: string): Promise<DraftWithReviews> {
  return call(endpoints.reviewDraft, { params: { id: String(draftId) }, body: { verdict, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
}
