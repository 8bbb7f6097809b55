/**
 * What a formula draft does to the money: the current billing setup rated on a snapshot with the
 * release's formula, then with the draft's in its place, account by account. A reviewer approves a
 * change to a statistic knowing what it does to invoices, not only to counts.
 */
import { changeOf, type Side } from '../../engine/diff/delta.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { exact, sum } from '../../engine/rating/money.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { formulasFor, statisticsNeeded } from '../../engine/rating/statistics.ts';
import type { ActiveLibrary } from '../context.ts';
import type { Database } from '../store/database.ts';
import { getDocument, listDocuments } from '../store/documents.ts';
import { getDraft } from '../store/formulas.ts';
import { mustValidate, withFormula } from './formula-checks.ts';
import { listSetups } from './setups.ts';
import { compareRatings, type WhatIfDeps } from './what-if.ts';
import type { FormulaSet } from './scenario-formulas.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import type { FormulaIndex } from '../../engine/formulas/references.ts';
import type { BillingSetup } from '../../engine/rating/model.ts';

export interface DraftMoneyRequest {
  readonly draft: number;
  readonly snapshot: string;
  /** The setup to price with; default the one saved most recently. */
  readonly setup?: string | undefined;
  /** How many accounts to list, largest change first. */
  readonly top: number;
}

export interface DraftMoney {
  readonly draft: number;
  readonly formula: string;
  readonly snapshot: string;
  /** The setup priced with; null when the workspace has none yet (nothing to price: no change). */
  readonly setup: { readonly name: string; readonly version: number } | null;
  /** The setup's statistics the formula computes (empty: the change moves no money under this setup). */
  readonly statistics: readonly string[];
  readonly currency: string;
  readonly totals: { readonly before: string; readonly after: string; readonly change: string };
  readonly counts: { readonly up: number; readonly down: number; readonly same: number };
  /** The accounts whose total changes, largest change first, at most `top`. */
  readonly accounts: readonly { readonly account: string; readonly before: string; readonly after: string; readonly change: string }[];
}

/**
 * @example await draftMoney({ db, library, snapshots }, { draft: 41, snapshot: 'demo-small-2026-10', top: 20 }) // { totals: { change: '-12.50' }, ... }
 */
export async function draftMoney(
  deps: Omit<WhatIfDeps, 'documents' | 'resolveSwaps'> & { readonly db: Database; readonly library: () => Promise<ActiveLibrary> },
  request: DraftMoneyRequest,
): Promise<DraftMoney> {
  const draft = await getDraft(deps.db, request.draft);
  const library = await deps.library();
  const formula = parseFormulaFile(draft.text, `${draft.formulaId}.yaml`);
  const index = withFormula(library, formula);
  await mustValidate(formula, index);
  const stored = await currentSetup(deps.db, request.setup);
  if (!stored) return unpriced(draft.draftId, draft.formulaId, request.snapshot);
  const setup = parseSetupFile(stored.text, `${stored.name}.yaml`);
  const priced = await priceFormulaChange(deps, library, { snapshot: request.snapshot, setup, formula, index, top: request.top });
  return { draft: draft.draftId, formula: draft.formulaId, setup: { name: stored.name, version: stored.version }, ...priced };
}

/** What a formula put in place of its namesake does to a setup's invoices on a snapshot. */
export type FormulaMoney = Omit<DraftMoney, 'draft' | 'formula' | 'setup'>;

/**
 * Rates `setup` on `snapshot` with the library's formulas, then with `formula` in place of its
 * namesake (`index`: the library with it), and compares the invoices account by account: a
 * draft's review and a library update's money diff both come here.
 * @example await priceFormulaChange(deps, library, { snapshot: '2026-10-demo', setup, formula, index: withFormula(library, formula), top: 20 }) // { totals: { change: '-12.50' }, ... }
 */
export async function priceFormulaChange(
  deps: Omit<WhatIfDeps, 'documents' | 'resolveSwaps'>,
  library: FormulaSet,
  request: { readonly snapshot: string; readonly setup: BillingSetup; readonly formula: Formula; readonly index: FormulaIndex; readonly top: number },
): Promise<FormulaMoney> {
  const { setup, formula, index } = request;
  const sources = formulasFor(statisticsNeeded(setup), library.index, setup);
  const statistics = [...sources].filter(([, source]) => source.formula.id.toLowerCase() === formula.id.toLowerCase()).map(([statistic]) => statistic);
  const compared = await compareRatings(deps, library, {
    snapshot: request.snapshot,
    baseline: setup,
    changed: setup,
    swaps: { index, formulas: {} },
    params: {},
    changedParams: {},
    requery: statistics.length > 0,
  });
  const totalOf = (invoices: typeof compared.before) => sum(invoices.map((invoice) => exact(invoice.total)));
  const before = totalOf(compared.before);
  const after = totalOf(compared.after);
  const sideText = (side: Side): string => (side.kind === 'value' ? side.value : '0.00');
  return {
    snapshot: compared.snapshot,
    statistics,
    currency: setup.plans[0]?.currency ?? 'USD',
    totals: { before: before.toFixed(2), after: after.toFixed(2), change: after.minus(before).toFixed(2) },
    counts: compared.comparison.counts,
    accounts: compared.comparison.accounts.slice(0, request.top).map((delta) => ({
      account: delta.key[0] ?? '',
      before: sideText(delta.before),
      after: sideText(delta.after),
      change: changeOf(delta).toFixed(2),
    })),
  };
}

/**
 * The setup a billing run would use: the named one (404 when there is none of that name), or the one
 * saved most recently; its latest approved version when it has one, else its latest. Null when the
 * workspace has no setup at all.
 */
async function currentSetup(db: Database, name: string | undefined) {
  const newest = name ?? (await listDocuments(db, 'setup')).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.name;
  if (!newest) return null;
  const approved = (await listSetups({ db })).find((setup) => setup.name === newest)?.approvedVersion ?? undefined;
  return getDocument(db, 'setup', newest, approved);
}

/** No setup to price with: nothing is billed, so the draft changes no invoice. */
function unpriced(draft: number, formula: string, snapshot: string): DraftMoney {
  const zero = '0.00';
  return {
    draft,
    formula,
    snapshot,
    setup: null,
    statistics: [],
    currency: 'USD',
    totals: { before: zero, after: zero, change: zero },
    counts: { up: 0, down: 0, same: 0 },
    accounts: [],
  };
}
