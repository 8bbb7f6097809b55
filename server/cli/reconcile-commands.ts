/**
 * `billing reconcile`: compares a legacy Billing Export 200 file (CSV or XLSX) with our statistics
 * on a snapshot, prints a summary with the largest mismatches and their explanations, optionally
 * writes the full report, keeps the reconciliation in the workspace (with the period's acceptances
 * and saved column mappings applied) unless a server holds it, and exits 1 while open items remain
 * (unexplained mismatches nobody accepted, clients with activity on one side only, conflicting
 * duplicate rows, columns the file lacks or names differently). `reconcile list` and `reconcile
 * show ID` read the kept ones, with the counts the workbench shows.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import { applyAcceptances, parseAcceptances } from '../../engine/reconcile/acceptance.ts';
import type { Acceptance, Reconciliation } from '../../engine/reconcile/model.ts';
import { reconciliationReportFile } from '../../engine/reconcile/report-files.ts';
import { summarize } from '../../engine/reconcile/summary.ts';
import { assertUnlocked, ensureWorkspace } from '../../snapshots/store/workspace.ts';
import { periodKey, type ReconcileLibrary, reconcileLegacyFile } from '../services/reconciliation.ts';
import { listReconciliationStatus, type ReconcileInput, reconcileUpload, showReconciliation, statusOf } from '../services/reconciliation-uploads.ts';
import type { ReleaseLibrary } from '../services/release-library.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { databaseFile, type Database, openDatabase } from '../store/database.ts';
import { announceRelease, commandLibrary, LIBRARY_OPTION } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';
import { registerReconcileDecisions } from './reconcile-decisions.ts';
import { countsLine, openLine, summaryLines } from './reconcile-output.ts';

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
  by?: string;
}

export function registerReconcileCommands(program: Command, io: CliIo): void {
  const reconcile = program
    .command('reconcile')
    .description(
      'compare a legacy Billing Export 200 file (CSV or XLSX) with the statistics of a snapshot and keep it in the workspace; exits 1 while unexplained differences or unmapped columns remain',
    )
    // Checked in the action: commander would ask for them before `reconcile list` and `reconcile show` too.
    .option('--snapshot <id>', 'snapshot to compare with (required)')
    .option('--legacy <file>', 'the legacy export, CSV or XLSX (required)')
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
    .option('--by <name>', 'who uploads the file, as the kept reconciliation records it (default: $USER)')
    .option(...LIBRARY_OPTION)
    .action(async (options: ReconcileOptions) => {
      for (const [option, value] of [
        ['--snapshot <id>', options.snapshot],
        ['--legacy <file>', options.legacy],
      ])
        if (!value) throw new EngineError('bad_param_value', `required option '${option}' not specified`);
      if (options.variant !== 'legacy' && options.variant !== 'consensus') {
        throw new EngineError('bad_param_value', `--variant must be legacy or consensus, not "${options.variant}"`);
      }
      if (options.out && !/\.(csv|xlsx)$/i.test(options.out))
        throw new EngineError('bad_param_value', `--out must name a .csv or .xlsx file, not "${options.out}"`);
      if (options.exportedAt && Number.isNaN(Date.parse(options.exportedAt)))
        throw new EngineError('bad_param_value', `--exported-at must be a date and time, not "${options.exportedAt}"`);
      const fromFile = options.accept ? parseAcceptances(new TextDecoder().decode(readInput('--accept', options.accept)), options.accept) : [];
      const library = await commandLibrary(io, options);
      const request = {
        snapshot: options.snapshot,
        file: { name: options.legacy, bytes: readInput('--legacy', options.legacy) },
        variant: options.variant as 'legacy' | 'consensus',
        tolerances: options.tolerance,
        params: { ...(options.from ? { start: options.from } : {}), ...(options.to ? { end: options.to } : {}), time_cap_minutes: options.timeCap },
        ...(options.exportedAt ? { exportedAt: options.exportedAt } : {}),
      };
      const outcome = await reconcileOnCommandLine(
        io,
        { ...library, label: library.release, formulaVersions: textVersions(library) },
        request,
        fromFile,
        options.by ?? io.env.USER ?? 'cli',
      );
      announceRelease(io, library);
      if (!outcome.kept) io.err('Not kept: a server holds the workspace (upload the file in the workbench to keep it there)');
      const { reconciliation } = outcome;
      const summary = summarize(reconciliation, Number(options.top) || 10);
      io.out(
        `Reconciled ${options.legacy} (${reconciliation.legacy.format.toUpperCase()}, ${reconciliation.legacy.rows} rows) with snapshot ${outcome.snapshot}, ${reconciliation.variant} formulas, ${outcome.period.replace('..', ' .. ')}`,
      );
      for (const line of summaryLines(reconciliation, summary)) io.out(line);
      if (options.out) {
        const file = await reconciliationReportFile(/\.xlsx$/i.test(options.out) ? 'xlsx' : 'csv', reconciliation, summary);
        writeFileSync(options.out, file.body);
        io.out(`Wrote ${file.rows} report rows to ${options.out}`);
      }
      if (outcome.kept) io.out(`Kept as reconciliation ${outcome.kept} (billing reconcile show ${outcome.kept})`);
      io.out(openLine(summary));
      if (summary.open.total > 0) io.setExitCode(1);
    });

  reconcile
    .command('list')
    .description('the kept reconciliations, newest first, with their status and counts as the workbench shows them')
    .option('--period <start..end>', 'only those of one period')
    .option('--json', 'as JSON')
    .action(async (options: { period?: string; json?: boolean }) => {
      const items = await withDatabase(io, (db) => listReconciliationStatus(db, options.period));
      if (options.json) {
        io.out(JSON.stringify(items, null, 2));
        return;
      }
      if (items.length === 0) io.out('No reconciliation kept yet.');
      for (const item of items) {
        const { record } = item;
        io.out(`${record.id}  ${record.period}  ${item.status}  ${record.file.name} (uploaded by ${record.file.uploadedBy} at ${record.file.uploadedAt})`);
        io.out(`  ${countsLine(item.counts)}; release ${record.release.name}, snapshot ${record.snapshot.id}`);
      }
    });

  reconcile
    .command('show <id>')
    .description('a kept reconciliation with the acceptances of its period applied; exits 1 while anything is open')
    .option('--out <file>', 'write the full report: .csv or .xlsx')
    .option('--top <n>', 'how many of the largest mismatches to print', '10')
    .action(async (id: string, options: { out?: string; top: string }) => {
      if (options.out && !/\.(csv|xlsx)$/i.test(options.out))
        throw new EngineError('bad_param_value', `--out must name a .csv or .xlsx file, not "${options.out}"`);
      const view = await withDatabase(io, (db) => showReconciliation(db, id));
      const { record, reconciliation } = view;
      const summary = summarize(reconciliation, Number(options.top) || 10);
      io.out(
        `Reconciliation ${record.id}: ${record.file.name} (sha256 ${record.file.contentHash.slice(0, 12)}), uploaded by ${record.file.uploadedBy} at ${record.file.uploadedAt}`,
      );
      io.out(
        `Compared with snapshot ${record.snapshot.id}, period ${record.period}, release ${record.release.name} (sha256 ${record.release.contentHash.slice(0, 12)}), ${record.variant} formulas, tolerances ${record.tolerances.join(' ') || '0'}`,
      );
      const { status, counts } = statusOf(summary);
      io.out(`Status: ${status}; ${countsLine(counts)}`);
      for (const line of summaryLines(reconciliation, summary)) io.out(line);
      if (options.out) {
        const file = await reconciliationReportFile(/\.xlsx$/i.test(options.out) ? 'xlsx' : 'csv', reconciliation, summary);
        writeFileSync(options.out, file.body);
        io.out(`Wrote ${file.rows} report rows to ${options.out}`);
      }
      io.out(openLine(summary));
      if (summary.open.total > 0) io.setExitCode(1);
    });

  registerReconcileDecisions(reconcile, io, withDatabase);
}

/**
 * Reconciles and keeps the result in the workspace with the period's acceptances and the saved
 * column mappings applied; while a server holds the workspace, only compares (its database is the
 * server's). Acceptances from a file apply beside the kept ones, and are not kept.
 */
async function reconcileOnCommandLine(
  io: CliIo,
  library: ReconcileLibrary,
  request: ReconcileInput,
  fromFile: readonly Acceptance[],
  by: string,
): Promise<{ reconciliation: Reconciliation; snapshot: string; period: string; kept?: string }> {
  const snapshots = openPerUse(io.workspace());
  const db = await openUnlocked(io);
  if (!db) {
    const { manifest, params, reconciliation } = await reconcileLegacyFile({ snapshots }, library, { ...request, acceptances: fromFile });
    return { reconciliation, snapshot: manifest.id, period: periodKey(params) };
  }
  try {
    const view = await reconcileUpload({ snapshots, workspace: io.workspace(), db, now: () => new Date() }, by, library, request);
    const reconciliation = fromFile.length > 0 ? withFileAcceptances(view.reconciliation, fromFile, view.record) : view.reconciliation;
    return { reconciliation, snapshot: view.record.snapshot.id, period: view.record.period, kept: view.record.id };
  } finally {
    db.close();
  }
}

/** The changed legacy formulas' versions as the command line knows them, by their text: "text sha256 1a2b3c4d5e6f". */
function textVersions(library: ReleaseLibrary): Map<string, string> {
  const texts = new Map(library.files.map((file) => [file.formula.id, file.text]));
  return new Map(
    [...library.legacyChanged.keys()].map((id) => [
      id,
      `text sha256 ${createHash('sha256')
        .update(texts.get(id) ?? '')
        .digest('hex')
        .slice(0, 12)}`,
    ]),
  );
}

/** Acceptances from a file apply beside the period's kept ones (which stay in the database). */
function withFileAcceptances(
  reconciliation: Reconciliation,
  fromFile: readonly Acceptance[],
  record: { id: string; release: { name: string; contentHash: string } },
) {
  const kept = reconciliation.variances.flatMap((v) => (v.acceptance ? [v.acceptance] : []));
  return applyAcceptances(reconciliation, [...kept, ...fromFile], { id: record.id, release: record.release, columns: reconciliation.acceptedColumns ?? [] });
}

/** The workspace database when no server holds it; undefined while one does. */
async function openUnlocked(io: CliIo): Promise<Database | undefined> {
  const workspace = io.workspace();
  try {
    assertUnlocked(workspace);
  } catch {
    return undefined;
  }
  ensureWorkspace(workspace);
  return openDatabase(databaseFile(workspace));
}

/** Reads the workspace database; while a server holds it, says so (the workbench shows the same list). */
async function withDatabase<T>(io: CliIo, work: (db: Database) => Promise<T>): Promise<T> {
  const workspace = io.workspace();
  assertUnlocked(workspace);
  const db = await openDatabase(databaseFile(workspace));
  try {
    return await work(db);
  } finally {
    db.close();
  }
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
