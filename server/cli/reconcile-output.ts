/** What `billing reconcile` and `reconcile show` print: the summary lines, the counts a list shows, what is open. */
import { openColumns, sideText, type Reconciliation, type Variance } from '../../engine/reconcile/model.ts';
import type { ReconciliationSummary } from '../../engine/reconcile/summary.ts';
import type { ReconciliationListItem } from '../services/reconciliation-uploads.ts';

const n = (count: number) => count.toLocaleString('en-US');

export function plural(count: number, one: string, many: string): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

/** The counts the workbench's list shows, in the same words. */
export function countsLine(counts: ReconciliationListItem['counts']): string {
  return `open ${n(counts.open)} (unexplained ${n(counts.unexplained)}, columns ${n(counts.columns)}), explained ${n(counts.explained)}, accepted ${n(counts.accepted)} (carried over ${n(counts.carriedOver)})`;
}

/** The last line: what keeps the reconciliation open, or that nothing does. */
export function openLine(summary: ReconciliationSummary): string {
  if (summary.open.total === 0) return 'Reconciled: nothing open';
  return `Open: ${plural(summary.open.mismatches, 'unexplained mismatch', 'unexplained mismatches')}, ${plural(summary.open.clientsOnOneSide, 'client with activity on one side only', 'clients with activity on one side only')}, ${plural(summary.open.conflictingDuplicates, 'conflicting duplicate client', 'conflicting duplicate clients')}, ${plural(summary.open.columns, 'column not mapped or accepted', 'columns not mapped or accepted')}`;
}

export function summaryLines(reconciliation: Reconciliation, summary: ReconciliationSummary): string[] {
  const { clients, statistics, cells, mismatchesBy } = summary;
  const named = (items: readonly string[]) => (items.length === 0 ? '' : ` (${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''})`);
  const lines = [
    `Clients: ${n(clients.compared)} compared, ${n(clients.onlyInLegacy)} only in the legacy file${named(reconciliation.onlyInLegacy.map((c) => c.clientNumber))}, ${n(clients.onlyInOurs)} only in ours${named(reconciliation.onlyInOurs.map((c) => c.clientNumber))}, ${n(clients.duplicated)} on several rows${named(reconciliation.duplicates.map((d) => `${d.clientNumber} rows ${d.rows.join('+')}`))}`,
    `Statistics: ${n(statistics.compared)} compared, ${n(statistics.unknownColumns)} unknown columns${named(reconciliation.unknownColumns.map((c) => c.header))}, ${n(statistics.missing)} missing${named(reconciliation.missingStatistics)}`,
    `Cells: ${n(cells.compared)} compared: ${n(cells.equal)} equal, ${n(cells.within)} within tolerance, ${plural(cells.mismatch, 'mismatch', 'mismatches')}, ${n(cells.accepted)} accepted`,
    `Mismatches: ${n(mismatchesBy.formula_changed)} our formula changed, ${n(mismatchesBy.data_changed)} data changed since, ${n(mismatchesBy.known_quirk)} known quirk, ${n(mismatchesBy.unexplained)} unexplained`,
  ];
  for (const m of reconciliation.mappedColumns ?? []) lines.push(`Column "${m.header}" read as ${m.statistic} (a saved column mapping)`);
  for (const c of openColumns(reconciliation))
    lines.push(
      c.finding === 'missing'
        ? `Open column: the file has no column for ${c.column}, so it was not compared (map a column to it or accept it)`
        : `Open column: "${c.column}" is not a Billing Export 200 statistic and was not compared (map it or accept it)`,
    );
  if (reconciliation.displayDifferences.length > 0)
    lines.push(`Cells the workbook shows differently from what it stores: ${n(reconciliation.displayDifferences.length)} (the stored values were compared)`);
  if (summary.carriedOver > 0) lines.push(`Carried over: ${n(summary.carriedOver)} acceptances given in an earlier reconciliation of the period still hold`);
  if (reconciliation.staleAcceptances.length > 0) {
    lines.push(`Acceptances that no longer apply: ${n(reconciliation.staleAcceptances.length)}`);
    for (const s of reconciliation.staleAcceptances.slice(0, 5)) lines.push(`  ${s.acceptance.clientNumber} ${s.acceptance.statistic}: ${s.why}`);
  }
  if (summary.topMismatches.length > 0) lines.push('Largest mismatches:', ...summary.topMismatches.map((v) => `  ${varianceLine(v)}`));
  if (summary.accepted.length > 0)
    lines.push(
      `Accepted (${n(summary.accepted.length)}):`,
      ...summary.accepted
        .slice(0, 5)
        .map(
          (v) => `  ${varianceLine(v)} — accepted by ${v.acceptance?.by}${v.carriedOver ? ` in ${v.acceptance?.reconciliation}` : ''}: ${v.acceptance?.reason}`,
        ),
    );
  return lines;
}

function varianceLine(v: Variance): string {
  const change = v.delta.change ?? '';
  // The consensus reasoning after "Consensus:" is in the report; one line per mismatch here.
  const why = (v.explanation?.text ?? 'not explained').split(' Consensus:')[0];
  return `${v.clientNumber} ${v.statistic}: legacy ${sideText(v.delta.before)}, ours ${sideText(v.delta.after)} (${change.startsWith('-') ? change : `+${change}`}) — ${why}`;
}
