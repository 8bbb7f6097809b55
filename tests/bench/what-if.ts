/**
 * Benchmarks: what-if for every client of a snapshot, as `billing scenario compare` does it.
 * - rate-only: the statistics of the example setup are computed once; the scenario (a price
 *   change) is then re-rated without any query. Each run asks for a price not asked before, and
 *   rating keeps its memo of rated lines between runs, as the server does: a run re-rates the
 *   lines the new price touches and reuses the rest.
 * - TimeCap: the example setup billing live minutes as SelSecDurationCap; the scenario changes
 *   the TimeCap parameter, so the capped statistic must be queried again, then everything re-rated.
 *   Each run asks for a cap not asked before, so the result cache never answers it.
 */
import { readFileSync } from 'node:fs';
import { createEvaluator, type Evaluator } from '../../engine/formulas/evaluate.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { compareInvoices } from '../../engine/rating/compare.ts';
import type { BillingSetup } from '../../engine/rating/model.ts';
import { rate } from '../../engine/rating/rate.ts';
import { createRatingMemo, type RatingMemo } from '../../engine/rating/rating-memo.ts';
import { applyScenario, parseScenarioFile } from '../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../engine/rating/statistics.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { PROJECT_ROOT } from '../support/project.ts';
import { median, timeRuns } from './stats.ts';

export interface WhatIfResult {
  readonly clients: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
}

const example = (file: string) => readFileSync(`${PROJECT_ROOT}examples/${file}`, 'utf8');

/** The live-minute price of the example scenario, which each run changes. */
const LIVE_PRICE = 'price: "1.2075"';

export async function benchWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<WhatIfResult> {
  const setup = parseSetupFile(example('billing-setup.yaml'), 'billing-setup.yaml');
  const scenarioText = example('scenario-live-rate.yaml');
  if (!scenarioText.includes(LIVE_PRICE)) throw new Error(`scenario-live-rate.yaml no longer prices live minutes at ${LIVE_PRICE}`);
  return withRating(dataFile, manifest, setup, {}, async ({ clients, statistics, period, memo }) => {
    let run = 0;
    return timeRuns(
      runs,
      async () => {
        const price = `1.2${String(++run).padStart(3, '0')}`;
        const scenario = parseScenarioFile(scenarioText.replace(LIVE_PRICE, `price: "${price}"`), 'scenario-live-rate.yaml');
        const baseline = rate({ setup, clients, statistics, period, explainClients: false, memo }).invoices;
        compareInvoices(baseline, rate({ setup: applyScenario(setup, scenario), clients, statistics, period, explainClients: false, memo }).invoices);
      },
      1,
    );
  });
}

export async function benchTimeCapWhatIf(dataFile: string, manifest: Manifest, runs: number): Promise<WhatIfResult> {
  // The example setup with live minutes capped per call: its line and modifiers on SelSecDurationCap.
  const text = example('billing-setup.yaml').replace(/\bSelSecDuration\b/g, 'SelSecDurationCap');
  const setup = parseSetupFile(text, 'billing-setup-timecap.yaml');
  const baseParams = { time_cap_minutes: 10 };
  return withRating(dataFile, manifest, setup, baseParams, async ({ clients, statistics: baseStatistics, period, evaluator, index, params, memo }) => {
    let cap = baseParams.time_cap_minutes;
    return timeRuns(
      runs,
      async () => {
        const scenario = parseScenarioFile(`name: TimeCap ${++cap} minutes\nparams: { time_cap_minutes: ${cap} }\n`, 'scenario-timecap.yaml');
        const changed = applyScenario(setup, scenario);
        const statistics = await computeStatistics(evaluator, formulasFor(statisticsNeeded(changed), index, changed, scenario.formulas), {
          ...params,
          ...scenario.params,
        });
        const baseline = rate({ setup, clients, statistics: baseStatistics, period, explainClients: false, memo }).invoices;
        compareInvoices(baseline, rate({ setup: changed, clients, statistics, period, explainClients: false, memo }).invoices);
      },
      1,
    );
  });
}

interface Rated {
  readonly clients: Parameters<typeof rate>[0]['clients'];
  readonly statistics: Parameters<typeof rate>[0]['statistics'];
  readonly period: Parameters<typeof rate>[0]['period'];
  readonly memo: RatingMemo;
  readonly evaluator: Evaluator;
  readonly index: FormulaIndex;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** Opens the snapshot, computes the setup's statistics and rates its baseline once, then hands over to `time`. */
async function withRating(
  dataFile: string,
  manifest: Manifest,
  setup: BillingSetup,
  baseParams: Readonly<Record<string, ParamValue>>,
  time: (rated: Rated) => Promise<number[]>,
): Promise<WhatIfResult> {
  const index = indexFormulas(loadLibrary().formulas);
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index });
    const params = { ...baseParams, start: manifest.period.start, end: manifest.period.end };
    const statistics = await computeStatistics(evaluator, formulasFor(statisticsNeeded(setup), index, setup), params);
    const clients = await clientList(sandbox);
    const period = { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) };
    const memo = createRatingMemo();
    rate({ setup, clients, statistics, period, explainClients: false, memo }); // the baseline the workbench showed first
    const runsMs = await time({ clients, statistics, period, memo, evaluator, index, params });
    return { clients: clients.length, runsMs, medianMs: median(runsMs) };
  } finally {
    sandbox.close();
  }
}

async function clientList(sandbox: Sandbox) {
  const rows = await sandbox.query(
    "SELECT cltID, ClientNumber::VARCHAR AS n, ClientName, coalesce(BillingCode, '') AS b FROM cltClients",
    { values: {}, types: {} },
    'clients',
  );
  return rows.map((row) => ({ cltID: Number(row.cltID), clientNumber: String(row.n), name: String(row.ClientName), billingCode: String(row.b) }));
}
