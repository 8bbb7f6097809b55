/** Which snapshot the grid shows: its id and period, newest first. */
import { For } from 'solid-js';
import type { SnapshotManifest } from '../api/types.ts';

export function periodOf(snapshot: SnapshotManifest): string {
  const start = snapshot.period.start.slice(0, 10);
  const end = snapshot.period.end.slice(0, 10);
  return `${start} – ${end}`;
}

export function SnapshotPicker(props: { snapshots: readonly SnapshotManifest[]; value: string; onChange: (id: string) => void }) {
  return (
    <label class="snapshot-picker">
      <span>Snapshot</span>
      <select value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)} aria-label="Snapshot">
        <For each={props.snapshots}>
          {(snapshot) => (
            // selected per option: a list that grows (a new snapshot) must not move the choice to its first entry.
            <option value={snapshot.id} selected={snapshot.id === props.value}>
              {snapshot.id} · {periodOf(snapshot)}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
