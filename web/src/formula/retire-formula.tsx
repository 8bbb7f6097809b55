/**
 * Retiring a formula, through review like any change to the library: an approver proposes it here
 * (the name of the release without it, and why), and another approver confirms it from their
 * Reviews. The server refuses while the Billing Export 200 layout, another formula or a billing
 * setup needs the formula, saying which; the dialog shows that and keeps what was typed.
 */
import { createSignal, Show } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import { refreshWaitingReviews } from '../reviews/waiting.ts';
import { createAction } from '../ui/action.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';

/** Proposes (or, for the second approver, confirms) retiring `formula` into release `release`. */
export const retireFormula = (formula: string, release: string, reason: string) =>
  call(endpoints.retireFormula, { params: { id: formula }, body: { release, reason } });

export function RetireFormula(props: { formulaId: string }) {
  const [asking, setAsking] = createSignal(false);
  const [release, setRelease] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [proposed, setProposed] = createSignal(false);
  const action = createAction();

  const propose = async () => {
    const answer = await action.run(() => retireFormula(props.formulaId, release().trim(), reason().trim()));
    if (!answer) return;
    setAsking(false);
    setProposed(answer.status === 'proposed');
    void refreshWaitingReviews();
  };

  return (
    <>
      <Show
        when={!proposed()}
        fallback={
          <p class="muted" role="status">
            Retiring {props.formulaId} is proposed: another approver confirms it from their Reviews.
          </p>
        }
      >
        <button type="button" onClick={() => setAsking(true)}>
          Retire formula…
        </button>
      </Show>
      <Show when={asking()}>
        <ConfirmDialog
          title={`Retire formula ${props.formulaId}?`}
          confirm="Propose retiring"
          refused="Not proposed"
          busy={action.busy()}
          ready={release().trim() !== '' && reason().trim() !== ''}
          problem={action.problem()}
          onConfirm={() => void propose()}
          onCancel={() => setAsking(false)}
        >
          <p>
            Once another approver confirms it, a new release without {props.formulaId} becomes the active one. Runs and reconciliations already made keep the
            release they used.
          </p>
          <label class="dialog-field">
            Name of the release without it
            <input value={release()} onInput={(event) => setRelease(event.currentTarget.value)} maxLength={120} />
          </label>
          <label class="dialog-field">
            Why it is retired
            <textarea rows={2} value={reason()} onInput={(event) => setReason(event.currentTarget.value)} maxLength={500} />
          </label>
        </ConfirmDialog>
      </Show>
    </>
  );
}
