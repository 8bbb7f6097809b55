/**
 * "Waiting for my review": the formula drafts, billing setup versions and formula retirements an
 * approver is asked to review, oldest first: a draft or setup version links to where it is reviewed
 * (the formula editor, the setup editor); a retirement is confirmed here.
 */
import { For, onMount, Show } from 'solid-js';
import { formulaPath, setupPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { Empty, Loading } from '../ui/states.tsx';
import { RetirementItem } from './retirement-item.tsx';
import { refreshWaitingReviews, waitingReviews } from './waiting.ts';
import './reviews.css';

export function ReviewsView() {
  onMount(() => void refreshWaitingReviews());
  return (
    <main class="reviews-view">
      <h1>Waiting for my review</h1>
      <Show when={waitingReviews()} fallback={<Loading label="Looking for what waits for your review…" />}>
        {(inbox) => (
          <Show
            when={inbox().count > 0}
            fallback={
              <Empty title="Nothing waits for your review.">
                Formula drafts, billing setup changes and formula retirements that others propose show here until you approve them.
              </Empty>
            }
          >
            <Show when={inbox().drafts.length > 0}>
              <h2>Formula drafts</h2>
              <ul class="review-list">
                <For each={inbox().drafts}>
                  {(draft) => (
                    <li>
                      <a
                        href={hrefOf(formulaPath(draft.formulaId, draft.draftId))}
                        onClick={(event) => followLink(event, formulaPath(draft.formulaId, draft.draftId))}
                      >
                        {draft.formulaId} · draft #{draft.draftId}
                      </a>
                      <span class="muted">
                        by {draft.author}, revision {draft.revision}, since {shortTime(draft.since)}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={inbox().setups.length > 0}>
              <h2>Billing setups</h2>
              <ul class="review-list">
                <For each={inbox().setups}>
                  {(setup) => (
                    <li>
                      <a href={hrefOf(setupPath(setup.name))} onClick={(event) => followLink(event, setupPath(setup.name))}>
                        {setup.name} · version {setup.version}
                      </a>
                      <span class="muted">
                        by {setup.author}, submitted {shortTime(setup.since)}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={inbox().retirements.length > 0}>
              <h2>Formula retirements</h2>
              <ul class="review-list">
                <For each={inbox().retirements}>{(retirement) => <RetirementItem retirement={retirement} since={shortTime(retirement.since)} />}</For>
              </ul>
            </Show>
          </Show>
        )}
      </Show>
    </main>
  );
}

/** A stamp as the reader's local date and time, to the minute. */
function shortTime(stamp: string): string {
  const time = new Date(stamp.includes('T') || stamp.endsWith('Z') ? stamp : `${stamp.replace(' ', 'T')}Z`);
  return Number.isNaN(time.getTime()) ? stamp : time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
