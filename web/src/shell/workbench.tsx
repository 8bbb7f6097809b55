/**
 * The workbench: top bar, then the view chosen in it on the chosen snapshot: the grid with the side
 * panel beside it (explain a cell, or edit a formula), what-if, reconciliation, billing runs or snapshots;
 * or a view that needs no snapshot: the formula library, administration.
 * Picks the newest snapshot unless the user chose another.
 */
import { createEffect, createMemo, createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { call, endpoints } from '../api/client.ts';
import type { SnapshotManifest } from '../api/types.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { asProblem } from '../api/client.ts';
import { TopBar } from './top-bar.tsx';
import { WorkbenchBody } from './workbench-body.tsx';
import { formulaOfRoute, formulaPath } from './paths.ts';
import { navigate, route } from './route.ts';
import { needsSnapshot, viewOf, type View } from './views.ts';
import { WhatIfView } from '../whatif/whatif-view.tsx';
import { ReconcileView } from '../reconcile/reconcile-view.tsx';
import { RunsView } from '../runs/runs-view.tsx';
import { SetupView } from '../setup/setup-view.tsx';
import { SnapshotsView } from '../snapshots/snapshots-view.tsx';
import { LibraryView } from '../library/library-view.tsx';
import { AdminView } from '../admin/admin-view.tsx';
import { ReviewsView } from '../reviews/reviews-view.tsx';

const SNAPSHOT_KEY = 'ctb.snapshot';

async function fetchSnapshots(): Promise<SnapshotManifest[]> {
  const { snapshots } = await call(endpoints.listSnapshots);
  return [...snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export default function Workbench() {
  const [snapshots, { refetch }] = createResource(fetchSnapshots);
  const [snapshot, setSnapshot] = createSignal('');
  const view = createMemo<View>(() => viewOf(route()));
  const goTo = (next: View) => navigate(next);
  // An address the user may not open (another role's view, a typo) shows the grid and says so in the address;
  // `#library/formula/ID` opens the formula where formulas are edited, beside the grid.
  createEffect(() => {
    const current = route();
    const formula = formulaOfRoute(current);
    if (current.view === 'library' && formula) navigate(formulaPath(formula.formulaId, formula.draftId), { replace: true });
    else if (current.view !== view()) navigate(view(), { replace: true });
  });

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
      <TopBar snapshots={snapshots() ?? []} snapshot={snapshot()} onSnapshot={choose} view={view()} onView={goTo} />
      <Show when={view() === 'library'}>
        <LibraryView />
      </Show>
      <Show when={view() === 'reviews'}>
        <ReviewsView />
      </Show>
      <Show when={view() === 'admin'}>
        <AdminView />
      </Show>
      <Switch>
        {/* The snapshot states only matter to views on a snapshot. */}
        <Match when={snapshots.error && needsSnapshot(view())}>
          <ProblemMessage title="The snapshots could not be listed" problem={asProblem(snapshots.error)} onRetry={() => void refetch()} />
        </Match>
        <Match when={snapshots.loading && !snapshots.latest && needsSnapshot(view())}>
          <Loading label="Listing snapshots…" />
        </Match>
        <Match when={snapshots()?.length === 0 && needsSnapshot(view())}>
          <Empty title="No snapshot yet.">
            <p>
              Create one on the command line, e.g. <code>npx billing snapshot demo --scale small --period 2026-10</code>, then reload.
            </p>
          </Empty>
        </Match>
        <Match when={snapshot()}>
          {/* Keyed: a new snapshot starts a new grid (rows, sort and selection belong to one snapshot). */}
          <Show when={snapshot()} keyed>
            {(id) => (
              <>
                {/* The grid stays mounted while another view shows, so an open formula edit is never lost. */}
                <div class="view-host" hidden={view() !== 'grid'}>
                  <WorkbenchBody snapshot={id} />
                </div>
                <Show when={view() === 'what-if'}>
                  <WhatIfView snapshot={id} />
                </Show>
                <Show when={view() === 'reconcile'}>
                  <ReconcileView snapshot={id} />
                </Show>
                <Show when={view() === 'runs'}>
                  <RunsView snapshot={id} />
                </Show>
                <Show when={view() === 'setup'}>
                  <SetupView snapshot={id} />
                </Show>
                <Show when={view() === 'snapshots'}>
                  <SnapshotsView snapshots={snapshots() ?? []} current={id} onChanged={() => void refetch()} />
                </Show>
              </>
            )}
          </Show>
        </Match>
      </Switch>
    </div>
  );
}
