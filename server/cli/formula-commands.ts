/** `billing formula check|test|run`: validate formula files, run their fixtures, run one on a snapshot. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderCatalog } from '../../engine/formulas/catalog.ts';
import { loadQuirkCatalogue } from '../../engine/formulas/quirks.ts';
import { EngineError } from '../../engine/errors.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { runFormulaTests } from '../../engine/formulas/fixtures.ts';
import { loadFormulaFiles } from '../../engine/formulas/library.ts';
import { dependencyOrder } from '../../engine/formulas/references.ts';
import { openScratchSandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator } from '../../engine/formulas/validate.ts';
import { registerPackageCommands } from './package-commands.ts';
import { runFormula } from '../services/formula-runs.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { announceRelease, collectParam, commandLibrary, LIBRARY_OPTION, shippedLibrary, type Library } from './cli-support.ts';
import type { ReleaseLibrary } from '../services/release-library.ts';
import type { CliIo } from './cli-io.ts';
import { AggregateEngineErrors } from './cli-errors.ts';

export function registerFormulaCommands(program: Command, io: CliIo): void {
  const formula = program.command('formula').description('check, test and run formulas');

  formula
    .command('check <files...>')
    .description('validate formula files; errors print as file:line:column')
    .action(async (files: string[]) => {
      const { formulas, library } = loadFiles(files);
      const errors = await validateInOrder(formulas, library);
      for (const error of errors) io.out(`${error.describe()} [${error.code}]`);
      io.out(errors.length === 0 ? `${formulas.length} formula file(s) OK` : `${errors.length} error(s)`);
      if (errors.length > 0) io.setExitCode(1);
    });

  formula
    .command('test [files...]')
    .description('run the fixture tests of the given formula files (default: the whole library); files are validated first')
    .action(async (files: string[]) => {
      const { formulas, library } = files.length > 0 ? loadFiles(files) : { formulas: shippedLibrary().formulas, library: shippedLibrary() };
      // Fixture tests run the file's SQL: nothing runs until every file validates.
      const invalid = files.length > 0 ? await validateInOrder(formulas, library) : [];
      if (invalid.length > 0) {
        for (const error of invalid) io.out(`${error.describe()} [${error.code}]`);
        io.out(`${invalid.length} error(s); no test was run`);
        io.setExitCode(1);
        return;
      }
      const sandbox = await openScratchSandbox();
      let passed = 0;
      let failed = 0;
      try {
        for (const f of formulas) {
          for (const outcome of await runFormulaTests(f, library.index, sandbox)) {
            if (outcome.passed) passed++;
            else failed++;
            io.out(`${outcome.passed ? 'pass' : 'FAIL'}  ${f.id}: ${outcome.test}`);
            if (outcome.error) io.out(`      ${outcome.error.describe()}`);
            for (const [cltID, expected, actual] of outcome.mismatches) io.out(`      client ${cltID}: expected ${expected}, got ${actual}`);
          }
        }
      } finally {
        sandbox.close();
      }
      io.out(`${passed} passed, ${failed} failed`);
      if (failed > 0) io.setExitCode(1);
    });

  registerPackageCommands(formula, io);

  formula
    .command('catalog')
    .description('write the library catalogue (every statistic, its meaning, unit, variants and quirks) as Markdown')
    .option('--out <file>', 'file to write', 'formulas/CATALOG.md')
    .action((options: { out: string }) => {
      writeFileSync(options.out, renderCatalog(shippedLibrary().formulas, loadQuirkCatalogue()));
      io.out(`Wrote ${options.out}`);
    });

  formula
    .command('run <formula>')
    .description("run a formula (a file, or the id of a library formula) on a snapshot and print each client's value")
    .requiredOption('--snapshot <id>', 'snapshot to run on')
    .option('--param <name=value>', 'parameter value (repeatable); start and end default to the snapshot period', collectParam, {})
    .option(...LIBRARY_OPTION)
    .action(async (target: string, options: { snapshot: string; param: Record<string, ParamValue>; library?: string }) => {
      const release = await commandLibrary(io, options);
      const { formula, library } = resolveFormula(target, release);
      const run = await runFormula({ snapshots: openPerUse(io.workspace()) }, library, { snapshot: options.snapshot, formula, params: options.param });
      io.out(['ClientNumber', 'ClientName', formula.id].join('\t'));
      for (const client of run.clients) io.out([client.clientNumber, client.name, run.values.get(client.cltID) ?? '0'].join('\t'));
      announceRelease(io, release);
    });
}

function loadFiles(files: readonly string[]): { formulas: Formula[]; library: Library } {
  const loaded = loadFormulaFiles(files);
  if (loaded.errors.length > 0) {
    throw new AggregateEngineErrors(loaded.errors);
  }
  return { formulas: [...loaded.formulas], library: shippedLibrary(loaded.formulas) };
}

/** Several file errors at once: the CLI prints each. */
/** The formula to run: a file (run in place of the release's formula of the same id, validated first), or the id of one of `release`'s formulas. */
function resolveFormula(target: string, release: ReleaseLibrary): { formula: Formula; library: Pick<ReleaseLibrary, 'formulas'> } {
  if (target.endsWith('.yaml')) return { formula: loadFiles([target]).formulas[0] as Formula, library: release };
  const formula = release.index.get(target.toLowerCase());
  if (!formula) throw new EngineError('unknown_formula', `no formula ${target} in release ${release.release.name} (give a file path or a formula id)`);
  return { formula, library: release };
}

/** Validates the files, their library dependencies first, so references resolve to validated formulas. */
async function validateInOrder(formulas: readonly Formula[], library: Library): Promise<EngineError[]> {
  const validator = await openValidator();
  const errors: EngineError[] = [];
  const done = new Set<string>();
  try {
    for (const formula of formulas) {
      let order: Formula[];
      try {
        order = [...dependencyOrder(formula, library.index), formula];
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        errors.push(error);
        continue;
      }
      for (const f of order) {
        if (done.has(f.id)) continue;
        done.add(f.id);
        const validation = await validator.validate(f, library.index);
        if (formulas.includes(f)) errors.push(...validation.errors);
      }
    }
  } finally {
    validator.close();
  }
  return errors;
}
