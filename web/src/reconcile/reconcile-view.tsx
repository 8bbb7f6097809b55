/**
 * Reconciliation: upload a legacy Billing Export 200 file against the chosen snapshot and read
 * the variances client x statistic; a tolerance per column re-compares the same file; a cell
 * shows its explanation and the snapshot rows behind our value, and can be accepted with a
 * reason; accepted variances are listed apart; the report downloads as CSV or XLSX.
 */
import { createSignal, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { AcceptedVariances, focusAccepted } from './accepted-variances.tsx';
import { loadReconciliation, reconcile, sameCell, type ReconciliationResult, type Upload, type Variance } from './reconcile-api.ts';
import { ReconcileSummary } from './reconcile-summary.tsx';
import { ReportLinks } from './report-links.tsx';
import { UploadForm } from './upload-form.tsx';
import { VarianceDetail } from './variance-detail.tsx';
import { VarianceMatrix } from './variance-matrix.tsx';
import './reconcile.css';

export function ReconcileView(props: { snapshot: string }) {
  const [upload, setUpload] = createSignal<Upload | null>(null);
  const [result, setResult] = createSignal<ReconciliationResult | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [mismatchesOnly, setMismatchesOnly] = createSignal(true);
  const [selected, setSelected] = createSignal<Variance | null>(null);

  /** Shows a newer result, keeping the selected cell selected. */
  const show = (found: ReconciliationResult) => {
    setResult(found);
    setSelected(sameCell(found.reconciliation.variances, selected()));
  };

  const run = async (next: Upload) => {
    setUpload(next);
    setBusy(true);
    setProblem(null);
    try {
      show(await reconcile(props.snapshot, next));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  /**
   * After an acceptance: the same reconciliation read again, so counts and the accepted list come
   * from the server; the focus follows the cell into the accepted list (its form is gone).
   */
  const reload = async () => {
    const current = result();
    if (!current) return;
    show(await loadReconciliation(current.id));
    const cell = selected();
    if (cell) focusAccepted(cell);
  };

  return (
    <main class="view reconcile" aria-label="Reconciliation">
      <UploadForm
        busy={busy()}
        onSubmit={(file, variant, fallback) => void run({ file, variant, fallback, byStatistic: upload()?.file === file ? (upload()?.byStatistic ?? {}) : {} })}
      />
      <Show when={problem()}>{(found) => <ProblemMessage title="The file could not be reconciled" problem={found()} />}</Show>
      <Show when={busy()}>
        <Loading label="Comparing the file with the snapshot…" />
      </Show>
      <Show
        when={result()}
        fallback={
          <Show when={!busy()}>
            <Empty title="No reconciliation yet.">Choose a legacy Billing Export 200 file (CSV or XLSX) and press Reconcile.</Empty>
          </Show>
        }
      >
        {(found) => (
          <>
            <ReconcileSummary result={found()} />
            <div class="reconcile-options">
              <label class="inline-field">
                <input type="checkbox" checked={mismatchesOnly()} onChange={(e) => setMismatchesOnly(e.currentTarget.checked)} /> <span>Mismatches only</span>
              </label>
              <ReportLinks reconciliation={found().id} />
            </div>
            <div class="reconcile-body">
              <VarianceMatrix
                variances={found().reconciliation.variances}
                statistics={found().reconciliation.statistics}
                mismatchesOnly={mismatchesOnly()}
                tolerances={upload()?.byStatistic ?? {}}
                busy={busy()}
                onTolerance={(statistic, value) => {
                  const current = upload();
                  if (current) void run({ ...current, byStatistic: { ...current.byStatistic, [statistic]: value } });
                }}
                selected={selected()}
                onSelect={setSelected}
              />
              <Show when={selected()} keyed>
                {(variance) => <VarianceDetail snapshot={props.snapshot} reconciliation={found().id} variance={variance} onAccepted={reload} />}
              </Show>
            </div>
            <AcceptedVariances variances={found().reconciliation.variances} onSelect={setSelected} />
          </>
        )}
      </Show>
    </main>
  );
}
