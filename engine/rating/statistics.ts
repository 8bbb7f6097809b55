/**
 * The statistics a billing setup needs (every plan line's statistic and those its modifiers add),
 * computed by the formulas of the same names, or by the formula a scenario swaps in. Each carries
 * the key of its content, so that rating can recognise values it has seen without comparing them.
 */
import { createHash } from 'node:crypto';
import { EngineError } from '../errors.ts';
import type { Formula, ParamValue } from '../formulas/definition.ts';
import type { Evaluation, Evaluator } from '../formulas/evaluate.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import type { BillingSetup } from './model.ts';

/** One statistic's values and the key of their content: equal keys mean equal values. */
export interface StatisticValues {
  /** The evaluator's result key (snapshot content, formula content, parameter values), or a hash of the values. */
  readonly key: string;
  /** cltID -> exact value as text; a client without a value is 0. */
  readonly values: ReadonlyMap<number, string>;
}

/** Statistic (the name plan lines use) -> its values. */
export type Statistics = ReadonlyMap<string, StatisticValues>;

/**
 * Values made elsewhere than by the evaluator (tests, a hand-made input), keyed by a hash of the values.
 *
 * @example statisticValues(new Map([[1, '12']])).key // 'values:9c1f…'
 */
export function statisticValues(values: ReadonlyMap<number, string>): StatisticValues {
  const entries = [...values].sort(([a], [b]) => a - b);
  return { key: `values:${createHash('sha256').update(JSON.stringify(entries)).digest('hex')}`, values };
}

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
): Promise<Statistics> {
  const byParams = new Map<string, { params: Readonly<Record<string, ParamValue>>; formulas: Set<Formula> }>();
  for (const source of chosen.values()) {
    const key = JSON.stringify(Object.entries(source.params).sort());
    const group = byParams.get(key) ?? { params: source.params, formulas: new Set<Formula>() };
    group.formulas.add(source.formula);
    byParams.set(key, group);
  }
  const statistics = new Map<string, StatisticValues>();
  const evaluations = new Map<string, Evaluation>();
  for (const [key, group] of byParams) evaluations.set(key, await evaluator.evaluate([...group.formulas], { ...params, ...group.params }));
  for (const [statistic, source] of chosen) {
    const evaluation = evaluations.get(JSON.stringify(Object.entries(source.params).sort()));
    const values = evaluation?.results.get(source.formula.id)?.values;
    const key = evaluation?.keys.get(source.formula.id);
    statistics.set(statistic, values && key ? { key, values } : statisticValues(values ?? new Map()));
  }
  return statistics;
}
