/** `billing scenario compare`: what-if pricing against a baseline, per account and in total. */
import type { Command } from 'commander';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { changeOf } from '../../engine/diff/delta.ts';
import { fileDocuments } from '../services/documents.ts';
import { librarySwaps } from '../services/scenario-formulas.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { compareScenario } from '../services/what-if.ts';
import { announceRelease, collectParam, commandLibrary, LIBRARY_OPTION } from './cli-support.ts';
import type { CliIo } from './cli-io.ts';

export function registerScenarioCommands(program: Command, io: CliIo): void {
  program
    .command('scenario')
    .description('what-if pricing')
    .command('compare')
    .description('rate a period with a baseline setup and with a scenario overlay, and show what changes')
    .requiredOption('--snapshot <id>', 'snapshot holding the period')
    .requiredOption('--setup <file>', 'baseline billing setup (YAML)')
    .requiredOption('--scenario <file>', 'scenario overlay (YAML)')
    .option('--param <name=value>', 'baseline formula parameter (repeatable)', collectParam, {})
    .option('--top <n>', 'accounts to list, largest change first', '10')
    .option(...LIBRARY_OPTION)
    .action(async (options: { snapshot: string; setup: string; scenario: string; param: Record<string, ParamValue>; top: string; library?: string }) => {
      const library = await commandLibrary(io, options);
      const whatIf = await compareScenario({ snapshots: openPerUse(io.workspace()), documents: fileDocuments, resolveSwaps: librarySwaps }, library, {
        snapshot: options.snapshot,
        setup: options.setup,
        scenario: options.scenario,
        params: options.param,
      });
      announceRelease(io, library);
      const { totals, counts, accounts } = whatIf.comparison;
      io.out(`Scenario "${whatIf.scenario}" against ${options.setup} on ${whatIf.snapshot}`);
      io.out(`  total ${totals.before} -> ${totals.after} (${totals.change})`);
      io.out(`  accounts: ${counts.up} up, ${counts.down} down, ${counts.same} unchanged`);
      const { work } = whatIf;
      io.out(
        `  ${whatIf.requeried ? 'statistics recomputed and re-rated' : 're-rated without querying the snapshot'} in ${whatIf.scenarioMs.toFixed(1)} ms: ${work.reRated} of ${work.accounts} accounts rated again${work.baselineQueried ? ' (the baseline statistics computed first: a command keeps nothing between runs)' : ''}`,
      );
      for (const delta of accounts.slice(0, Number(options.top)))
        io.out(
          `  ${delta.key.join(' ')}\t${delta.before.kind === 'value' ? delta.before.value : '-'} -> ${delta.after.kind === 'value' ? delta.after.value : '-'}\t(${changeOf(delta).toFixed()})`,
        );
    });
}
