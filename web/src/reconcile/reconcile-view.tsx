/**
 * Reconciliation: upload a legacy Billing Export 200 file against the chosen snapshot; each one is
 * kept, listed per period with its status, and has its address (#reconcile/ID), so a reload or a
 * link finds it as it was. A reconciliation shows the variances client x statistic (filtered by
 * status, charted by statistic), the columns the file lacks or names differently, the accepted
 * variances (those carried over from an earlier reconciliation of the period marked) and the
 * acceptances that no longer apply with why; a tolerance per column compares the same file again.
 */
import { createMemo, createResource, createSignal, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { reconcilePath } from '../shell/paths.ts';
import { navigate, route } from '../shell/route.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loaded, Loading } from '../ui/states.tsx';
import { addressOf } from './reconcile-address.ts';
import { listReconciliations, loadReconciliation, reconcile, reconcileAgain, type Upload } from './reconcile-api.ts';
import { ReconciliationDetails } from './reconciliation-details.tsx';
import { ReconciliationList } from './reconciliation-list.tsx';
import { UploadForm } from './upload-form.tsx';
import './reconcile.css';

export function ReconcileView(props: { snapshot: string }) {
  /** The reconciliation the address names (`#reconcile/ID/…`), if any; the rest of the address is the details' own. */
  const openId = createMemo(() => addressOf(route()).id);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [list, { refetch: refetchList }] = createResource(listReconciliations);
  const [current, { refetch }] = createResource(openId, loadReconciliation);

  /** Compares, then opens the new reconciliation at its own address (Back returns to the previous one). */
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      const id = await work();
      navigate(reconcilePath(id));
      void refetchList();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const upload = (next: Upload) => run(() => reconcile(props.snapshot, next));

  return (
    <main class="view reconcile" aria-label="Reconciliation">
      <UploadForm busy={busy()} onSubmit={(file, variant, fallback, exportedAt) => void upload({ file, variant, fallback, byStatistic: {}, exportedAt })} />
      <Show when={problem()}>{(found) => <ProblemMessage title="The file could not be reconciled" problem={found()} />}</Show>
      <Show when={busy()}>
        <Loading label="Comparing the file with the snapshot…" />
      </Show>
      <Show
        when={openId()}
        fallback={
          <Loaded
            resource={list}
            loading="Listing reconciliations…"
            problem="The reconciliations could not be listed"
            empty="No reconciliation yet."
            keepWhileLoading
          >
            {(items) => <ReconciliationList items={items()} />}
          </Loaded>
        }
      >
        <p class="back-link">
          <a href={`#${reconcilePath()}`}>All reconciliations</a>
        </p>
        <Loaded resource={current} loading="Reading the reconciliation…" problem="The reconciliation could not be read" keepWhileLoading>
          {(found) => (
            <ReconciliationDetails
              result={found()}
              snapshot={props.snapshot}
              busy={busy()}
              onChanged={async () => {
                await refetch();
                void refetchList();
              }}
              onAgain={(tolerances, snapshot) => void run(() => reconcileAgain(found().id, { tolerances, ...(snapshot ? { snapshot } : {}) }))}
            />
          )}
        </Loaded>
      </Show>
    </main>
  );
}
