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

/** The formula computing each statistic: its own formula, or the one `swaps` names instead. */
export function formulasFor(statistics: readonly string[], index: FormulaIndex, swaps: Readonly<Record<string, string>> = {}): Map<string, Formula> {
  const chosen = new Map<string, Formula>();
  for (const statistic of statistics) {
    const id = swaps[statistic] ?? statistic;
    const formula = index.get(id.toLowerCase());
    if (!formula) throw new EngineError('unknown_statistic', `statistic ${statistic} needs a formula ${id}, which is not in the library`, { field: statistic });
    chosen.set(statistic, formula);
  }
  return chosen;
}

export async function computeStatistics(
  evaluator: Evaluator,
  chosen: ReadonlyMap<string, Formula>,
  params: Readonly<Record<string, ParamValue>>,
): Promise<StatisticValues> {
  const { results } = await evaluator.evaluate([...new Set(chosen.values())], params);
  return new Map([...chosen].map(([statistic, formula]) => [statistic, results.get(formula.id)?.values ?? new Map()]));
}
