/** Snapshots: every one with its period, source and size; create a demo snapshot with live progress. */
import { For, Show } from 'solid-js';
import type { SnapshotManifest } from '../api/types.ts';
import { periodOf } from '../shell/snapshot-picker.tsx';
import { Empty } from '../ui/states.tsx';
import { CreateDemo } from './create-demo.tsx';
import { HeaderRow } from '../ui/header-row.tsx';

const rowsOf = (snapshot: SnapshotManifest) => Object.values(snapshot.tables).reduce((sum, table) => sum + table.rows, 0);

export function SnapshotsView(props: { snapshots: readonly SnapshotManifest[]; current: string; onCreated: (id: string) => void }) {
  return (
    <main class="view snapshots" aria-label="Snapshots">
      <CreateDemo onCreated={props.onCreated} />
      <Show when={props.snapshots.length > 0} fallback={<Empty title="No snapshot yet." />}>
        <table class="data-table snapshots-table" aria-label="Snapshots">
          <HeaderRow columns={['Snapshot', 'Period', 'Source', 'Created', 'Clients#', 'Rows#']} />
          <tbody>
            <For each={props.snapshots}>
              {(s) => (
                <tr data-snapshot={s.id} classList={{ current: s.id === props.current }}>
                  <th scope="row">{s.id}</th>
                  <td>{periodOf(s)}</td>
                  <td>
                    {s.source.kind}
                    {s.source.scale ? ` (${s.source.scale})` : ''}
                  </td>
                  <td>{s.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td class="num">{(s.tables.cltClients?.rows ?? 0).toLocaleString('en-US')}</td>
                  <td class="num">{rowsOf(s).toLocaleString('en-US')}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </main>
  );
}
