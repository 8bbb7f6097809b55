/** `billing run create|list|verify|correct`: reproducible billing runs and corrections (and, from invoice-commands.ts, their invoices and lifecycle). */
import { join } from 'node:path';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import type { RunResult } from '../../engine/runs/billing-run.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps, verifyRun } from '../services/billing-runs.ts';
import { fileDocuments } from '../services/documents.ts';
import { checkCorrectable, recordCorrection, runsWithLifecycle } from '../services/run-lifecycle.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { announceRelease, collectParam, commandLibrary, LIBRARY_OPTION } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';
import { actorOf, registerInvoiceCommands, withDatabase } from './invoice-commands.ts';

interface CreateOptions {
  snapshot: string;
  setup: string;
  variant: 'legacy' | 'consensus';
  param: Record<string, ParamValue>;
  library?: string;
  /** An earlier run whose state.json (rolled-over units, prepaid blocks) this run starts from. */
  carriedFrom?: string;
}

export function registerRunCommands(program: Command, io: CliIo): void {
  const run = program.command('run').description('billing runs: rate a period into invoices, reproducibly');

  run
    .command('create')
    .description('rate a snapshot with a billing setup (plans, modifiers, assignments) and record the run')
    .requiredOption('--snapshot <id>', 'snapshot holding the period')
    .requiredOption('--setup <file>', 'billing setup file (YAML)')
    .option('--variant <variant>', 'statistics for the Billing Export 200 file: legacy or consensus', 'legacy')
    .option('--param <name=value>', 'formula parameter (repeatable), e.g. time_cap_minutes=10', collectParam, {})
    .option('--carried-from <run>', "start from the state an earlier period's run left (its state.json: rolled-over units, prepaid blocks)")
    .option(...LIBRARY_OPTION)
    .action(async (options: CreateOptions) => {
      if (options.variant !== 'legacy' && options.variant !== 'consensus')
        throw new EngineError('bad_param_value', `--variant must be legacy or consensus, not "${options.variant}"`);
      const deps = runDeps(io);
      const library = await commandLibrary(io, options);
      const prepared = await prepareRun(deps, library, { ...options, params: options.param, packageName: RUN_FORMULAS });
      const { id, result } = await executeBillingRun(deps, prepared);
      printRun(io, id, result);
      announceRelease(io, library);
    });

  run
    .command('list')
    .description('list the billing runs of the workspace')
    .action(() =>
      withDatabase(io, async (deps) => {
        for (const record of await runsWithLifecycle(deps)) {
          io.out(
            [
              record.id,
              record.lifecycle.status,
              record.inputs.period.start,
              record.inputs.period.end,
              record.inputs.snapshot.id,
              `${record.totals.amount} ${record.totals.currency}`,
              record.createdAt,
            ].join('\t'),
          );
        }
      }),
    );

  run
    .command('verify <id>')
    .description('run a recorded billing run again from its recorded inputs and check the outputs are identical, byte for byte')
    .action(async (id: string) => {
      const { outputs, differing } = await verifyRun(runDeps(io), id);
      if (differing.length === 0) io.out(`Run ${id} reproduced byte for byte (${outputs.join(', ')})`);
      else {
        io.out(`Run ${id} did NOT reproduce: ${differing.join(', ')} differ`);
        io.setExitCode(1);
      }
    });

  run
    .command('correct <id>')
    .description('rate the same period again with a corrected setup; records a new run and prints the delta lines against the issued one')
    .requiredOption('--setup <file>', 'corrected billing setup file (YAML)')
    .option(...LIBRARY_OPTION)
    .action(async (id: string, options: { setup: string; library?: string }) => {
      const library = await commandLibrary(io, options);
      // Only a finalised run is corrected, and the correction is recorded as its draft correction run.
      await withDatabase(io, (deps) => checkCorrectable(deps.db, deps.workspace, id));
      const corrected = await correctRun(runDeps(io), library, { issued: id, setup: options.setup, packageName: RUN_FORMULAS });
      await withDatabase(io, (deps) =>
        recordCorrection(deps, actorOf(io), id, corrected.id, {
          setup: options.setup,
          total: corrected.result.record.totals.amount,
          change: corrected.comparison.totals.change,
        }),
      );
      const { comparison } = corrected;
      printRun(io, corrected.id, corrected.result);
      announceRelease(io, library);
      io.out(
        `Corrections against run ${id}: ${comparison.lines.length} line(s) change, total ${comparison.totals.before} -> ${comparison.totals.after} (${comparison.totals.change})`,
      );
      for (const row of corrected.corrections) io.out(`  ${row.join('\t')}`);
      io.out(`Run ${corrected.id} is a draft correction: \`billing run finalise ${corrected.id}\` issues its credit notes and new invoices`);
    });

  registerInvoiceCommands(run, io);
}

/** The name of the formula package a run made here carries. */
const RUN_FORMULAS = 'run formulas';

function runDeps(io: CliIo): RunDeps {
  return { workspace: io.workspace(), snapshots: openPerUse(io.workspace()), documents: fileDocuments };
}

function printRun(io: CliIo, id: string, run: RunResult): void {
  io.out(`Run ${id}: ${run.record.totals.accounts} account(s), total ${run.record.totals.amount} ${run.record.totals.currency}`);
  if (run.record.totals.unassigned.length > 0) io.out(`  not billed (no plan assigned): ${run.record.totals.unassigned.join(', ')}`);
  // Clients whose usage is reported, not invoiced (billing status), each with why.
  if (run.notBilled.length > 0) io.out(`  not billed: ${run.notBilled.map((entry) => `${entry.clientNumber} (${entry.reason})`).join(', ')}`);
  io.out(`  files: ${join('runs', id)}/{${['run.json', ...run.files.keys()].join(',')}}`);
}
