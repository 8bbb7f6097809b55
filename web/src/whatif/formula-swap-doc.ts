/**
 * The scenario's formula overlay (`formulas`: statistic -> formula id, engine/rating/statistics.ts
 * formulasFor): which formula computes a statistic in the scenario, the variants it may choose
 * from, and the scenario with a swap set or undone.
 */
import type { ReleaseFormula } from './formulas-api.ts';
import type { ScenarioDoc } from './scenario-doc.ts';

/** The formula computing `statistic` in the scenario: its swap, else the baseline's formula. */
export function scenarioFormula(doc: ScenarioDoc, statistic: string, baselineFormula: string): string {
  return doc.formulas?.[statistic] ?? baselineFormula;
}

/**
 * The formulas that stand for the same statistic as the baseline formula (legacy first, then
 * consensus), e.g. SelSecDuration and SelSecDurationConsensus; the baseline formula is always one.
 */
export function variantChoices(formulas: readonly ReleaseFormula[], baselineFormula: string): ReleaseFormula[] {
  const base = formulas.find((f) => f.id.toLowerCase() === baselineFormula.toLowerCase());
  if (!base) return [];
  return formulas.filter((f) => f.statistic === base.statistic).sort((a, b) => (a.id === base.id ? -1 : b.id === base.id ? 1 : a.variant.localeCompare(b.variant) || a.id.localeCompare(b.id)));
}

/** The scenario computing `statistic` with `formula`; choosing the baseline formula removes the swap. */
export function withFormulaSwap(doc: ScenarioDoc, statistic: string, formula: string, baselineFormula: string): ScenarioDoc {
  const formulas = { ...(doc.formulas ?? {}) };
  if (formula.toLowerCase() === baselineFormula.toLowerCase()) delete formulas[statistic];
  else formulas[statistic] = formula;
  const { formulas: _old, ...rest } = doc;
  return Object.keys(formulas).length > 0 ? { ...rest, name: doc.name, formulas } : { ...rest, name: doc.name };
}
