/**
 * The statistics a billing setup needs (every plan line's statistic and those its modifiers add),
 * computed by the formulas of the same names, or by the formula a scenario swaps in.
 */
import { EngineError } from '../errors.ts';
import type { Formula, ParamValue } from '../formulas/definition.ts';
import type { Evaluator } from '../formulas/evaluate.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { BillingSetup } from './model.ts';

export type StatisticValues = ReadonlyMap<string, ReadonlyMap<number, string>>;

export function statisticsNeeded(setup: BillingSetup, extra: readonly string[] = []): string[] {
  const names = new Set<string>(extra);
  for (const plan of setup.plans) for (const line of plan.lines) if (line.kind === 'usage') names.add(line.statistic);
  for (const modifier of setup.modifiers) {
    names.add(modifier.statistic);
    if (modifier.operation.op === 'addStatistic') names.add(modifier.operation.statistic);
  }
  return [...names].sort();
}

/** How a statistic is computed: a formula and the parameter values of its own. */
export interface StatisticSource {
  readonly formula: Formula;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/**
 * The source of each statistic: the setup's definition of it, else the formula of the same id;
 * `swaps` (a scenario) may compute a statistic with another formula, keeping its parameters.
 */
export function formulasFor(
  statistics: readonly string[],
  index: FormulaIndex,
  setup: Pick<BillingSetup, 'statistics'> = { statistics: [] },
  swaps: Readonly<Record<string, string>> = {},
): Map<string, StatisticSource> {
  const chosen = new Map<string, StatisticSource>();
  for (const statistic of statistics) {
    const definition = setup.statistics.find((d) => d.id === statistic);
    const id = swaps[statistic] ?? definition?.formula ?? statistic;
    const formula = index.get(id.toLowerCase());
    if (!formula) throw new EngineError('unknown_statistic', `statistic ${statistic} needs a formula ${id}, which is not in the library`, { field: statistic });
    chosen.set(statistic, { formula, params: definition?.params ?? {} });
  }
  return chosen;
}

/** Computes each statistic, formulas sharing the same parameter values in one evaluation. */
export async function computeStatistics(
  evaluator: Evaluator,
  chosen: ReadonlyMap<string, StatisticSource>,
  params: Readonly<Record<string, ParamValue>>,
): Promise<StatisticValues> {
  const byParams = new Map<string, { params: Readonly<Record<string, ParamValue>>; formulas: Set<Formula> }>();
  for (const source of chosen.values()) {
    const key = JSON.stringify(Object.entries(source.params).sort());
    const group = byParams.get(key) ?? { params: source.params, formulas: new Set<Formula>() };
    group.formulas.add(source.formula);
    byParams.set(key, group);
  }
  const values = new Map<string, ReadonlyMap<number, string>>();
  const resultsByKey = new Map<string, Awaited<ReturnType<Evaluator['evaluate']>>['results']>();
  for (const [key, group] of byParams) resultsByKey.set(key, (await evaluator.evaluate([...group.formulas], { ...params, ...group.params })).results);
  for (const [statistic, source] of chosen) {
    const results = resultsByKey.get(JSON.stringify(Object.entries(source.params).sort()));
    values.set(statistic, results?.get(source.formula.id)?.values ?? new Map());
  }
  return values;
}
