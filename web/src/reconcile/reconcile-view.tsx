/**
 * Reconciliation: upload a legacy Billing Export 200 file against the chosen snapshot and read
 * the variances client x statistic; a tolerance per column re-compares the same file; a cell
 * shows its explanation and the snapshot rows behind our value.
 */
import { createSignal, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { reconcile, type ReconciliationResult, type Upload, type Variance } from './reconcile-api.ts';
import { UploadForm } from './upload-form.tsx';
import { VarianceDetail } from './variance-detail.tsx';
import { VarianceMatrix } from './variance-matrix.tsx';

export function ReconcileView(props: { snapshot: string }) {
  const [upload, setUpload] = createSignal<Upload | null>(null);
  const [result, setResult] = createSignal<ReconciliationResult | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [mismatchesOnly, setMismatchesOnly] = createSignal(true);
  const [selected, setSelected] = createSignal<Variance | null>(null);

  const run = async (next: Upload) => {
    setUpload(next);
    setBusy(true);
    setProblem(null);
    try {
      const found = await reconcile(props.snapshot, next);
      setResult(found);
      const before = selected();
      setSelected(found.reconciliation.variances.find((v) => v.clientNumber === before?.clientNumber && v.statistic === before?.statistic) ?? null);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="view reconcile" aria-label="Reconciliation">
      <UploadForm busy={busy()} onSubmit={(file, variant, fallback) => void run({ file, variant, fallback, byStatistic: upload()?.file === file ? (upload()?.byStatistic ?? {}) : {} })} />
      <Show when={problem()}>{(found) => <ProblemMessage title="The file could not be reconciled" problem={found()} />}</Show>
      <Show when={busy()}>
        <Loading label="Comparing the file with the snapshot…" />
      </Show>
      <Show when={result()} fallback={<Show when={!busy()}><Empty title="No reconciliation yet.">Choose a legacy Billing Export 200 file (CSV or XLSX) and press Reconcile.</Empty></Show>}>
        {(found) => (
          <>
            <p class="reconcile-summary" role="status">
              {found().reconciliation.legacy.file}: {found().summary.clients.compared} clients × {found().reconciliation.statistics.length} statistics compared;{' '}
              <strong class="mismatch-count">{found().summary.cells.mismatch} mismatches</strong>, {found().summary.cells.within} within tolerance, {found().summary.cells.accepted} accepted,{' '}
              {found().summary.cells.equal} equal
              {found().summary.clients.onlyInLegacy + found().summary.clients.onlyInOurs > 0 ? `; ${found().summary.clients.onlyInLegacy} clients only in the file, ${found().summary.clients.onlyInOurs} only in the snapshot` : ''}
            </p>
            <label class="inline-field">
              <input type="checkbox" checked={mismatchesOnly()} onChange={(e) => setMismatchesOnly(e.currentTarget.checked)} /> <span>Mismatches only</span>
            </label>
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
                {(variance) => <VarianceDetail snapshot={props.snapshot} variance={variance} />}
              </Show>
            </div>
          </>
        )}
      </Show>
    </main>
  );
}
