/**
 * What an approver may do with a run, by its state: a draft is finalised (locked, numbered) or
 * discarded; a finalised run is corrected by a correction run. Each irreversible step asks first,
 * saying what it locks. Others see why the buttons are not there.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import type { InvoiceList, RunRecord } from '../api/types.ts';
import { can } from '../session/session.ts';
import { RUNS_PATH } from '../shell/paths.ts';
import { navigate } from '../shell/route.ts';
import { createAction } from '../ui/action.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { CorrectRun } from './correct-run.tsx';
import { discardRun, finaliseRun } from './runs-api.ts';

type Asking = 'finalise' | 'discard' | null;

export function RunActions(props: { run: RunRecord; list: InvoiceList; onChanged: () => void }) {
  const [asking, setAsking] = createSignal<Asking>(null);
  const action = createAction();
  const status = () => props.list.lifecycle.status;
  const documents = () => props.list.invoices.length + props.list.creditNotes.length;

  // Set once the server says these accounts are already invoiced for these days: billing them again needs a reason.
  const [overlapReason, setOverlapReason] = createSignal<string | null>(null);
  const finalise = async () => {
    const reason = overlapReason()?.trim();
    if (await action.run(() => finaliseRun(props.run.id, reason ? { overlapReason: reason } : undefined))) {
      setAsking(null);
      props.onChanged();
    }
  };
  const alreadyInvoiced = () => action.problem()?.code === 'already_invoiced' || overlapReason() !== null;
  const discard = async () => {
    if (await action.run(() => discardRun(props.run.id))) {
      setAsking(null);
      navigate(RUNS_PATH, { replace: true }); // the run is gone: Back must not return to it
    }
  };

  return (
    <section class="run-actions-bar" aria-label="Run actions">
      <Show when={can('approver')} fallback={<p class="muted">Finalising, correcting or discarding a run needs the approver role.</p>}>
        <Switch>
          <Match when={status() === 'draft'}>
            <button type="button" class="primary" onClick={() => setAsking('finalise')}>
              Finalise…
            </button>
            <button type="button" onClick={() => setAsking('discard')}>
              Discard draft…
            </button>
          </Match>
          <Match when={status() === 'finalised'}>
            <CorrectRun run={props.run} />
          </Match>
          <Match when={status() === 'corrected'}>
            <p class="muted">This run was corrected; to change what it billed, correct the run that corrected it.</p>
          </Match>
        </Switch>
      </Show>
      <Show when={asking() === 'finalise'}>
        <ConfirmDialog
          title={`Finalise billing run ${props.run.id}?`}
          confirm={alreadyInvoiced() ? 'Finalise anyway' : 'Finalise'}
          refused="Not finalised"
          ready={!alreadyInvoiced() || (overlapReason() ?? '').trim() !== ''}
          busy={action.busy()}
          problem={action.problem()}
          onConfirm={() => void finalise()}
          onCancel={() => {
            setAsking(null);
            setOverlapReason(null);
          }}
        >
          <p>Finalising locks this run for good:</p>
          <ul>
            <li>
              its {documents()} {props.list.creditNotes.length > 0 ? 'invoices and credit notes' : 'invoices'} get their numbers now, in order and without gaps
              across the workspace;
            </li>
            <li>the invoice date is today, the due date follows the payment terms of the company profile;</li>
            <li>the run can no longer be discarded or changed: a mistake is put right only by a correction run, with credit notes.</li>
          </ul>
          <Show when={props.list.lifecycle.corrects}>{(corrected) => <p>Run {corrected()} will be marked as corrected by this one.</p>}</Show>
          <Show when={alreadyInvoiced()}>
            <label class="dialog-field">
              Reason to invoice these accounts again (kept in the audit log)
              <textarea rows={2} maxLength={500} value={overlapReason() ?? ''} onInput={(event) => setOverlapReason(event.currentTarget.value)} />
            </label>
          </Show>
        </ConfirmDialog>
      </Show>
      <Show when={asking() === 'discard'}>
        <ConfirmDialog
          title={`Discard draft run ${props.run.id}?`}
          confirm="Discard draft"
          busy={action.busy()}
          problem={action.problem()}
          onConfirm={() => void discard()}
          onCancel={() => setAsking(null)}
        >
          <p>The draft and its {documents()} unnumbered documents leave the list of runs. No invoice number is used.</p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
