/**
 * What waits for a person's review: formula drafts submitted by someone else that they have not
 * approved yet (at the draft's current revision), billing setup versions in review that they
 * did not write, and others' proposals to retire a formula. Only approvers approve, so only they have a list.
 */
import { hasRole, type Role } from '../api/endpoint.ts';
import type { Database } from '../store/database.ts';
import { listDrafts, listReviews } from '../store/formulas.ts';
import { type OpenRetirement, openRetirements } from './releases.ts';
import { listSetups, listSetupVersions } from './setups.ts';

export interface WaitingDraft {
  readonly draftId: number;
  readonly formulaId: string;
  readonly author: string;
  readonly revision: number;
  /** When it was submitted or last changed. */
  readonly since: string;
}

export interface WaitingSetup {
  readonly name: string;
  readonly version: number;
  readonly author: string;
  /** When it was submitted. */
  readonly since: string;
}

export interface ReviewInbox {
  readonly drafts: readonly WaitingDraft[];
  readonly setups: readonly WaitingSetup[];
  /** Proposals by others to retire a formula, for a second approver to confirm. */
  readonly retirements: readonly OpenRetirement[];
  readonly count: number;
}

/** @example (await reviewInbox(db, { name: 'bea', role: 'approver' })).count // 2 */
export async function reviewInbox(db: Database, user: { readonly name: string; readonly role: Role }): Promise<ReviewInbox> {
  if (!hasRole(user.role, 'approver')) return { drafts: [], setups: [], retirements: [], count: 0 };
  const drafts: WaitingDraft[] = [];
  for (const draft of await listDrafts(db, { status: 'in_review' })) {
    if (draft.author === user.name) continue;
    const reviews = await listReviews(db, draft.draftId);
    if (reviews.some((review) => review.reviewer === user.name && review.verdict === 'approve' && review.revision === draft.revision)) continue;
    drafts.push({ draftId: draft.draftId, formulaId: draft.formulaId, author: draft.author, revision: draft.revision, since: draft.updatedAt });
  }
  drafts.sort((a, b) => a.since.localeCompare(b.since));
  const setups = await waitingSetups(db, user.name);
  const retirements = (await openRetirements(db)).filter((retirement) => retirement.proposedBy !== user.name);
  return { drafts, setups, retirements, count: drafts.length + setups.length + retirements.length };
}

async function waitingSetups(db: Database, reviewer: string): Promise<WaitingSetup[]> {
  const waiting: WaitingSetup[] = [];
  for (const setup of await listSetups({ db })) {
    if (setup.state !== 'in_review') continue;
    const version = (await listSetupVersions({ db }, setup.name)).find((v) => v.version === setup.version);
    if (!version || version.editors.includes(reviewer)) continue;
    const submitted = version.reviews.filter((event) => event.action === 'submit').at(-1);
    waiting.push({ name: setup.name, version: version.version, author: version.author, since: submitted?.createdAt ?? version.createdAt });
  }
  return waiting.sort((a, b) => a.since.localeCompare(b.since));
}
