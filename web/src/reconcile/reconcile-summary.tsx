/**
 * The reconciliation in one line: what was compared, the mismatches still open (not accepted) and
 * how many of them nothing explains, the columns not compared, then accepted (and carried over),
 * within tolerance and equal cells; numbers with thousands separators.
 */
import type { ReconciliationResult } from './reconcile-api.ts';

const n = (count: number) => count.toLocaleString('en-US');

export function ReconcileSummary(props: { result: ReconciliationResult }) {
  const summary = () => props.result.summary;
  const oneSided = () => summary().clients.onlyInLegacy + summary().clients.onlyInOurs;
  const explained = () => summary().cells.mismatch - summary().mismatchesBy.unexplained;
  return (
    <p class="reconcile-summary" role="status">
      {props.result.reconciliation.legacy.file}: {n(summary().clients.compared)} clients × {n(props.result.reconciliation.statistics.length)} statistics
      compared; <strong class="mismatch-count">{n(summary().cells.mismatch)} mismatches</strong> open (
      <span class="unexplained-count">{n(summary().openMismatches)} unexplained</span>, <span class="explained-count">{n(explained())} explained</span>),{' '}
      <strong class="accepted-count">{n(summary().cells.accepted)} accepted</strong>
      {summary().carriedOver > 0 ? <span class="carried-count"> ({n(summary().carriedOver)} carried over)</span> : ''}, {n(summary().cells.within)} within
      tolerance, {n(summary().cells.equal)} equal
      {summary().open.columns > 0 ? <strong class="columns-open">; {n(summary().open.columns)} columns not compared</strong> : ''}
      {oneSided() > 0 ? `; ${n(summary().clients.onlyInLegacy)} clients only in the file, ${n(summary().clients.onlyInOurs)} only in the snapshot` : ''}
    </p>
  );
}
