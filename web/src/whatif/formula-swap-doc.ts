/**
 * The scenario's formula overlay (`formulas`: statistic -> a formula id of the active release, or a
 * stored version of one as `Id@vN`; server/services/scenario-formulas.ts): which formula computes a
 * statistic in the scenario, the choices it has, and the scenario with a swap set or undone.
 */
import type { FormulaSummary, FormulaVersion } from '../api/types.ts';
import type { ScenarioDoc } from './scenario-doc.ts';

/** The formula computing `statistic` in the scenario: its swap, else the baseline's formula. */
export function scenarioFormula(doc: ScenarioDoc, statistic: string, baselineFormula: string): string {
  return doc.formulas?.[statistic] ?? baselineFormula;
}

/**
 * The formulas that stand for the same statistic as the baseline formula (legacy first, then
 * consensus), e.g. SelSecDuration and SelSecDurationConsensus; the baseline formula is always one.
 */
export function variantChoices(formulas: readonly FormulaSummary[], baselineFormula: string): FormulaSummary[] {
  const base = formulas.find((f) => f.id.toLowerCase() === baselineFormula.toLowerCase());
  if (!base) return [];
  return formulas
    .filter((f) => f.statistic === base.statistic)
    .sort((a, b) => (a.id === base.id ? -1 : b.id === base.id ? 1 : a.variant.localeCompare(b.variant) || a.id.localeCompare(b.id)));
}

/** The scenario computing `statistic` with `formula`; choosing the baseline formula removes the swap. */
export function withFormulaSwap(doc: ScenarioDoc, statistic: string, formula: string, baselineFormula: string): ScenarioDoc {
  const formulas = { ...(doc.formulas ?? {}) };
  if (formula.toLowerCase() === baselineFormula.toLowerCase()) delete formulas[statistic];
  else formulas[statistic] = formula;
  const { formulas: _old, ...rest } = doc;
  return Object.keys(formulas).length > 0 ? { ...rest, name: doc.name, formulas } : { ...rest, name: doc.name };
}

/** One choice of formula for a statistic: `value` is what the scenario's `formulas` records. */
export interface SwapOption {
  readonly value: string;
  readonly label: string;
}

/** A variant's choices: its version in the active release (by id, so it follows new releases), then its other stored versions. */
export interface SwapGroup {
  readonly label: string;
  readonly options: readonly SwapOption[];
}

/** @example swapGroups([MsgDlvrd], { MsgDlvrd: [v1, v2] }, 'MsgDlvrd') // [{ label: 'MsgDlvrd (legacy)', options: [MsgDlvrd, MsgDlvrd@v2] }] */
export function swapGroups(choices: readonly FormulaSummary[], versions: ReadonlyMap<string, readonly FormulaVersion[]>, baselineFormula: string): SwapGroup[] {
  return choices.map((formula) => {
    const stored = versions.get(formula.id) ?? [];
    const active = stored.find((v) => v.versionId === formula.version);
    const others = stored.filter((v) => v.versionId !== formula.version);
    const baseline = formula.id.toLowerCase() === baselineFormula.toLowerCase() ? ', baseline' : '';
    return {
      label: `${formula.id} (${formula.variant})`,
      options: [
        { value: formula.id, label: `${formula.id}${active ? ` v${active.number}` : ''}: active release${baseline}` },
        ...others.map((v) => ({
          value: `${formula.id}@v${v.number}`,
          label: `${formula.id} v${v.number}: ${active && v.number < active.number ? 'older version' : 'approved, not released'}`,
        })),
      ],
    };
  });
}
