/**
 * One kept reconciliation: what was compared (file, snapshot, release), its counts, the columns
 * still open, the variance chart and matrix filtered by status, the selected cell's explanation,
 * the accepted variances and the acceptances that no longer apply.
 */
import { createMemo, Show } from 'solid-js';
import { navigate, route } from '../shell/route.ts';
import { AcceptedVariances, focusAccepted, StaleAcceptances } from './accepted-variances.tsx';
import { ColumnFindings } from './column-findings.tsx';
import { addressOf, pathOfAddress } from './reconcile-address.ts';
import {
  matchesFilter,
  type ReconciliationResult,
  STATUS_FILTERS,
  type StatusFilter,
  sameCell,
  toleranceOptions,
  tolerancesOf,
  type Variance,
} from './reconcile-api.ts';
import { ReconcileSummary } from './reconcile-summary.tsx';
import { ReportLinks } from './report-links.tsx';
import { VarianceChart } from './variance-chart.tsx';
import { VarianceDetail } from './variance-detail.tsx';
import { VarianceMatrix } from './variance-matrix.tsx';

export function ReconciliationDetails(props: {
  result: ReconciliationResult;
  /** The snapshot chosen in the top bar: the same file can be compared with it. */
  snapshot: string;
  busy: boolean;
  /** After an acceptance or a mapping: read the reconciliation (and the list) again. */
  onChanged: () => Promise<void>;
  /** Compare the same file again with these tolerances, on this snapshot (default: the same one). */
  onAgain: (tolerances: string[], snapshot?: string) => void;
}) {
  // The filter and the selected cell live in the address (#reconcile/ID/show/…/cell/…): a reload finds them as they were.
  const address = createMemo(() => addressOf(route()));
  const filter = () => address().filter;
  const setFilter = (next: StatusFilter) => navigate(pathOfAddress({ ...address(), id: props.result.id, filter: next }), { replace: true });
  const setSelectedCell = (cell: Variance) =>
    navigate(pathOfAddress({ ...address(), id: props.result.id, cell: { clientNumber: cell.clientNumber, statistic: cell.statistic } }), { replace: true });
  const variances = () => props.result.reconciliation.variances;
  const selected = createMemo(() => sameCell(variances(), address().cell));
  const shown = createMemo(() => variances().filter((v) => matchesFilter(v, filter())));
  const tolerances = () => tolerancesOf(props.result.record.tolerances);
  const record = () => props.result.record;

  /** After an acceptance the counts and lists come from the server; the focus follows the cell into the accepted list. */
  const accepted = async () => {
    await props.onChanged();
    const cell = selected();
    if (cell) focusAccepted(cell);
  };

  return (
    <>
      <p class="reconcile-record">
        <strong>{record().file.name}</strong> (sha256 {record().file.contentHash.slice(0, 12)}), uploaded by {record().file.uploadedBy} at{' '}
        {record().file.uploadedAt.replace('T', ' ').slice(0, 19)}
        {record().exportedAt ? `, exported at ${record().exportedAt?.replace('T', ' ')}` : ''}; snapshot {record().snapshot.id}, release {record().release.name}
        , {record().variant} formulas
        <Show when={props.snapshot && props.snapshot !== record().snapshot.id}>
          {' '}
          <button type="button" class="again-on-snapshot" disabled={props.busy} onClick={() => props.onAgain([...record().tolerances], props.snapshot)}>
            Compare this file with snapshot {props.snapshot}
          </button>
        </Show>
      </p>
      <ReconcileSummary result={props.result} />
      <ColumnFindings result={props.result} onChanged={props.onChanged} onAgain={() => props.onAgain([...record().tolerances])} busy={props.busy} />
      <div class="reconcile-options">
        <label class="inline-field">
          <span>Show</span>
          <select aria-label="Show variances" value={filter()} onChange={(e) => setFilter(e.currentTarget.value as StatusFilter)}>
            {STATUS_FILTERS.map((f) => (
              <option value={f.id}>{f.label}</option>
            ))}
          </select>
        </label>
        <ReportLinks reconciliation={props.result.id} />
      </div>
      <VarianceChart variances={shown()} />
      <div class="reconcile-body">
        <VarianceMatrix
          variances={shown()}
          anyVariance={variances().length > 0}
          anyAccepted={variances().some((v) => v.acceptance)}
          filter={filter()}
          statistics={props.result.reconciliation.statistics}
          clientNames={props.result.reconciliation.clientNames ?? {}}
          tolerances={tolerances().byStatistic}
          busy={props.busy}
          onTolerance={(statistic, value) =>
            props.onAgain(toleranceOptions({ fallback: tolerances().fallback, byStatistic: { ...tolerances().byStatistic, [statistic]: value } }))
          }
          selected={selected()}
          onSelect={setSelectedCell}
        />
        <Show when={selected()} keyed>
          {(variance) => (
            <VarianceDetail
              snapshot={record().snapshot.id}
              reconciliation={props.result.id}
              clientName={props.result.reconciliation.clientNames?.[variance.clientNumber] ?? ''}
              variance={variance}
              onAccepted={accepted}
            />
          )}
        </Show>
      </div>
      <AcceptedVariances
        variances={variances()}
        clientNames={props.result.reconciliation.clientNames ?? {}}
        onSelect={(v) =>
          navigate(pathOfAddress({ id: props.result.id, filter: 'accepted', cell: { clientNumber: v.clientNumber, statistic: v.statistic } }), {
            replace: true,
          })
        }
      />
      <StaleAcceptances stale={props.result.reconciliation.staleAcceptances} />
    </>
  );
}
