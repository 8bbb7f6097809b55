/**
 * Who needs a formula: the Billing Export 200 layout (the legacy formula of one of its columns),
 * other formulas that read it, and billing setups whose statistics it computes. Retiring a formula
 * that something needs would break runs and reconciliations, so it is refused while in use.
 */
import { be200Statistics } from '../be200/columns.ts';
import type { BillingSetup } from '../rating/model.ts';
import { statisticsNeeded } from '../rating/statistics.ts';
import type { Formula } from '../formulas/definition.ts';
import { directDependencies, indexFormulas } from '../formulas/references.ts';

/** A named billing setup, parsed. */
export interface NamedSetup {
  readonly name: string;
  readonly setup: BillingSetup;
}

/**
 * What needs formula `id` (any case), each said for people; empty when nothing does.
 * @example formulaUsers('SecCalls', formulas, []) // ['the Billing Export 200 layout (column SecCalls)']
 */
export function formulaUsers(id: string, formulas: readonly Formula[], setups: readonly NamedSetup[]): string[] {
  const wanted = id.toLowerCase();
  const index = indexFormulas(formulas);
  const users: string[] = [];
  const columns = be200Statistics.map((column) => column.name);
  for (const formula of formulas) {
    if (formula.id.toLowerCase() !== wanted) continue;
    // A consensus formula is not needed: the consensus report falls back to the legacy one (select-formulas.ts).
    const column = formula.variant === 'legacy' ? formula.legacy?.column : undefined;
    if (column && columns.includes(column)) users.push(`the Billing Export 200 layout (column ${column})`);
  }
  for (const formula of formulas) {
    if (formula.id.toLowerCase() === wanted) continue;
    if (directDependencies(formula, index).some((dependency) => dependency.id.toLowerCase() === wanted)) users.push(`formula ${formula.id} (reads it)`);
  }
  for (const { name, setup } of setups) {
    const statistics = statisticsNeeded(setup).filter((statistic) => {
      const definition = setup.statistics.find((d) => d.id === statistic);
      return (definition?.formula ?? statistic).toLowerCase() === wanted;
    });
    if (statistics.length > 0) users.push(`billing setup ${name} (statistic ${statistics.join(', ')})`);
  }
  return users;
}
