/**
 * Which `legacy` formulas of a library no longer reproduce the legacy report: their SQL or
 * parameters differ from the shipped reproduction, or a formula they read does. The shipped
 * legacy formulas are proven equal to the report; anything else called `legacy` must say so
 * wherever it is shown (grid, explain panel, catalogue, Billing Export 200 file).
 */
import type { Formula } from './definition.ts';
import { dependencyOrder, type FormulaIndex } from './references.ts';

export interface LegacyChange {
  readonly formulaId: string;
  /** For people: what differs from the shipped formula. */
  readonly reason: string;
}

/**
 * @example legacyChanges(release.formulas, release.index, shipped.index)
 *   // [{ formulaId: 'AnsweredCalls', reason: 'its SQL differs from the shipped reproduction of the report' }]
 */
export function legacyChanges(formulas: readonly Formula[], index: FormulaIndex, shipped: FormulaIndex): LegacyChange[] {
  const own = new Map<string, string>();
  for (const formula of formulas) {
    const reason = ownChange(formula, shipped);
    if (reason) own.set(formula.id.toLowerCase(), reason);
  }
  return formulas
    .filter((formula) => formula.variant === 'legacy')
    .flatMap((formula) => {
      const reason = own.get(formula.id.toLowerCase());
      if (reason) return [{ formulaId: formula.id, reason }];
      const changedInput = dependencyOrder(formula, index).find((dependency) => own.has(dependency.id.toLowerCase()));
      return changedInput ? [{ formulaId: formula.id, reason: `it reads ${changedInput.id}, which differs from the shipped library` }] : [];
    });
}

function ownChange(formula: Formula, shipped: FormulaIndex): string | undefined {
  const original = shipped.get(formula.id.toLowerCase());
  if (!original) return 'it is not in the shipped library';
  if (normalized(formula.sql) !== normalized(original.sql)) return 'its SQL differs from the shipped reproduction of the report';
  if (JSON.stringify(formula.params) !== JSON.stringify(original.params)) return 'its parameters differ from the shipped reproduction of the report';
  return undefined;
}

/** SQL compared as written, but blind to line endings, trailing spaces and whole-line comments (a reviewer's note changes nothing). */
const normalized = (sql: string): string =>
  sql
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
