/**
 * The top bar's navigation between views the user may open: a row of links, the current one marked
 * for screen readers too, and on Reviews the number of things waiting for the user's review.
 */
import { For, onMount, Show } from 'solid-js';
import { followWaitingReviews, waitingReviews } from '../reviews/waiting.ts';
import { hrefOf, isPlainClick } from './route.ts';
import { visibleViews, type View } from './views.ts';

export function ViewNav(props: { view: View; onView: (view: View) => void }) {
  onMount(followWaitingReviews);
  return (
    <nav class="view-nav" aria-label="Views">
      <For each={visibleViews()}>
        {(v) => (
          <a
            href={hrefOf(v.id)}
            aria-current={props.view === v.id ? 'page' : undefined}
            classList={{ current: props.view === v.id }}
            onClick={(event) => {
              if (!isPlainClick(event)) return;
              event.preventDefault();
              props.onView(v.id);
            }}
          >
            {v.label}
            <Show when={v.id === 'reviews' && waitingReviews()?.count}>
              {(count) => (
                <span class="review-count" role="status" aria-label={`${count()} waiting for your review`}>
                  {count()}
                </span>
              )}
            </Show>
          </a>
        )}
      </For>
    </nav>
  );
}
