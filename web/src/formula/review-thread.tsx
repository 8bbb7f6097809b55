/** The reviews of a draft, oldest first: who, when, on which revision, the verdict and the comment. */
import { For, Show } from 'solid-js';
import type { ReviewComment } from '../api/types.ts';

const VERDICT: Readonly<Record<ReviewComment['verdict'], string>> = { approve: 'approved', comment: 'commented' };

export function ReviewThread(props: { reviews: readonly ReviewComment[] }) {
  return (
    <Show when={props.reviews.length > 0} fallback={<p class="muted review-none">No review comments yet.</p>}>
      <ol class="review-thread" aria-label="Review comments">
        <For each={props.reviews}>
          {(review) => (
            <li class={`review review-${review.verdict}`}>
              <p class="review-meta">
                <strong class="reviewer">{review.reviewer}</strong> <span class="verdict">{VERDICT[review.verdict]}</span> ·{' '}
                <time datetime={review.createdAt}>{review.createdAt.slice(0, 16).replace('T', ' ')} UTC</time> · revision {review.revision}
              </p>
              <Show when={review.comment}>
                <p class="review-text">{review.comment}</p>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
