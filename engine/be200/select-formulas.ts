/**
 * Which formula computes each Billing Export 200 statistic: the legacy one, or with the consensus
 * variant the consensus formula of that statistic where one exists (legacy otherwise).
 */
import { EngineError } from '../errors.ts';
import type { Formula } from '../formulas/definition.ts';
import { be200Statistics } from './columns.ts';

export type ReportVariant = 'legacy' | 'consensus';

export function formulasForReport(formulas: readonly Formula[], variant: ReportVariant): Formula[] {
  const legacy = new Map(formulas.filter((f) => f.variant === 'legacy' && f.legacy).map((f) => [f.legacy?.column, f]));
  const consensus = new Map(formulas.filter((f) => f.variant === 'consensus').map((f) => [f.statistic, f]));
  return be200Statistics.map((column) => {
    const chosen = (variant === 'consensus' ? consensus.get(column.name) : undefined) ?? legacy.get(column.name);
    if (!chosen)
      throw new EngineError(
        'unknown_formula',
        `the release has no legacy formula for Billing Export 200 column ${column.name} (a formula with variant legacy and legacy.column ${column.name}); restore it in a new release`,
        { field: column.name },
      );
    return chosen;
  });
}
