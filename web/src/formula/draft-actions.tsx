/**
 * The review workflow buttons the user's role allows on the open text: save a draft (editor),
 * submit it for review (editor), promote it into a release (approver), withdraw it (editor).
 * Comments and approval are in the review section below. The server checks again; this only
 * hides what cannot work.
 */
import { createSignal, Show } from 'solid-js';
import { can, user } from '../session/session.ts';
import { InlineField } from '../ui/field.tsx';
import type { FormulaSession } from './formula-session.ts';

export function DraftActions(props: { session: FormulaSession }) {
  const session = () => props.session;
  const draft = () => {
    const source = session().source();
    return source?.kind === 'draft' ? source.draft : null;
  };
  const status = () => draft()?.status ?? null;
  const [releaseName, setReleaseName] = createSignal(defaultReleaseName(session().formulaId));
  const busy = () => session().busy() !== null;

  return (
    <div class="draft-actions" role="group" aria-label="Review workflow">
      <Show when={can('editor')} fallback={<p class="muted">You can validate, test and run formulas; changing them needs the editor role.</p>}>
        <Show when={status() === null || status() === 'editing'}>
          <button type="button" onClick={() => void session().save()} disabled={busy() || !session().dirty()} title="Ctrl/Cmd+S">
            {session().busy() === 'save' ? 'Saving…' : draft() ? 'Save draft' : 'Save as draft'}
          </button>
          <button type="button" onClick={() => void session().submit()} disabled={busy() || (!draft() && !session().dirty())}>
            {session().busy() === 'submit' ? 'Submitting…' : 'Submit for review'}
          </button>
        </Show>
        <Show when={status() === 'editing' || status() === 'in_review'}>
          <button type="button" onClick={() => void session().withdraw()} disabled={busy()}>
            Withdraw
          </button>
        </Show>
      </Show>
      <Show when={status() === 'in_review' && can('approver') && draft()?.author === user()?.name}>
        <p class="muted">Another approver must approve your own draft.</p>
      </Show>
      <Show when={status() === 'approved' && can('approver')}>
        <InlineField label="Release name">
          <input value={releaseName()} onInput={(event) => setReleaseName(event.currentTarget.value)} aria-label="Release name" />
        </InlineField>
        <button type="button" class="primary" onClick={() => void session().promote(releaseName())} disabled={busy() || !releaseName().trim()}>
          {session().busy() === 'promote' ? 'Promoting…' : 'Promote into a release'}
        </button>
      </Show>
    </div>
  );
}

function defaultReleaseName(formulaId: string): string {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return `${formulaId}-${stamp}`;
}
