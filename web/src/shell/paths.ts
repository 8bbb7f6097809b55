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

/** The billing runs list. */
export const RUNS_PATH = 'runs';

/** The company profile the invoices carry, edited in the billing runs view. */
export const COMPANY_PROFILE_PATH = pathOf('runs', 'company-profile');

/** A billing run with its invoices: `runs/2026-10-ab12`. */
export function runPath(runId: string): string {
  return pathOf('runs', runId);
}

/** An invoice (or a correction run's credit note) of a run: `runs/2026-10-ab12/invoices/ACME`, `runs/…/credit-notes/ACME`. */
export function documentPath(runId: string, account: string, kind: 'invoice' | 'creditNote' = 'invoice'): string {
  return pathOf('runs', runId, kind === 'invoice' ? 'invoices' : 'credit-notes', account);
}

/** What a `#runs…` route shows. */
export type RunsAddress =
  | { readonly page: 'list' }
  | { readonly page: 'company-profile' }
  | { readonly page: 'run'; readonly runId: string }
  | { readonly page: 'document'; readonly runId: string; readonly kind: 'invoice' | 'creditNote'; readonly account: string };

/** The page of the billing runs view a route names (the list when it names none). */
export function runsOfRoute(route: Route): RunsAddress {
  const [first, kind, account] = route.segments;
  if (route.view !== 'runs' || !first) return { page: 'list' };
  if (first === 'company-profile') return { page: 'company-profile' }; // run ids start with their period, never with a letter
  if ((kind === 'invoices' || kind === 'credit-notes') && account)
    return { page: 'document', runId: first, kind: kind === 'invoices' ? 'invoice' : 'creditNote', account };
  return { page: 'run', runId: first };
}

/** A stored reconciliation. */
export function reconcilePath(reconciliationId?: string | number): string {
  return reconciliationId === undefined ? 'reconcile' : pathOf('reconcile', String(reconciliationId));
}

/** A billing setup in the setup editor. */
export function setupPath(name?: string): string {
  return name === undefined ? 'setup' : pathOf('setup', name);
}

/** What a `#library…` route shows: the followed libraries, one of them, or formula packages (export, import). */
export type LibraryAddress = { readonly page: 'followed' } | { readonly page: 'library'; readonly name: string } | { readonly page: 'packages' };

/** The followed libraries, or one of them: `library`, `library/followed/community`. */
export function libraryPath(name?: string): string {
  return name === undefined ? 'library' : pathOf('library', 'followed', name);
}

/** Formula packages: export the release's formulas, import a package as drafts. */
export const LIBRARY_PACKAGES_PATH = pathOf('library', 'packages');

/** The page of the library view a route names (the followed libraries when it names none). */
export function libraryOfRoute(route: Route): LibraryAddress {
  const [first, name] = route.segments;
  if (route.view !== 'library') return { page: 'followed' };
  if (first === 'packages') return { page: 'packages' };
  if (first === 'followed' && name) return { page: 'library', name };
  return { page: 'followed' };
}
