/** `billing run create|list|verify|correct`: reproducible billing runs and corrections. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import Papa from 'papaparse';
import { EngineError } from '../../engine/errors.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { createPackage } from '../../engine/formulas/package.ts';
import { correctionOf, executeRun, formulasForRun, type RunInputs, type RunResult } from '../../engine/runs/billing-run.ts';
import type { Invoice } from '../../engine/rating/model.ts';
import { readManifest } from '../../snapshots/store/snapshot-store.ts';
import { listRuns, readRun, saveRun } from '../runs/run-store.ts';
import { collectParam, shippedLibrary, withSnapshot, type Library } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';

interface CreateOptions {
  snapshot: string;
  setup: string;
  variant: 'legacy' | 'consensus';
  param: Record<string, ParamValue>;
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
    .action(async (options: CreateOptions) => {
      const result = await createRun(io, options, shippedLibrary());
      const id = saveRun(io.workspace(), result.run, result.inputs);
      printRun(io, id, result.run);
    });

  run
    .command('list')
    .description('list the billing runs of the workspace')
    .action(() => {
      for (const record of listRuns(io.workspace())) {
        io.out(
          [
            record.id,
            record.inputs.period.start,
            record.inputs.period.end,
            record.inputs.snapshot.id,
            `${record.totals.amount} ${record.totals.currency}`,
            record.createdAt,
          ].join('\t'),
        );
      }
    });

  run
    .command('verify <id>')
    .description('run a recorded billing run again from its recorded inputs and check the outputs are identical, byte for byte')
    .action(async (id: string) => {
      const stored = readRun(io.workspace(), id);
      const again = await rerun(io, stored.record.inputs, stored.setupText, stored.formulas);
      const differing = Object.keys(stored.record.outputs).filter((name) => again.record.outputs[name] !== stored.record.outputs[name]);
      if (differing.length === 0) io.out(`Run ${id} reproduced byte for byte (${Object.keys(stored.record.outputs).join(', ')})`);
      else {
        io.out(`Run ${id} did NOT reproduce: ${differing.join(', ')} differ`);
        io.setExitCode(1);
      }
    });

  run
    .command('correct <id>')
    .description('rate the same period again with a corrected setup; records a new run and prints the delta lines against the issued one')
    .requiredOption('--setup <file>', 'corrected billing setup file (YAML)')
    .action(async (id: string, options: { setup: string }) => {
      const issued = readRun(io.workspace(), id);
      const { inputs } = issued.record;
      const created = await createRun(
        io,
        { snapshot: inputs.snapshot.id, setup: options.setup, variant: inputs.variant, param: { ...inputs.params } },
        shippedLibrary(),
      );
      const comparison = correctionOf(invoicesOf(issued.files.get('invoices.json')), created.run.invoices);
      const rows = comparison.lines.map((delta) => [...delta.key, side(delta.before), side(delta.after), delta.change ?? side(delta.after)]);
      const corrections = `${Papa.unparse({ fields: ['account', 'line', 'issued', 'corrected', 'change'], data: rows }, { newline: '\r\n' })}\r\n`;
      const run = { ...created.run, files: new Map([...created.run.files, ['corrections.csv', corrections]]) };
      const newId = saveRun(io.workspace(), { ...run, record: { ...run.record, outputs: { ...run.record.outputs } } }, created.inputs);
      printRun(io, newId, run);
      io.out(
        `Corrections against run ${id}: ${comparison.lines.length} line(s) change, total ${comparison.totals.before} -> ${comparison.totals.after} (${comparison.totals.change})`,
      );
      for (const row of rows) io.out(`  ${row.join('\t')}`);
    });
}

async function createRun(
  io: CliIo,
  options: CreateOptions,
  library: Library,
): Promise<{ run: RunResult; inputs: { setupText: string; formulas: ReturnType<typeof createPackage> } }> {
  if (options.variant !== 'legacy' && options.variant !== 'consensus')
    throw new EngineError('bad_param_value', `--variant must be legacy or consensus, not "${options.variant}"`);
  const setupText = readFileSync(options.setup, 'utf8');
  const wanted = new Set(formulasForRun(library.formulas, setupText, options.setup, options.variant).map((formula) => formula.id));
  const formulas = createPackage(
    'run formulas',
    library.files.filter((file) => wanted.has(file.formula.id)),
  );
  const manifest = readManifest(io.workspace(), options.snapshot);
  const inputs: RunInputs = {
    period: { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) },
    stamps: { start: manifest.period.start, end: manifest.period.end },
    snapshot: { id: manifest.id, contentHash: manifest.contentHash },
    setup: { file: options.setup, text: setupText },
    formulas,
    params: options.param,
    variant: options.variant,
  };
  const run = await withSnapshot(io.workspace(), manifest.id, ({ sandbox }) => executeRun(inputs, sandbox));
  return { run, inputs: { setupText, formulas } };
}

async function rerun(io: CliIo, recorded: RunResult['record']['inputs'], setupText: string, formulas: ReturnType<typeof createPackage>): Promise<RunResult> {
  const manifest = readManifest(io.workspace(), recorded.snapshot.id);
  if (manifest.contentHash !== recorded.snapshot.contentHash) {
    throw new EngineError(
      'rating_error',
      `snapshot ${recorded.snapshot.id} is not the one the run used (content hash ${manifest.contentHash.slice(0, 12)} instead of ${recorded.snapshot.contentHash.slice(0, 12)})`,
    );
  }
  const inputs: RunInputs = {
    period: recorded.period,
    stamps: recorded.stamps,
    snapshot: recorded.snapshot,
    setup: { file: recorded.setup.file, text: setupText },
    formulas,
    params: recorded.params,
    variant: recorded.variant,
  };
  return withSnapshot(io.workspace(), manifest.id, ({ sandbox }) => executeRun(inputs, sandbox));
}

function printRun(io: CliIo, id: string, run: RunResult): void {
  io.out(`Run ${id}: ${run.record.totals.accounts} account(s), total ${run.record.totals.amount} ${run.record.totals.currency}`);
  if (run.record.totals.unassigned.length > 0) io.out(`  not billed (no plan assigned): ${run.record.totals.unassigned.join(', ')}`);
  io.out(`  files: ${join('runs', id)}/{${['run.json', ...run.files.keys()].join(',')}}`);
}

function invoicesOf(json: string | undefined): Invoice[] {
  return (JSON.parse(json ?? '{"invoices":[]}') as { invoices: Invoice[] }).invoices;
}

function side(s: { kind: string; value?: string }): string {
  return s.kind === 'value' ? (s.value as string) : '';
}
