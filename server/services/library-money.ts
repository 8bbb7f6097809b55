/**
 * What an upstream change does to the money: for each formula an update of a followed library adds
 * or changes, the workspace's approved billing setup rated on a snapshot with the formulas it bills
 * with now, then with the upstream formula in their namesake's place, account by account — the same
 * comparison a draft's review prices with (draft-money.ts).
 */
import { EngineError } from '../../engine/errors.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { Database } from '../store/database.ts';
import { type FormulaMoney, priceFormulaChange } from './draft-money.ts';
import { mustValidate, withFormula } from './formula-checks.ts';
import { cloneDir } from './library-follows.ts';
import { filesAt } from './library-git.ts';
import type { LibraryUpdate } from './library-subscriptions.ts';
import type { FormulaSet } from './scenario-formulas.ts';
import { requireApprovedSetup } from './setups.ts';
import type { WhatIfDeps } from './what-if.ts';

export interface UpstreamMoneyRequest {
  readonly snapshot: string;
  /** The billing setup to price with: its latest approved version. */
  readonly setup: string;
  /** How many accounts to list per formula, largest change first. */
  readonly top: number;
}

export interface FormulaMoneyChange {
  readonly formulaId: string;
  /** The invoices' change with this formula adopted, or absent with `error`. */
  readonly money?: FormulaMoney;
  /** Why it could not be priced here (it does not parse or validate against the workspace's formulas). */
  readonly error?: string;
}

export interface UpstreamMoney {
  readonly setup: { readonly name: string; readonly version: number };
  readonly formulas: readonly FormulaMoneyChange[];
}

/**
 * Prices each added or changed formula of `update` (at the update's upstream commit) on a snapshot.
 * @example (await upstreamMoney(deps, library, workspace, update, { snapshot: '2026-10-demo', setup: 'standard', top: 20 })).formulas[0].money?.totals // { before: '1200.00', after: '1187.50', change: '-12.50' }
 */
export async function upstreamMoney(
  deps: Omit<WhatIfDeps, 'documents' | 'resolveSwaps'> & { readonly db: Database },
  library: FormulaSet,
  workspace: Workspace,
  update: LibraryUpdate,
  request: UpstreamMoneyRequest,
): Promise<UpstreamMoney> {
  const stored = await requireApprovedSetup(deps.db, request.setup);
  const setup = parseSetupFile(stored.text, `${stored.name}.yaml`);
  const changed = update.formulas.filter((formula) => formula.change !== 'removed');
  const texts = await filesAt(
    cloneDir(workspace, update.name),
    update.to,
    changed.map((formula) => formula.path),
  );
  const formulas: FormulaMoneyChange[] = [];
  for (const { path, formulaId } of changed) {
    try {
      const formula = parseFormulaFile(texts.get(path) ?? '', path);
      const index = withFormula(library, formula);
      await mustValidate(formula, index);
      formulas.push({
        formulaId: formula.id,
        money: await priceFormulaChange(deps, library, { snapshot: request.snapshot, setup, formula, index, top: request.top }),
      });
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      formulas.push({ formulaId, error: error.describe() });
    }
  }
  return { setup: { name: stored.name, version: stored.version }, formulas };
}
