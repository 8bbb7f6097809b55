/**
 * What waits for a person's review: formula drafts submitted by someone else that they have not
 * approved yet (at the draft's current revision). Only approvers approve, so only they have a list.
 */
import { hasRole, type Role } from '../api/endpoint.ts';
import type { Database } from '../store/database.ts';
import { listDrafts, listReviews } from '../store/formulas.ts';

export interface WaitingDraft {
  readonly draftId: number;
  readonly formulaId: string;
  readonly author: string;
  readonly revision: number;
  /** When it was submitted or last changed. */
  readonly since: string;
}

export interface ReviewInbox {
  readonly drafts: readonly WaitingDraft[];
  readonly count: number;
}

/** @example (await reviewInbox(db, { name: 'bea', role: 'approver' })).count // 2 */
export async function reviewInbox(db: Database, user: { readonly name: string; readonly role: Role }): Promise<ReviewInbox> {
  if (!hasRole(user.role, 'approver')) return { drafts: [], count: 0 };
  const drafts: WaitingDraft[] = [];
  for (const draft of await listDrafts(db, { status: 'in_review' })) {
    if (draft.author === user.name) continue;
    const reviews = await listReviews(db, draft.draftId);
    if (reviews.some((review) => review.reviewer === user.name && review.verdict === 'approve' && review.revision === draft.revision)) continue;
    drafts.push({ draftId: draft.draftId, formulaId: draft.formulaId, author: draft.author, revision: draft.revision, since: draft.updatedAt });
  }
  drafts.sort((a, b) => a.since.localeCompare(b.since));
  return { drafts, count: drafts.length };
}
