/**
 * The reconciliation in one line: what was compared, the mismatches still open (not accepted) and
 * how many of them nothing explains, then accepted, within tolerance and equal cells.
 */
import type { ReconciliationResult } from './reconcile-api.ts';

export function ReconcileSummary(props: { result: ReconciliationResult }) {
  const summary = () => props.result.summary;
  const oneSided = () => summary().clients.onlyInLegacy + summary().clients.onlyInOurs;
  return (
    <p class="reconcile-summary" role="status">
      {props.result.reconciliation.legacy.file}: {summary().clients.compared} clients × {props.result.reconciliation.statistics.length} statistics compared;{' '}
      <strong class="mismatch-count">{summary().cells.mismatch} mismatches</strong> open (
      <span class="unexplained-count">{summary().openMismatches} unexplained</span>),{' '}
      <strong class="accepted-count">{summary().cells.accepted} accepted</strong>, {summary().cells.within} within tolerance, {summary().cells.equal} equal
      {oneSided() > 0 ? `; ${summary().clients.onlyInLegacy} clients only in the file, ${summary().clients.onlyInOurs} only in the snapshot` : ''}
    </p>
  );
}
