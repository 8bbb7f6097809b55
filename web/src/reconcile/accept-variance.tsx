/**
 * Accept a mismatch with a reason (approvers, as on the server). The acceptance holds only while
 * both values stay as they are now; the reason is what a later reader of the report will see.
 */
import { createSignal, Show } from 'solid-js';
import { createAction } from '../ui/action.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { acceptVariance, type Variance } from './reconcile-api.ts';

/** The server asks for 3 to 2000 characters. */
const reasonOk = (reason: string) => reason.trim().length >= 3 && reason.trim().length <= 2000;

export function AcceptVariance(props: { reconciliation: string; variance: Variance; onAccepted: () => Promise<void> | void }) {
  const [reason, setReason] = createSignal('');
  const action = createAction();
  const id = () => `accept-reason-${props.variance.clientNumber}-${props.variance.statistic}`;

  const accept = () =>
    action.run(async () => {
      await acceptVariance(props.reconciliation, props.variance, reason().trim());
      await props.onAccepted();
    });

  return (
    <form
      class="accept-variance"
      aria-label="Accept this variance"
      onSubmit={(event) => {
        event.preventDefault();
        if (reasonOk(reason())) void accept();
      }}
    >
      <label for={id()}>Reason for accepting</label>
      <textarea
        id={id()}
        rows={3}
        maxLength={2000}
        placeholder="e.g. the legacy export was made before the October correction"
        value={reason()}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={action.busy() || !reasonOk(reason())}>
        {action.busy() ? 'Accepting…' : 'Accept variance'}
      </button>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The variance was not accepted" problem={found()} />}</Show>
    </form>
  );
}
