/**
 * The workbench: top bar, then the grid of the chosen snapshot with the side panel beside it
 * (explain a cell, or edit a formula). Picks the newest snapshot unless the user chose another.
 */
import { createEffect, createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { api } from '../api/client.ts';
import type { SnapshotManifest } from '../api/types.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { asProblem } from '../api/client.ts';
import { TopBar } from './top-bar.tsx';
import { WorkbenchBody } from './workbench-body.tsx';

const SNAPSHOT_KEY = 'ctb.snapshot';

async function fetchSnapshots(): Promise<SnapshotManifest[]> {
  const { snapshots } = await api.get<{ snapshots: SnapshotManifest[] }>('/api/snapshots');
  return [...snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export default function Workbench() {
  const [snapshots, { refetch }] = createResource(fetchSnapshots);
  const [snapshot, setSnapshot] = createSignal('');

  createEffect(() => {
    const list = snapshots();
    if (!list || list.some((s) => s.id === snapshot())) return;
    const remembered = localStorage.getItem(SNAPSHOT_KEY);
    setSnapshot(list.find((s) => s.id === remembered)?.id ?? list[0]?.id ?? '');
  });
  const choose = (id: string) => {
    localStorage.setItem(SNAPSHOT_KEY, id);
    setSnapshot(id);
  };

  return (
    <div class="app">
      <TopBar snapshots={snapshots() ?? []} snapshot={snapshot()} onSnapshot={choose} />
      <Switch>
        <Match when={snapshots.error}>
          <ProblemMessage title="The snapshots could not be listed" problem={asProblem(snapshots.error)} onRetry={() => void refetch()} />
        </Match>
        <Match when={snapshots.loading}>
          <Loading label="Listing snapshots…" />
        </Match>
        <Match when={snapshots()?.length === 0}>
          <Empty title="No snapshot yet.">
            <p>
              Create one on the command line, e.g. <code>npx billing snapshot demo --scale small --period 2026-10</code>, then reload.
            </p>
          </Empty>
        </Match>
        <Match when={snapshot()}>
          {/* Keyed: a new snapshot starts a new grid (rows, sort and selection belong to one snapshot). */}
          <Show when={snapshot()} keyed>
            {(id) => <WorkbenchBody snapshot={id} />}
          </Show>
        </Match>
      </Switch>
    </div>
  );
}
