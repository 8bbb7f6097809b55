/**
 * `billing reconcile`: compares a legacy Billing Export 200 file (CSV or XLSX) with our statistics
 * on a snapshot, prints a summary with the largest mismatches and their explanations, optionally
 * writes the full report, and exits 1 while open items remain (unexplained mismatches nobody
 * accepted, clients with activity on one side only, conflicting duplicate rows).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import { parseAcceptances } from '../../engine/reconcile/acceptance.ts';
import { sideText, type Reconciliation, type Variance } from '../../engine/reconcile/model.ts';
import { reconciliationCsv, reconciliationXlsx } from '../../engine/reconcile/report-files.ts';
import { reconciliationTable } from '../../engine/reconcile/report-table.ts';
import { summarize, type ReconciliationSummary } from '../../engine/reconcile/summary.ts';
import { reconcileLegacyFile } from '../services/reconciliation.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { announceRelease, commandLibrary, LIBRARY_OPTION } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';

interface ReconcileOptions {
  snapshot: string;
  legacy: string;
  tolerance: string[];
  variant: string;
  from?: string;
  to?: string;
  timeCap: string;
  out?: string;
  accept?: string;
  exportedAt?: string;
  top: string;
  library?: string;
}

export function registerReconcileCommands(program: Command, io: CliIo): void {
  program
    .command('reconcile')
    .description('compare a legacy Billing Export 200 file (CSV or XLSX) with the statistics of a snapshot; exits 1 while unexplained differences remain')
    .requiredOption('--snapshot <id>', 'snapshot to compare with')
    .requiredOption('--legacy <file>', 'the legacy export, CSV or XLSX')
    .option(
      '--tolerance <spec>',
      'allowed difference: 0, abs:1, rel:0.01, abs:1,rel:1% or Statistic=abs:5 for one statistic (repeatable)',
      (spec: string, previous: string[]) => [...previous, spec],
      [],
    )
    .option('--variant <variant>', 'which of our formulas: legacy (exactly as Billing Export 200) or consensus (quirks fixed)', 'legacy')
    .option('--from <stamp>', 'start of the period, inclusive (default: the snapshot period start)')
    .option('--to <stamp>', 'end of the period, inclusive (default: the snapshot period end)')
    .option('--time-cap <minutes>', 'the TimeCap the legacy export was run with', '0')
    .option('--out <file>', 'write the full report: .csv or .xlsx')
    .option('--accept <file>', 'acceptances (JSON): variances people accepted, with who, when and why')
    .option('--exported-at <stamp>', 'when the legacy file was made, if it does not say (CSV files do not)')
    .option('--top <n>', 'how many of the largest mismatches to print', '10')
    .option(...LIBRARY_OPTION)
    .action(async (options: ReconcileOptions) => {
      if (options.variant !== 'legacy' && options.variant !== 'consensus') {
        throw new EngineError('bad_param_value', `--variant must be legacy or consensus, not "${options.variant}"`);
      }
      if (options.out && !/\.(csv|xlsx)$/i.test(options.out))
        throw new EngineError('bad_param_value', `--out must name a .csv or .xlsx file, not "${options.out}"`);
      if (options.exportedAt && Number.isNaN(Date.parse(options.exportedAt)))
        throw new EngineError('bad_param_value', `--exported-at must be a date and time, not "${options.exportedAt}"`);
      const acceptances = options.accept ? parseAcceptances(new TextDecoder().decode(readInput('--accept', options.accept)), options.accept) : [];
      const library = commandLibrary(io, options);
      const { manifest, legacy, params, reconciliation, ours } = await reconcileLegacyFile({ snapshots: openPerUse(io.workspace()) }, library, {
        snapshot: options.snapshot,
        file: { name: options.legacy, bytes: readInput('--legacy', options.legacy) },
        variant: options.variant as 'legacy' | 'consensus',
        tolerances: options.tolerance,
        acceptances,
        params: { ...(options.from ? { start: options.from } : {}), ...(options.to ? { end: options.to } : {}), time_cap_minutes: options.timeCap },
        ...(options.exportedAt ? { exportedAt: options.exportedAt } : {}),
      });
      announceRelease(io, library);
      const summary = summarize(reconciliation, Number(options.top) || 10);
      io.out(
        `Reconciled ${options.legacy} (${legacy.format.toUpperCase()}, ${legacy.rows.length} rows) with snapshot ${manifest.id}, ${reconciliation.variant} formulas, ${params.start} .. ${params.end}`,
      );
      for (const line of summaryLines(reconciliation, summary)) io.out(line);
      if (options.out) {
        const table = reconciliationTable(reconciliation, ours);
        writeFileSync(options.out, /\.xlsx$/i.test(options.out) ? await reconciliationXlsx(table, summary) : reconciliationCsv(table));
        io.out(`Wrote ${table.rows.length + table.accepted.length} report rows to ${options.out}`);
      }
      if (summary.open.total > 0) {
        io.out(
          `Open: ${plural(summary.open.mismatches, 'unexplained mismatch', 'unexplained mismatches')}, ${plural(summary.open.clientsOnOneSide, 'client with activity on one side only', 'clients with activity on one side only')}, ${plural(summary.open.conflictingDuplicates, 'conflicting duplicate client', 'conflicting duplicate clients')}`,
        );
        io.setExitCode(1);
      } else io.out('Reconciled: nothing open');
    });
}

/** A file named on the command line; a missing or unreadable one is a one-line error, not a stack trace. */
function readInput(option: string, file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new EngineError(
      'bad_param_value',
      `${option} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function summaryLines(reconciliation: Reconciliation, summary: ReconciliationSummary): string[] {
  const { clients, statistics, cells, mismatchesBy } = summary;
  const n = (count: number) => count.toLocaleString('en-US');
  const named = (items: readonly string[]) => (items.length === 0 ? '' : ` (${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''})`);
  const lines = [
    `Clients: ${n(clients.compared)} compared, ${n(clients.onlyInLegacy)} only in the legacy file${named(reconciliation.onlyInLegacy.map((c) => c.clientNumber))}, ${n(clients.onlyInOurs)} only in ours${named(reconciliation.onlyInOurs.map((c) => c.clientNumber))}, ${n(clients.duplicated)} on several rows${named(reconciliation.duplicates.map((d) => `${d.clientNumber} rows ${d.rows.join('+')}`))}`,
    `Statistics: ${n(statistics.compared)} compared, ${n(statistics.unknownColumns)} unknown columns${named(reconciliation.unknownColumns.map((c) => c.header))}, ${n(statistics.missing)} missing${named(reconciliation.missingStatistics)}`,
    `Cells: ${n(cells.compared)} compared: ${n(cells.equal)} equal, ${n(cells.within)} within tolerance, ${plural(cells.mismatch, 'mismatch', 'mismatches')}, ${n(cells.accepted)} accepted`,
    `Mismatches: ${n(mismatchesBy.known_quirk)} known quirk, ${n(mismatchesBy.data_changed)} data changed since, ${n(mismatchesBy.unexplained)} unexplained`,
  ];
  if (reconciliation.displayDifferences.length > 0)
    lines.push(`Cells the workbook shows differently from what it stores: ${n(reconciliation.displayDifferences.length)} (the stored values were compared)`);
  if (reconciliation.staleAcceptances.length > 0) lines.push(`Acceptances that no longer apply: ${n(reconciliation.staleAcceptances.length)}`);
  if (summary.topMismatches.length > 0) lines.push('Largest mismatches:', ...summary.topMismatches.map((v) => `  ${varianceLine(v)}`));
  if (summary.accepted.length > 0)
    lines.push(
      `Accepted (${n(summary.accepted.length)}):`,
      ...summary.accepted.slice(0, 5).map((v) => `  ${varianceLine(v)} — accepted by ${v.acceptance?.by}: ${v.acceptance?.reason}`),
    );
  return lines;
}

function varianceLine(v: Variance): string {
  const change = v.delta.change ?? '';
  // The consensus reasoning after "Consensus:" is in the report; one line per mismatch here.
  const why = (v.explanation?.text ?? 'not explained').split(' Consensus:')[0];
  return `${v.clientNumber} ${v.statistic}: legacy ${sideText(v.delta.before)}, ours ${sideText(v.delta.after)} (${change.startsWith('-') ? change : `+${change}`}) — ${why}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
