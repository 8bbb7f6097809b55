/** A run's state as a badge: draft (may still change or be discarded), finalised (locked, numbered), corrected (a correction run superseded it). */
import type { RunStatus } from '../api/types.ts';

const MEANING: Readonly<Record<RunStatus, string>> = {
  draft: 'A draft: not numbered yet; it may be finalised or discarded',
  finalised: 'Finalised: locked, its invoices numbered; only a correction run changes what it billed',
  corrected: 'Corrected: a finalised correction run issued credit notes and new invoices for what changed',
};

export function RunState(props: { status: RunStatus }) {
  return (
    <span class={`run-state run-state-${props.status}`} title={MEANING[props.status]}>
      {props.status}
    </span>
  );
}
