/**
 * Delete a snapshot (admins, as on the server), after a confirmation: its data cannot be brought
 * back except by creating it again from the source. The snapshot open in the workbench cannot be
 * deleted from here: the grid and the other views are reading it.
 */
import { createSignal } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { deleteSnapshot } from './snapshots-api.ts';

export function DeleteSnapshot(props: { id: string; current: boolean; onDeleted: (id: string) => void; onProblem: (problem: Problem) => void }) {
  const [busy, setBusy] = createSignal(false);
  const remove = async () => {
    if (!window.confirm(`Delete snapshot ${props.id}? Its data is removed for good; billing runs keep only its content hash.`)) return;
    setBusy(true);
    try {
      await deleteSnapshot(props.id);
      props.onDeleted(props.id);
    } catch (error) {
      props.onProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class="danger"
      aria-label={`Delete snapshot ${props.id}`}
      title={props.current ? 'This snapshot is open in the workbench: choose another one first' : undefined}
      disabled={busy() || props.current}
      onClick={() => void remove()}
    >
      {busy() ? 'Deleting…' : 'Delete'}
    </button>
  );
}
