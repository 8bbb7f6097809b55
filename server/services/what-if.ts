/**
 * What-if: a baseline billing setup against a scenario overlay, both rated on one snapshot. The
 * route (`POST /api/scenarios/compare`), `billing scenario compare` and the benchmark call
 * `compareScenario`, so the same inputs give the same answer whoever asks. What differs between
 * callers is injected: where the setup and scenario texts come from, how formula swaps are
 * resolved, and which caches live between calls.
 */
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { createEvaluator, type Evaluator, type ResultCache } from '../../engine/formulas/evaluate.ts';
import type { FormulaIndex } from '../../engine/formulas/references.ts';
import { listClients } from '../../engine/rating/clients.ts';
import { compareTotals, invoicesMadeAgain, largestChangeFirst, type TotalsComparison } from '../../engine/rating/compare.ts';
import type { BillingSetup, Invoice } from '../../engine/rating/model.ts';
import { daysOf, rangeKey, type BillingPeriod } from '../../engine/rating/period.ts';
import { rate } from '../../engine/rating/rate.ts';
import { createRatingMemo, type RatingMemo } from '../../engine/rating/rating-memo.ts';
import { computeRangeStatistics, ratingRanges } from '../../engine/rating/rating-ranges.ts';
import { applyScenario, needsStatistics, parseScenarioFile } from '../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded, type StatisticSource, type Statistics } from '../../engine/rating/statistics.ts';
import type { DocumentSource } from './documents.ts';
import { createRatingInputs, type RatingInputs } from './rating-inputs.ts';
import type { FormulaSet, ResolvedSwaps, SwapResolver } from './scenario-formulas.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface WhatIfDeps {
  readonly snapshots: SnapshotSessions;
  readonly documents: DocumentSource;
  readonly resolveSwaps: SwapResolver;
  /** Formula results kept between calls (the server's); default: this call's only. */
  readonly results?: ResultCache;
  /** Rated lines kept between calls, so a new price re-rates only what it touches; default: this call's only. */
  readonly ratings?: RatingMemo;
  /** Client lists, statistics and baseline ratings kept between calls (rating-inputs.ts); default: this call's only. */
  readonly inputs?: RatingInputs;
  /** Milliseconds, for timing the scenario's side (default `performance.now`). */
  readonly clock?: () => number;
}

export interface WhatIfRequest {
  readonly snapshot: string;
  /** The baseline setup and the scenario, as `deps.documents` names them (a stored name, a file). */
  readonly setup: string;
  readonly scenario: string;
  /** Formula parameters of the baseline; the scenario's own override them. */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

export interface WhatIf {
  readonly snapshot: string;
  readonly scenario: string;
  /** Accounts that change, largest change first ("the largest changes"), and the totals; `linesOfAccounts` explains an account's change line by line. */
  readonly comparison: TotalsComparison;
  /** Each side's invoices, as a comparison reads them: amounts, without the steps of their pricing (rate.ts `explainLines`). */
  readonly before: readonly Invoice[];
  readonly after: readonly Invoice[];
  /** The currency the baseline bills in. */
  readonly currency: string;
  /** Whether the scenario's statistics were computed again (parameters or formulas changed). */
  readonly requeried: boolean;
  /** Time spent on the scenario's side: its statistics (if any) and its rating. */
  readonly scenarioMs: number;
  /** What the comparison did: whether either side's statistics had to be computed, and how many accounts the scenario rated again. */
  readonly work: WhatIfWork;
}

export interface WhatIfWork {
  /** The baseline's statistics were computed (false: kept from an earlier comparison on the same snapshot, formulas and parameters). */
  readonly baselineQueried: boolean;
  /** The scenario's own statistics were computed (its parameters or formulas are new). */
  readonly scenarioQueried: boolean;
  /** Accounts invoiced, and those whose invoice the scenario made again (the others are the baseline's, untouched). */
  readonly accounts: number;
  readonly reRated: number;
}

/**
 * @example await compareScenario({ snapshots, documents: fileDocuments, resolveSwaps: librarySwaps }, library, { snapshot: '2026-10-demo', setup: 'setup.yaml', scenario: 'live.yaml' })
 */
export async function compareScenario(deps: WhatIfDeps, library: FormulaSet, request: WhatIfRequest): Promise<WhatIf> {
  const setupText = await deps.documents('setup', request.setup);
  const parse = () => parseSetupFile(setupText.text, setupText.file);
  const baseline = deps.inputs ? deps.inputs.setup(setupText.text, setupText.file, parse) : parse();
  const scenarioText = await deps.documents('scenario', request.scenario);
  const scenario = parseScenarioFile(scenarioText.text, scenarioText.file, baseline.plans[0]?.currency);
  const compared = await compareRatings(deps, library, {
    snapshot: request.snapshot,
    baseline,
    changed: applyScenario(baseline, scenario),
    swaps: await deps.resolveSwaps(library, scenario.formulas),
    params: request.params ?? {},
    changedParams: scenario.params,
    requery: needsStatistics(scenario),
  });
  return { ...compared, scenario: scenario.name };
}

/** Two ratings of one snapshot: a baseline setup, and a changed setup with its own formulas and parameters. */
export interface RatingChange {
  readonly snapshot: string;
  readonly baseline: BillingSetup;
  readonly changed: BillingSetup;
  /** The formulas the changed side computes its statistics with. */
  readonly swaps: ResolvedSwaps;
  /** Formula parameters of the baseline; `changedParams` override them on the changed side. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly changedParams: Readonly<Record<string, ParamValue>>;
  /** Whether the changed side's statistics differ (parameters or formulas changed); otherwise the baseline's are re-rated. */
  readonly requery: boolean;
}

/**
 * Rates a snapshot twice and compares the invoices: what-if scenarios and the money impact of a
 * formula draft both come here.
 */
export async function compareRatings(
  deps: Omit<WhatIfDeps, 'documents' | 'resolveSwaps'>,
  library: FormulaSet,
  change: RatingChange,
): Promise<Omit<WhatIf, 'scenario'>> {
  const { baseline, changed, swaps } = change;
  const { results = new Map(), ratings = createRatingMemo(), inputs = createRatingInputs(), clock = () => performance.now() } = deps;
  return deps.snapshots.use(change.snapshot, async ({ manifest, sandbox }) => {
    const snapshotKey = manifest.contentHash;
    const evaluatorOn = (index: FormulaIndex) => createEvaluator({ sandbox, snapshotKey, index, cache: results });
    const evaluator = evaluatorOn(library.index);
    const params = { ...change.params, start: manifest.period.start, end: manifest.period.end };
    const period = daysOf(manifest.period);
    const clients = await inputs.clients(snapshotKey, () => listClients(sandbox));
    const rangesOf = (setup: BillingSetup) => inputs.ranges(setup, clients, period, () => ratingRanges(setup, clients, period));
    let queried = false;
    // Statistics: kept per snapshot, formulas and parameters; computed (by the result cache or a query) only when new.
    const statisticsOf = (on: Evaluator, chosen: Map<string, StatisticSource>, values: typeof params) =>
      inputs.statistics(snapshotKey, chosen, values, undefined, () => {
        queried = true;
        return computeStatistics(on, chosen, values);
      });
    const byRangeOf = (on: Evaluator, chosen: Map<string, StatisticSource>, values: typeof params, ranges: readonly BillingPeriod[]) =>
      ranges.length === 0
        ? Promise.resolve(NO_RANGES)
        : inputs.statistics(snapshotKey, chosen, values, ranges.map(rangeKey), () => {
            queried = true;
            return computeRangeStatistics(on, chosen, values, period, ranges);
          });
    // The baseline's statistics include those only the changed plans read, so that a rate-only
    // change re-rates from them without a query.
    const chosen = formulasFor(statisticsNeeded(baseline, statisticsNeeded(changed)), library.index, baseline);
    const statistics = await statisticsOf(evaluator, chosen, params);
    // A plan, a price or a client's billing that changes inside the period: usage by date, range by range.
    const ranges = uniqueRanges([...rangesOf(baseline), ...rangesOf(changed)]);
    const statisticsByRange = await byRangeOf(evaluator, chosen, params, ranges);
    const before = inputs.rating(baseline, period, [clients, statistics, statisticsByRange, ratings], () =>
      rate({ setup: baseline, clients, statistics, period, explainClients: false, explainLines: false, memo: ratings, statisticsByRange }),
    );
    const baselineQueried = queried;
    queried = false;
    const started = clock();
    const afterEvaluator = swaps.index === library.index ? evaluator : evaluatorOn(swaps.index);
    const afterChosen = formulasFor(statisticsNeeded(changed), swaps.index, changed, swaps.formulas);
    const afterParams = { ...params, ...change.changedParams };
    const afterStatistics = change.requery ? await statisticsOf(afterEvaluator, afterChosen, afterParams) : statistics;
    const afterByRange = change.requery ? await byRangeOf(afterEvaluator, afterChosen, afterParams, rangesOf(changed)) : statisticsByRange;
    const after = rate({
      setup: changed,
      clients,
      statistics: afterStatistics,
      period,
      explainClients: false,
      explainLines: false,
      memo: ratings,
      statisticsByRange: afterByRange,
    });
    const comparison = compareTotals(before.invoices, after.invoices);
    return {
      snapshot: manifest.id,
      comparison: { ...comparison, accounts: largestChangeFirst(comparison.accounts) },
      before: before.invoices,
      after: after.invoices,
      currency: baseline.plans[0]?.currency ?? 'USD',
      requeried: change.requery,
      scenarioMs: clock() - started,
      work: {
        baselineQueried,
        scenarioQueried: queried,
        accounts: after.invoices.length,
        reRated: invoicesMadeAgain(before.invoices, after.invoices),
      },
    };
  });
}

const NO_RANGES: ReadonlyMap<string, Statistics> = new Map();

function uniqueRanges(ranges: readonly BillingPeriod[]): BillingPeriod[] {
  return [...new Map(ranges.map((range) => [rangeKey(range), range] as const)).values()].sort((a, b) => rangeKey(a).localeCompare(rangeKey(b)));
}
