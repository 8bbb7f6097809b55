/**
 * Asking before a step that cannot be taken back: a modal dialog saying what will happen, the
 * focus on Cancel (Escape cancels too), and the step's own button. It stays open while the step
 * runs and shows why it failed, so nothing is lost by a refusal.
 */
import { type JSX, onMount, Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { ProblemMessage } from './problem-message.tsx';
import './confirm-dialog.css';

export function ConfirmDialog(props: {
  title: string;
  confirm: string;
  /** The title of a refusal; "<confirm> failed" when not given. */
  refused?: string;
  busy: boolean;
  /** False while the dialog's own fields are incomplete: the step's button waits for them. */
  ready?: boolean;
  problem: Problem | null;
  onConfirm: () => void;
  onCancel: () => void;
  children: JSX.Element;
}) {
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  onMount(() => {
    dialog.showModal();
    cancel.focus();
  });
  return (
    <dialog ref={dialog} class="confirm-dialog" aria-label={props.title} onClose={() => props.onCancel()}>
      <h2>{props.title}</h2>
      <div class="confirm-body">{props.children}</div>
      <Show when={props.problem}>{(problem) => <ProblemMessage title={props.refused ?? `${props.confirm} failed`} problem={problem()} />}</Show>
      <div class="confirm-actions">
        <button type="button" ref={cancel} onClick={() => dialog.close()} disabled={props.busy}>
          Cancel
        </button>
        <button type="button" class="primary" onClick={() => props.onConfirm()} disabled={props.busy || props.ready === false}>
          {props.busy ? `${props.confirm}…` : props.confirm}
        </button>
      </div>
    </dialog>
  );
}
