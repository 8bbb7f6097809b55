/**
 * Benchmark: a rate-only what-if for every client of a snapshot: the statistics of the example
 * setup are computed once; the scenario (a price change) is then re-rated without any query.
 */
import { readFileSync } from 'node:fs';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { compareInvoices } from '../../engine/rating/compare.ts';
import { rate } from '../../engine/rating/rate.ts';
import { applyScenario, parseScenarioFile } from '../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../engine/rating/statistics.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { PROJECT_ROOT } from '../support/project.ts';
import { median, timeRuns } from './stats.ts';

export interface WhatIfResult {
  readonly clients: number;
  readonly rateOnlyMs: readonly number[];
  readonly medianMs: number;
}

export async function benchWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<WhatIfResult> {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  const setup = parseSetupFile(readFileSync(`${PROJECT_ROOT}examples/billing-setup.yaml`, 'utf8'), 'billing-setup.yaml');
  const scenario = parseScenarioFile(readFileSync(`${PROJECT_ROOT}examples/scenario-live-rate.yaml`, 'utf8'), 'scenario-live-rate.yaml');
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index });
    const statistics = await computeStatistics(evaluator, formulasFor(statisticsNeeded(setup), index, setup), { start: manifest.period.start, end: manifest.period.end });
    const rows = await sandbox.query("SELECT cltID, ClientNumber::VARCHAR AS n, ClientName, coalesce(BillingCode, '') AS b FROM cltClients", { values: {}, types: {} }, 'clients');
    const clients = rows.map((row) => ({ cltID: Number(row.cltID), clientNumber: String(row.n), name: String(row.ClientName), billingCode: String(row.b) }));
    const period = { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) };
    const baseline = rate({ setup, clients, statistics, period });
    const changed = applyScenario(setup, scenario);
    const rateOnlyMs = await timeRuns(runs, async () => {
      compareInvoices(baseline.invoices, rate({ setup: changed, clients, statistics, period, explainClients: false }).invoices);
    }, 1);
    return { clients: clients.length, rateOnlyMs, medianMs: median(rateOnlyMs) };
  } finally {
    sandbox.close();
  }
}
