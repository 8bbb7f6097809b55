/** `billing scenario compare`: what-if pricing against a baseline, per account and in total. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { compareInvoices } from '../../engine/rating/compare.ts';
import { rate } from '../../engine/rating/rate.ts';
import { applyScenario, needsStatistics, parseScenarioFile } from '../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../engine/rating/statistics.ts';
import { changeOf } from '../../engine/diff/delta.ts';
import { collectParam, shippedLibrary, withSnapshot } from './cli-support.ts';
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
    .action(async (options: { snapshot: string; setup: string; scenario: string; param: Record<string, ParamValue>; top: string }) => {
      const library = shippedLibrary();
      const baseline = parseSetupFile(readFileSync(options.setup, 'utf8'), options.setup);
      const scenario = parseScenarioFile(readFileSync(options.scenario, 'utf8'), options.scenario, baseline.plans[0]?.currency);
      const changed = applyScenario(baseline, scenario);
      await withSnapshot(io.workspace(), options.snapshot, async ({ manifest, sandbox }) => {
        const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index: library.index });
        const params = { ...options.param, start: manifest.period.start, end: manifest.period.end };
        const period = { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) };
        const clients = (
          await sandbox.query(
            "SELECT cltID, ClientNumber::VARCHAR AS n, ClientName, coalesce(BillingCode, '') AS b FROM cltClients",
            { values: {}, types: {} },
            'client list',
          )
        ).map((row) => ({
          cltID: Number(row.cltID),
          clientNumber: String(row.n),
          name: String(row.ClientName),
          billingCode: String(row.b),
        }));
        const baseStatistics = await computeStatistics(
          evaluator,
          formulasFor(statisticsNeeded(baseline, statisticsNeeded(changed)), library.index, baseline),
          params,
        );
        const before = rate({ setup: baseline, clients, statistics: baseStatistics, period });
        const started = performance.now();
        const statistics = needsStatistics(scenario)
          ? await computeStatistics(evaluator, formulasFor(statisticsNeeded(changed), library.index, changed, scenario.formulas), {
              ...params,
              ...scenario.params,
            })
          : baseStatistics;
        const after = rate({ setup: changed, clients, statistics, period, explainClients: false });
        const elapsed = performance.now() - started;
        const comparison = compareInvoices(before.invoices, after.invoices);
        io.out(`Scenario "${scenario.name}" against ${options.setup} on ${manifest.id}`);
        io.out(`  total ${comparison.totals.before} -> ${comparison.totals.after} (${comparison.totals.change})`);
        io.out(`  accounts: ${comparison.counts.up} up, ${comparison.counts.down} down, ${comparison.counts.same} unchanged`);
        io.out(`  ${needsStatistics(scenario) ? 'statistics recomputed and re-rated' : 're-rated without querying the snapshot'} in ${elapsed.toFixed(1)} ms`);
        const top = [...comparison.accounts].sort((a, b) => changeOf(b).abs().comparedTo(changeOf(a).abs())).slice(0, Number(options.top));
        for (const delta of top)
          io.out(
            `  ${delta.key.join(' ')}\t${delta.before.kind === 'value' ? delta.before.value : '-'} -> ${delta.after.kind === 'value' ? delta.after.value : '-'}\t(${changeOf(delta).toFixed()})`,
          );
      });
    });
}
