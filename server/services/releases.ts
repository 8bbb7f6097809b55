/**
 * New formula releases: approved drafts promoted into one, or one without a retired formula. The
 * caller then reloads the active library (`ctx.library()` on the server), which publishes the new
 * release for the command line.
 */
import { EngineError } from '../../engine/errors.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { formulaUsers, type NamedSetup } from '../../engine/runs/formula-usage.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { appendAudit, type AuditRecord, auditFromRow } from '../store/audit.ts';
import type { Database, Reader } from '../store/database.ts';
import { getDocument } from '../store/documents.ts';
import { WorkspaceError } from '../store/errors.ts';
import { createRelease, getDraft, type Release, releaseNamed } from '../store/formulas.ts';
import { listSetups } from './setups.ts';

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

/** A retirement: proposed by one approver, made (a release without the formula) once another confirms it. */
export type Retirement =
  | { readonly status: 'proposed'; readonly formula: string; readonly proposedBy: string; readonly release: null }
  | { readonly status: 'retired'; readonly formula: string; readonly proposedBy: string; readonly release: Release };

/**
 * Retiring formula `id` (of the active release, any case) goes through review, like any change to
 * the library: the first approver's request proposes it (with the release name and why), and the
 * request of another approver confirms it, making a release without it. Refused (409
 * `formula_in_use`) while the Billing Export 200 layout, another formula or a stored billing setup
 * needs it, at either step; the proposer cannot confirm their own proposal (409 `own_proposal`).
 * The proposal and its confirmation are audit entries (`formula.retire.propose`, `.confirm`).
 * @example await retireFormula(deps, library, 'carol', 'OldCalls', { release: '2026-12', reason: 'no client uses it' }) // { status: 'proposed', ... }
 */
export async function retireFormula(
  deps: ReleaseDeps,
  library: ActiveLibrary,
  actor: string,
  id: string,
  retirement: { readonly release: string; readonly reason: string },
): Promise<Retirement> {
  const formula = library.index.get(id.toLowerCase());
  if (!formula) throw new ApiError(404, 'not_found', `no formula ${id} in release ${library.release.name}`);
  const users = formulaUsers(formula.id, library.formulas, await storedSetups(deps.db));
  if (users.length > 0)
    throw new ApiError(409, 'formula_in_use', `formula ${formula.id} cannot be retired while ${users.join('; ')} need${users.length === 1 ? 's' : ''} it`);
  const target = `formula:${formula.id}`;
  return deps.db.transaction(async (tx) => {
    const proposal = await openProposal(tx, target);
    if (!proposal) {
      // Checked now, so a second approver is never asked to confirm a release that cannot be made.
      if (await releaseNamed(tx, retirement.release))
        throw new WorkspaceError('release_exists', `a release named ${retirement.release} exists already: choose another name`, 'release');
      await appendAudit(
        tx,
        { actor, action: 'formula.retire.propose', target, detail: { release: retirement.release }, reason: retirement.reason },
        deps.now(),
      );
      return { status: 'proposed', formula: formula.id, proposedBy: actor, release: null };
    }
    if (proposal.actor === actor) throw new ApiError(409, 'own_proposal', `${actor} proposed retiring ${formula.id}: another approver must confirm it`);
    // What is confirmed is what was proposed: its release name and reason.
    // A release of the proposed name made since the proposal would leave it unconfirmable: the confirmer's name is used then.
    const named = (proposal.detail as { release?: string } | null)?.release;
    const proposed = named !== undefined && !(await releaseNamed(tx, named)) ? named : retirement.release;
    const release = await createRelease(tx, proposed, new Map([[formula.id, null]]), actor, deps.now(), proposal.reason ?? retirement.reason);
    await appendAudit(tx, { actor, action: 'formula.retire.confirm', target, detail: { proposedBy: proposal.actor, release: release.name } }, deps.now());
    return { status: 'retired', formula: formula.id, proposedBy: proposal.actor, release };
  });
}

/** A proposal to retire a formula, waiting for another approver to confirm it. */
export interface OpenRetirement {
  readonly formula: string;
  readonly proposedBy: string;
  /** The name the release without the formula will have. */
  readonly release: string;
  readonly reason: string;
  readonly since: string;
}

/** Every proposal to retire a formula that no confirmation has closed yet, oldest first. */
export async function openRetirements(db: Reader): Promise<OpenRetirement[]> {
  const rows = await db.all(
    `SELECT * FROM audit_log WHERE action LIKE 'formula.retire.%'
     QUALIFY row_number() OVER (PARTITION BY target ORDER BY seq DESC) = 1 ORDER BY seq`,
  );
  return rows
    .map(auditFromRow)
    .filter((record) => record.action === 'formula.retire.propose')
    .map((record) => ({
      formula: record.target.replace(/^formula:/, ''),
      proposedBy: record.actor,
      release: (record.detail as { release?: string } | null)?.release ?? '',
      reason: record.reason ?? '',
      since: record.at,
    }));
}

/** The proposal to retire a formula that no confirmation has closed yet, if any. */
async function openProposal(db: Reader, target: string): Promise<AuditRecord | undefined> {
  const [row] = await db.all(`SELECT * FROM audit_log WHERE target = $target AND action LIKE 'formula.retire.%' ORDER BY seq DESC LIMIT 1`, { target });
  const last = row ? auditFromRow(row) : undefined;
  return last?.action === 'formula.retire.propose' ? last : undefined;
}

/**
 * Every stored billing setup as runs would bill with it (its latest approved version) and as it is
 * being edited (its latest); a version that no longer parses needs nothing.
 */
async function storedSetups(db: Database): Promise<NamedSetup[]> {
  const setups: NamedSetup[] = [];
  for (const { name, version, approvedVersion } of await listSetups({ db })) {
    for (const number of new Set([version, approvedVersion ?? version])) {
      try {
        setups.push({ name, setup: parseSetupFile((await getDocument(db, 'setup', name, number)).text, `${name}.yaml`) });
      } catch (error) {
        // Saving checks a setup; one stored before a rule changed is reported where it is used.
        if (!(error instanceof EngineError)) throw error;
      }
    }
  }
  return setups;
}
