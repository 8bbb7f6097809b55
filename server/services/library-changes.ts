/**
 * What an update of followed libraries brings, in full: the upstream change (versions, SQL and
 * fixture diffs; the pin moved unless only looking), and on a snapshot of the workspace what it
 * does — each formula's result diff in the statistic's units and, with a billing setup, in money.
 * `billing library update` and the workbench's Library view both ask here.
 */
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { type ResultChange, upstreamResults } from './library-results.ts';
import { type UpstreamMoney, upstreamMoney } from './library-money.ts';
import { type LibraryUpdate, updateLibraries } from './library-subscriptions.ts';
import type { FormulaSet } from './scenario-formulas.ts';
import type { WhatIfDeps } from './what-if.ts';

export interface LibraryChangesRequest {
  /** One followed library, else all of them. */
  readonly name?: string;
  /** Only show; keep the pin. */
  readonly look: boolean;
  readonly snapshot?: string;
  /** A setup to price with (its latest approved version); needs a snapshot. */
  readonly setup?: string;
  /** Accounts listed per formula in the money diff. */
  readonly top: number;
  readonly now?: () => Date;
}

export interface LibraryChanges {
  readonly update: LibraryUpdate;
  readonly results?: readonly ResultChange[];
  readonly money?: UpstreamMoney;
}

export type LibraryChangesDeps = Omit<WhatIfDeps, 'documents' | 'resolveSwaps'> & {
  /** The workspace's database: the setup's approved version is read from it (only with a setup). */
  readonly db?: Database;
  /** The formulas the workspace computes with now. */
  readonly library: FormulaSet;
};

/**
 * @example (await libraryChanges(deps, workspace, { name: 'community', look: true, snapshot: '2026-10-demo', setup: 'standard', top: 20 }))[0].money?.formulas[0]
 */
export async function libraryChanges(deps: LibraryChangesDeps, workspace: Workspace, request: LibraryChangesRequest): Promise<LibraryChanges[]> {
  const { snapshot, setup } = request;
  if (setup !== undefined && snapshot === undefined) throw new ApiError(400, 'bad_request', 'a setup prices on a snapshot: name the snapshot too', 'setup');
  const updates = await updateLibraries(workspace, {
    ...(request.name !== undefined ? { name: request.name } : {}),
    look: request.look,
    ...(request.now ? { now: request.now } : {}),
  });
  const changes: LibraryChanges[] = [];
  for (const update of updates) {
    if (snapshot === undefined || update.formulas.length === 0) {
      changes.push({ update });
      continue;
    }
    const results = await upstreamResults(workspace, update, snapshot, { library: deps.library, snapshots: deps.snapshots });
    if (setup === undefined) {
      changes.push({ update, results });
      continue;
    }
    if (!deps.db) throw new Error('pricing an update needs the workspace database');
    const money = await upstreamMoney({ ...deps, db: deps.db }, deps.library, workspace, update, { snapshot, setup, top: request.top });
    changes.push({ update, results, money });
  }
  return changes;
}
