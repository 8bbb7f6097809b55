/**
 * New formula releases: approved drafts promoted into one, or one without a retired formula. The
 * caller then reloads the active library (`ctx.library()` on the server), which publishes the new
 * release for the command line.
 */
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { createRelease, getDraft, type Release } from '../store/formulas.ts';

export interface ReleaseDeps {
  readonly db: Database;
  readonly now: () => Date;
}

/**
 * A release with the approved versions of `drafts` in place; any draft not approved refuses it all.
 * @example await promoteDrafts(deps, 'carol', { name: '2026-11', drafts: [41, 42] }) // { name: '2026-11', items: Map(…) }
 */
export async function promoteDrafts(
  deps: ReleaseDeps,
  actor: string,
  promotion: { readonly name: string; readonly drafts: readonly number[]; readonly reason?: string | undefined },
): Promise<Release> {
  return deps.db.transaction(async (tx) => {
    const changes = new Map<string, string>();
    for (const id of promotion.drafts) {
      const draft = await getDraft(tx, id);
      if (draft.status !== 'approved' || !draft.approvedVersion)
        throw new ApiError(409, 'not_approved', `draft ${id} is ${draft.status.replace('_', ' ')}; only approved drafts can be promoted`, 'drafts');
      changes.set(draft.formulaId, draft.approvedVersion);
    }
    return createRelease(tx, promotion.name, changes, actor, deps.now(), promotion.reason);
  });
}

/**
 * A release without formula `id` (of the active release, any case), named `release`, with why.
 * @example await retireFormula(deps, library, 'carol', 'OldCalls', { release: '2026-12', reason: 'no client uses it' })
 */
export async function retireFormula(
  deps: ReleaseDeps,
  library: ActiveLibrary,
  actor: string,
  id: string,
  retirement: { readonly release: string; readonly reason: string },
): Promise<Release> {
  const formula = library.index.get(id.toLowerCase());
  if (!formula) throw new ApiError(404, 'not_found', `no formula ${id} in release ${library.release.name}`);
  return deps.db.transaction((tx) => createRelease(tx, retirement.release, new Map([[formula.id, null]]), actor, deps.now(), retirement.reason));
}
