/**
 * Snapshots: every one with its period, source and size, its manifest on demand; create a demo
 * snapshot with live progress; admins also extract one from a live IS database and delete them.
 */
import { createSignal, For, Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import type { SnapshotManifest } from '../api/types.ts';
import { can } from '../session/session.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty } from '../ui/states.tsx';
import { CreateDemo } from './create-demo.tsx';
import { ExtractForm } from './extract-form.tsx';
import { SNAPSHOT_COLUMNS, SnapshotRow } from './snapshot-row.tsx';
import './snapshots.css';

/** `onChanged`: the shell's refresh of the snapshot list, after a snapshot is created or deleted. */
export function SnapshotsView(props: { snapshots: readonly SnapshotManifest[]; current: string; onChanged: () => void }) {
  const [deleted, setDeleted] = createSignal<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = createSignal('');
  const [problem, setProblem] = createSignal<Problem | null>(null);
  // A deleted snapshot leaves the list at once, not when the shell's refresh comes back.
  const shown = () => props.snapshots.filter((s) => !deleted().has(s.id));

  const onDeleted = (id: string) => {
    setDeleted(new Set([...deleted(), id]));
    setProblem(null);
    setNotice(`Deleted snapshot ${id}.`);
    props.onChanged();
  };

  return (
    <main class="view snapshots" aria-label="Snapshots">
      <CreateDemo onCreated={props.onChanged} />
      <Show when={can('admin')} fallback={<p class="muted extract-note">Extracting from a live IS database needs the admin role.</p>}>
        <ExtractForm onCreated={props.onChanged} />
      </Show>
      <p class="view-status" role="status">
        {notice()}
      </p>
      <Show when={problem()}>{(found) => <ProblemMessage title="The snapshot was not deleted" problem={found()} />}</Show>
      <Show when={shown().length > 0} fallback={<Empty title="No snapshot yet." />}>
        <table class="data-table snapshots-table" aria-label="Snapshots">
          <HeaderRow columns={SNAPSHOT_COLUMNS} />
          <tbody>
            <For each={shown()}>
              {(s) => (
                <SnapshotRow
                  snapshot={s}
                  current={s.id === props.current}
                  onDeleted={onDeleted}
                  onProblem={(found) => {
                    setNotice('');
                    setProblem(found);
                  }}
                />
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </main>
  );
}
