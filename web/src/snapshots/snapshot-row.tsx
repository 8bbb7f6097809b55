/** One snapshot in the list: its period, source, size, a Details toggle (the manifest below it) and, for admins, Delete. */
import type { Problem } from '../api/client.ts';
import { createSignal, Show } from 'solid-js';
import type { SnapshotManifest } from '../api/types.ts';
import { can } from '../session/session.ts';
import { periodOf } from '../shell/snapshot-picker.tsx';
import { DeleteSnapshot } from './delete-snapshot.tsx';
import { SnapshotDetails } from './snapshot-details.tsx';
import { rowsOf } from './snapshots-api.ts';

/** The source's kind, and a demo's scale: "demo (tiny)", "sqlserver". */
const sourceKind = (source: SnapshotManifest['source']): string => (source.kind === 'demo' ? `demo (${source.scale})` : source.kind);

export const SNAPSHOT_COLUMNS = ['Snapshot', 'Period', 'Source', 'Created', 'Clients#', 'Rows#', 'Actions'];

export function SnapshotRow(props: { snapshot: SnapshotManifest; current: boolean; onDeleted: (id: string) => void; onProblem: (problem: Problem) => void }) {
  const [open, setOpen] = createSignal(false);
  const detailsId = () => `snapshot-details-${props.snapshot.id}`;
  const s = () => props.snapshot;
  return (
    <>
      <tr data-snapshot={s().id} classList={{ current: props.current }}>
        <th scope="row">{s().id}</th>
        <td>{periodOf(s())}</td>
        <td>{sourceKind(s().source)}</td>
        <td>{s().createdAt.replace('T', ' ').slice(0, 19)}</td>
        <td class="num">{(s().tables.cltClients?.rows ?? 0).toLocaleString('en-US')}</td>
        <td class="num">{rowsOf(s()).toLocaleString('en-US')}</td>
        <td class="actions">
          <button type="button" aria-expanded={open()} aria-controls={detailsId()} aria-label={`Details of ${s().id}`} onClick={() => setOpen(!open())}>
            {open() ? 'Hide details' : 'Details'}
          </button>
          <Show when={can('admin')}>
            <DeleteSnapshot id={s().id} current={props.current} onDeleted={props.onDeleted} onProblem={props.onProblem} />
          </Show>
        </td>
      </tr>
      <Show when={open()}>
        <tr class="details-row" id={detailsId()} data-details-of={s().id}>
          <td colSpan={SNAPSHOT_COLUMNS.length}>
            <SnapshotDetails id={s().id} />
          </td>
        </tr>
      </Show>
    </>
  );
}
