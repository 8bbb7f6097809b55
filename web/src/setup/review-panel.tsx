/**
 * A setup's versions and their review: who wrote each, its state (not submitted, in review,
 * approved, rejected) and the comments; submit the version shown, or, for an approver who made no
 * part of the change, approve or reject it with a comment. Billing runs use the latest approved version.
 */
import { createSignal, For, Show } from 'solid-js';
import { user } from '../session/session.ts';
import { can } from '../session/session.ts';
import { STATE_TEXT, type SetupVersion, type SetupVersionSummary } from './setup-api.ts';

export function ReviewPanel(props: {
  version: SetupVersion;
  versions: readonly SetupVersionSummary[];
  dirty: boolean;
  busy: boolean;
  onOpen: (version: number) => void;
  onSubmit: () => void;
  onApprove: (comment: string) => void;
  onReject: (comment: string) => void;
}) {
  const [comment, setComment] = createSignal('');
  const mayReview = () => can('approver') && props.version.state === 'in_review' && !props.version.editors.includes(user()?.name ?? '');
  const why = () => {
    if (props.version.state !== 'in_review' || !can('approver')) return null;
    return props.version.editors.includes(user()?.name ?? '')
      ? `You made this change (versions by ${props.version.editors.join(', ')}); another approver reviews it.`
      : null;
  };
  return (
    <aside class="setup-review" aria-label="Versions and review">
      <h3>
        Version {props.version.version} <span class={`setup-state state-${props.version.state}`}>{STATE_TEXT[props.version.state]}</span>
      </h3>
      <p class="setup-note">
        by {props.version.author}, {props.version.createdAt.replace('T', ' ').slice(0, 16)}
      </p>
      <Show when={props.version.state === 'draft' && can('editor')}>
        <button
          type="button"
          class="primary"
          disabled={props.dirty || props.busy}
          title={props.dirty ? 'Save your changes first' : undefined}
          onClick={() => props.onSubmit()}
        >
          Submit for review
        </button>
      </Show>
      <Show when={mayReview()}>
        <form
          class="setup-review-form"
          onSubmit={(event) => {
            event.preventDefault();
            props.onApprove(comment());
          }}
        >
          <label>
            Review comment
            <textarea aria-label="Review comment" rows={2} value={comment()} onInput={(event) => setComment(event.currentTarget.value)} />
          </label>
          <div class="setup-row">
            <button type="submit" class="primary" disabled={props.busy || props.dirty}>
              Approve
            </button>
            <button
              type="button"
              disabled={props.busy || props.dirty || comment().trim() === ''}
              title={comment().trim() === '' ? 'Say why in the comment' : undefined}
              onClick={() => props.onReject(comment())}
            >
              Reject
            </button>
          </div>
        </form>
      </Show>
      <Show when={why()}>
        <p class="setup-note">{why()}</p>
      </Show>
      <Show when={props.version.reviews.length > 0}>
        <ol class="setup-reviews">
          <For each={props.version.reviews}>
            {(review) => (
              <li>
                <strong>{review.actor}</strong> {review.action === 'submit' ? 'submitted' : review.action === 'approve' ? 'approved' : 'rejected'}
                <Show when={review.comment}>: “{review.comment}”</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <h4>Versions</h4>
      <table class="data-table setup-versions" aria-label="Setup versions">
        <tbody>
          <For each={[...props.versions].reverse()}>
            {(version) => (
              <tr aria-current={version.version === props.version.version ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" class="link" onClick={() => props.onOpen(version.version)}>
                    {version.version}
                  </button>
                </th>
                <td>{version.author}</td>
                <td>
                  <span class={`setup-state state-${version.state}`}>{STATE_TEXT[version.state]}</span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </aside>
  );
}
