/**
 * The addresses of the workbench's objects, built and read in one place so a link made in one view
 * opens the object in another: a formula (and a draft of it) in the editor beside the grid, a
 * billing run, an invoice, a reconciliation, a billing setup.
 */
import { pathOf, type Route } from './route.ts';

/** The formula editor beside the grid on `formulaId`, on one of its drafts when given: `grid/formula/AnsweredCalls/draft/12`. */
export function formulaPath(formulaId: string, draftId?: number): string {
  return draftId === undefined ? pathOf('grid', 'formula', formulaId) : pathOf('grid', 'formula', formulaId, 'draft', String(draftId));
}

export interface FormulaAddress {
  readonly formulaId: string;
  readonly draftId?: number;
}

/** The formula a route opens in the editor (`#grid/formula/ID`, also `#library/formula/ID`), if any. */
export function formulaOfRoute(route: Route): FormulaAddress | null {
  const [kind, formulaId, draftKind, draft] = route.segments;
  if ((route.view !== 'grid' && route.view !== 'library') || kind !== 'formula' || !formulaId) return null;
  const draftId = draftKind === 'draft' && draft && /^\d+$/.test(draft) ? Number(draft) : undefined;
  return draftId === undefined ? { formulaId } : { formulaId, draftId };
}

/** The billing runs, one run (its invoices), or one invoice of a run. */
export function runsPath(runId?: string, account?: string): string {
  if (runId === undefined) return 'runs';
  return account === undefined ? pathOf('runs', runId) : pathOf('runs', runId, 'invoices', account);
}

export interface RunAddress {
  readonly runId?: string;
  readonly account?: string;
}

/** The run and invoice a `#runs/…` route names (neither for the list). */
export function runOfRoute(route: Route): RunAddress {
  if (route.view !== 'runs') return {};
  const [runId, kind, account] = route.segments;
  if (!runId) return {};
  return kind === 'invoices' && account ? { runId, account } : { runId };
}

/** A stored reconciliation. */
export function reconcilePath(reconciliationId?: string | number): string {
  return reconciliationId === undefined ? 'reconcile' : pathOf('reconcile', String(reconciliationId));
}

/** A billing setup in the setup editor. */
export function setupPath(name?: string): string {
  return name === undefined ? 'setup' : pathOf('setup', name);
}
