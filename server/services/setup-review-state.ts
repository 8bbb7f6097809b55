/**
 * A setup version's review, derived from its events: its state (the last event decides), its
 * reviews, and who made the change under review — the authors of every version since the last
 * approved one, up to this one (an approver among them may not approve it).
 */
import type { SetupReviewEvent } from '../store/setup-reviews.ts';

export type ReviewState = 'draft' | 'in_review' | 'approved' | 'rejected';

export interface VersionReview {
  readonly state: ReviewState;
  /** This version's review events, oldest first. */
  readonly reviews: readonly SetupReviewEvent[];
  /** Who wrote this version or an unapproved one before it. */
  readonly editors: readonly string[];
}

const stateAfter = { submit: 'in_review', approve: 'approved', reject: 'rejected' } as const;

/** @example reviewOf(2, [{ version: 1, author: 'ann' }, { version: 2, author: 'abe' }], []) // { state: 'draft', reviews: [], editors: ['ann', 'abe'] } */
export function reviewOf(
  version: number,
  versions: readonly { readonly version: number; readonly author: string }[],
  events: readonly SetupReviewEvent[],
): VersionReview {
  const stateOf = (v: number): ReviewState => {
    const last = events.filter((event) => event.version === v).at(-1);
    return last ? stateAfter[last.action] : 'draft';
  };
  const lastApproved = Math.max(0, ...versions.filter((v) => v.version < version && stateOf(v.version) === 'approved').map((v) => v.version));
  const editors = [...new Set(versions.filter((v) => v.version > lastApproved && v.version <= version).map((v) => v.author))];
  return { state: stateOf(version), reviews: events.filter((event) => event.version === version), editors };
}
