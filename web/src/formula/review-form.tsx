/**
 * Adding a review to a draft in review: a comment (Ctrl/Cmd+Enter sends it) or an approval, which
 * may carry the comment too. Approve is offered only to approvers other than the author; the
 * others see why. The server checks again, and a refusal shows its problem message here.
 */
import { createSignal, Show } from 'solid-js';
import type { Draft, DraftWithReviews, Verdict } from '../api/types.ts';
import { can, user } from '../session/session.ts';
import { createAction } from '../ui/action.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { postReview } from './review-api.ts';

export interface ReviewFormProps {
  readonly draft: Draft;
  readonly onReviewed: (draft: DraftWithReviews, verdict: Verdict) => void;
}

export function ReviewForm(props: ReviewFormProps) {
  const [text, setText] = createSignal('');
  const action = createAction();
  const [verdict, setVerdict] = createSignal<Verdict>('comment');
  /** The verdict being sent, or null. */
  const sending = () => (action.busy() ? verdict() : null);
  const id = () => `review-comment-${props.draft.draftId}`;
  const whyNoApproval = () => {
    if (!can('approver')) return 'Approving needs the approver role; you can comment.';
    if (props.draft.author === user()?.name) return 'You wrote this draft, so another approver must approve it; you can comment.';
    return null;
  };

  const send = async (chosen: Verdict) => {
    if (sending() || (chosen === 'comment' && !text().trim())) return;
    setVerdict(chosen);
    await action.run(async () => {
      const reviewed = await postReview(props.draft.draftId, chosen, text());
      setText('');
      props.onReviewed(reviewed, chosen);
    });
  };

  return (
    <form
      class="review-form"
      aria-label="Add a review"
      onSubmit={(event) => {
        event.preventDefault();
        void send('comment');
      }}
    >
      <label for={id()}>Your comment</label>
      <textarea
        id={id()}
        rows={3}
        maxLength={5000}
        value={text()}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send('comment');
          }
        }}
        aria-describedby={`${id()}-hint`}
      />
      <small id={`${id()}-hint`} class="muted">
        Ctrl/Cmd+Enter sends the comment.{whyNoApproval() ? '' : ' An approval carries the comment too, if you wrote one.'}
      </small>
      <div class="review-buttons">
        <button type="submit" disabled={sending() !== null || !text().trim()}>
          {sending() === 'comment' ? 'Sending…' : 'Comment'}
        </button>
        <Show when={!whyNoApproval()} fallback={<p class="muted approval-reason">{whyNoApproval()}</p>}>
          <button type="button" class="primary" disabled={sending() !== null} onClick={() => void send('approve')}>
            {sending() === 'approve' ? 'Approving…' : 'Approve'}
          </button>
        </Show>
      </div>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The review was not recorded" problem={found()} />}</Show>
    </form>
  );
}
