/**
 * The review section under the editor, for a draft in review or approved: what the change does
 * (the SQL diff against the release and, on the current snapshot, which clients move and what
 * invoices it changes under the current billing setup), the review
 * comments, and — while in review — the form to comment or approve.
 */
import { createResource, Show } from 'solid-js';
import type { Draft, DraftWithReviews, Verdict } from '../api/types.ts';
import { MoneyImpact } from '../reviews/money-impact.tsx';
import { refreshWaitingReviews } from '../reviews/waiting.ts';
import { Loaded } from '../ui/states.tsx';
import type { FormulaSession } from './formula-session.ts';
import { MergeDiff } from './merge-diff.tsx';
import { ResultDiff } from './result-diff.tsx';
import { loadDraftChange, loadReviews } from './review-api.ts';
import { ReviewForm } from './review-form.tsx';
import { ReviewThread } from './review-thread.tsx';
import './review.css';

/** Mounts the review panel while the editor shows a draft that is in review or approved. */
export function ReviewSection(props: { session: FormulaSession; snapshot: string }) {
  const draft = () => {
    const source = props.session.source();
    return source?.kind === 'draft' && (source.draft.status === 'in_review' || source.draft.status === 'approved') ? source.draft : null;
  };
  // Keyed on the draft's id: a new status or comment updates the panel, another draft replaces it.
  return (
    <Show when={draft()?.draftId} keyed>
      {(_draftId: number) => (
        <ReviewPanel draft={draft() as Draft} snapshot={props.snapshot} onReviewed={(reviewed, verdict) => void props.session.reviewed(reviewed, verdict)} />
      )}
    </Show>
  );
}

interface ReviewPanelProps {
  readonly draft: Draft;
  readonly snapshot: string;
  readonly onReviewed: (draft: DraftWithReviews, verdict: Verdict) => void;
}

function ReviewPanel(props: ReviewPanelProps) {
  // The diff is recomputed only when the text (revision) or the snapshot changes, not on each comment.
  const [change, { refetch: retryChange }] = createResource(
    () => `${props.draft.draftId}:${props.draft.revision}:${props.snapshot}`,
    () => loadDraftChange(props.draft, props.snapshot),
  );
  const [reviews, { mutate: setReviews, refetch: retryReviews }] = createResource(() => props.draft.draftId, loadReviews);
  const status = () => (props.draft.status === 'approved' ? `Approved as version ${props.draft.approvedVersion}` : 'In review');

  return (
    <section class="review-panel" aria-labelledby={`review-title-${props.draft.draftId}`}>
      <header class="review-header">
        <h3 id={`review-title-${props.draft.draftId}`}>Review of draft #{props.draft.draftId}</h3>
        <span class={`review-status status-${props.draft.status}`} role="status">
          {status()}
        </span>
      </header>

      <h4>What the change does</h4>
      <Loaded
        resource={change}
        loading={props.snapshot ? `Comparing the draft with the release on ${props.snapshot}…` : 'Comparing the draft with the release…'}
        problem="What the draft changes could not be shown"
        onRetry={() => void retryChange()}
      >
        {(found) => (
          <>
            <p class="muted review-diff-legend">
              Left: {found().before ? 'the release’s version' : 'nothing (a new formula)'} · right: draft #{props.draft.draftId}, revision{' '}
              {props.draft.revision}
            </p>
            <div class="review-sql-diff" role="region" aria-label="SQL diff">
              <MergeDiff before={found().before} after={found().after} wrapLines />
            </div>
            <Show when={found().results} fallback={<p class="muted">Choose a snapshot to see which clients the change moves.</p>}>
              {(deltas) => <ResultDiff deltas={deltas()} unit={found().unit} clients={found().clients} snapshot={props.snapshot} />}
            </Show>
          </>
        )}
      </Loaded>

      <MoneyImpact draft={props.draft} snapshot={props.snapshot} />

      <h4>Comments</h4>
      <Loaded
        resource={reviews}
        loading="Loading the review comments…"
        problem="The review comments could not be loaded"
        onRetry={() => void retryReviews()}
        keepWhileLoading
      >
        {(found) => <ReviewThread reviews={found()} />}
      </Loaded>
      <Show when={props.draft.status === 'in_review'}>
        <ReviewForm
          draft={props.draft}
          onReviewed={(reviewed, verdict) => {
            setReviews(reviewed.reviews);
            void refreshWaitingReviews();
            props.onReviewed(reviewed, verdict);
          }}
        />
      </Show>
    </section>
  );
}
