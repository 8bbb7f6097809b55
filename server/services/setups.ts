/**
 * Billing setups, whoever asks: a setup text checked against the snapshot's clients and the active
 * release (as the user types, and on save, where an error refuses the version), versions saved,
 * submitted for review and approved or rejected by a second person, and the approved version a
 * billing run must use. Every setup version needs approval before billing: a version changes the
 * text that prices invoices, and whether a change moves money is not for the author to decide.
 */
import { EngineError } from '../../engine/errors.ts';
import { listClients } from '../../engine/rating/clients.ts';
import { type SetupContext, type SetupProblem, validateSetup } from '../../engine/rating/setup-validation.ts';
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getDocument, listDocuments, listDocumentVersions, type StoredDocument, saveDocument } from '../store/documents.ts';
import { WorkspaceError } from '../store/errors.ts';
import { addSetupReview, listSetupReviews, type SetupReviewEvent } from '../store/setup-reviews.ts';
import type { DocumentSource } from './documents.ts';
import { type ReviewState, reviewOf, type VersionReview } from './setup-review-state.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';
import { pathNumber } from './path-number.ts';

export interface SetupDeps {
  readonly db: Database;
  readonly now: () => Date;
  readonly workspace: Workspace;
  readonly snapshots: SnapshotSessions;
  readonly library: () => Promise<ActiveLibrary>;
}

/** A setup that does not validate: the first error is the problem's location, `problems` lists every error. */
export class InvalidSetup extends EngineError {
  readonly problems: readonly SetupProblem[];
  constructor(name: string, problems: readonly SetupProblem[]) {
    const first = problems[0] as SetupProblem;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super('file_field', `setup ${name}: ${first.message}${more}`, { file: first.file, line: first.line, column: first.column, field: first.field });
    this.problems = problems;
  }
}

export type SetupVersion = StoredDocument & VersionReview;
export type SetupVersionSummary = Omit<StoredDocument, 'text'> & VersionReview;

/**
 * What a setup is checked against: the clients of `snapshot` (the newest snapshot when not named;
 * none when the workspace has no snapshot) and the active release's formulas.
 */
export async function setupContext(deps: SetupDeps, snapshot?: string): Promise<SetupContext & { readonly snapshot: string | null }> {
  const formulas = (await deps.library()).formulas.map((formula) => formula.id);
  const chosen = snapshot ?? [...listSnapshots(deps.workspace)].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id;
  if (!chosen) return { snapshot: null, formulas };
  const clients = await deps.snapshots.use(chosen, ({ sandbox }) => listClients(sandbox));
  return { snapshot: chosen, formulas, clients };
}

/**
 * What a setup may name, for the editor's pickers: the snapshot's clients and billing codes, and the
 * statistics the active release computes.
 * @example await setupChoices(deps, '2026-10-demo') // { clients: [{ clientNumber: '1001', ... }], billingCodes: ['BC001001', ...], statistics: [{ id: 'SecCalls', ... }] }
 */
export async function setupChoices(deps: SetupDeps, snapshot: string) {
  const clients = await deps.snapshots.use(snapshot, ({ sandbox }) => listClients(sandbox));
  const statistics = (await deps.library()).formulas.map((formula) => ({ id: formula.id, title: formula.title, unit: formula.unit }));
  return {
    snapshot,
    clients: clients.map(({ clientNumber, name, billingCode }) => ({ clientNumber, name, billingCode })),
    billingCodes: [...new Set(clients.map((client) => client.billingCode).filter((code) => code !== ''))].sort(),
    statistics: statistics.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/**
 * Every problem of a setup text, errors and warnings, against a snapshot's clients and the release.
 * @example await checkSetup(deps, 'standard', text) // { snapshot: '2026-10-demo', problems: [{ severity: 'error', field: 'assignments.1.scope.client', ... }] }
 */
export async function checkSetup(
  deps: SetupDeps,
  name: string,
  text: string,
  snapshot?: string,
): Promise<{ snapshot: string | null; problems: SetupProblem[] }> {
  const context = await setupContext(deps, snapshot);
  return { snapshot: context.snapshot, problems: validateSetup(text, `${name}.yaml`, context) };
}

/**
 * A new version of a setup: refused with every error when it does not validate, else saved (its
 * review state `draft`) with the warnings. `expected` is the version edited (0 for a new setup).
 * @example await saveSetupVersion(deps, 'alice', { name: 'standard', text, expected: 1 }) // { document: { version: 2, ... }, warnings: [] }
 */
export async function saveSetupVersion(
  deps: SetupDeps,
  author: string,
  request: { readonly name: string; readonly text: string; readonly expected: number },
): Promise<{ document: SetupVersion; warnings: SetupProblem[] }> {
  const { problems } = await checkSetup(deps, request.name, request.text);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new InvalidSetup(request.name, errors);
  const saved = await deps.db.transaction((tx) => saveDocument(tx, 'setup', request.name, request.text, request.expected, author, deps.now()));
  return { document: { ...saved, state: 'draft', reviews: [], editors: [author] }, warnings: problems };
}

/** Each setup: its latest version and that version's review state, and the version billing runs use (the latest approved). */
export async function listSetups(
  deps: Pick<SetupDeps, 'db'>,
): Promise<{ name: string; version: number; state: ReviewState; approvedVersion: number | null }[]> {
  const setups = [];
  for (const { name } of await listDocuments(deps.db, 'setup')) {
    const versions = await listSetupVersions(deps, name);
    const latest = versions.at(-1) as SetupVersionSummary;
    const approved = versions.filter((v) => v.state === 'approved').at(-1);
    setups.push({ name, version: latest.version, state: latest.state, approvedVersion: approved?.version ?? null });
  }
  return setups;
}

/**
 * A setup version's number from the text of a path; anything else names no version.
 * @example setupVersionNumber('standard', '3') // 3
 */
export function setupVersionNumber(name: string, text: string): number {
  const version = pathNumber(text);
  if (version === undefined || version < 1) throw new WorkspaceError('not_found', `no setup ${name} version ${text.slice(0, 40)}`);
  return version;
}

/** Every version of a setup with its review state, oldest first. */
export async function listSetupVersions(deps: Pick<SetupDeps, 'db'>, name: string): Promise<SetupVersionSummary[]> {
  const versions = await listDocumentVersions(deps.db, 'setup', name);
  if (versions.length === 0) throw new WorkspaceError('not_found', `no setup ${name}`);
  const events = await listSetupReviews(deps.db, name);
  return versions.map((version) => ({ ...version, ...reviewOf(version.version, versions, events) }));
}

/** A setup's version (the latest when not given) with its review state. */
export async function showSetupVersion(deps: Pick<SetupDeps, 'db'>, name: string, version?: number): Promise<SetupVersion> {
  const document = await getDocument(deps.db, 'setup', name, version);
  const versions = await listDocumentVersions(deps.db, 'setup', name);
  return { ...document, ...reviewOf(document.version, versions, await listSetupReviews(deps.db, name)) };
}

/** Sends a saved version to review; it must still validate. */
export async function submitSetup(deps: SetupDeps, actor: string, name: string, version: number): Promise<SetupVersion> {
  const current = await showSetupVersion(deps, name, version);
  mustBeIn(current, 'draft', 'submitted');
  await mustValidate(deps, current);
  await deps.db.transaction((tx) => addSetupReview(tx, { name, version, actor, action: 'submit' }, deps.now()));
  return showSetupVersion(deps, name, version);
}

/**
 * Approves or rejects a version in review: by an approver who neither wrote this version nor any
 * version since the last approved one (they made the change under review). An approval needs the
 * version to validate still; a rejection needs a comment saying why.
 * @example await reviewSetup(deps, 'bob', 'standard', 2, { verdict: 'approve' }) // { state: 'approved', ... }
 */
export async function reviewSetup(
  deps: SetupDeps,
  reviewer: string,
  name: string,
  version: number,
  review: { readonly verdict: 'approve' | 'reject'; readonly comment?: string | undefined },
): Promise<SetupVersion> {
  const current = await showSetupVersion(deps, name, version);
  mustBeIn(current, 'in_review', review.verdict === 'approve' ? 'approved' : 'rejected');
  if (current.editors.includes(reviewer))
    throw new ApiError(
      403,
      'own_change',
      `${reviewer} made this change to setup ${name} (versions by ${current.editors.join(', ')}); another approver must review it`,
    );
  if (review.verdict === 'approve') await mustValidate(deps, current);
  else if (!review.comment?.trim()) throw new ApiError(400, 'bad_request', 'say why the version is rejected', 'comment');
  await deps.db.transaction((tx) =>
    addSetupReview(tx, { name, version, actor: reviewer, action: review.verdict, comment: review.comment?.trim() || null }, deps.now()),
  );
  return showSetupVersion(deps, name, version);
}

/**
 * The setup version a billing run may use: the latest approved one, or the version named (which
 * must be approved). `setup_not_approved` (409) says what to do otherwise.
 * @example await requireApprovedSetup(db, 'standard') // { version: 3, text: '…', state: 'approved', ... }
 */
export async function requireApprovedSetup(db: Database, name: string, version?: number): Promise<SetupVersion> {
  const versions = await listSetupVersions({ db }, name);
  const approved = versions.filter((v) => v.state === 'approved');
  const chosen = version === undefined ? approved.at(-1) : approved.find((v) => v.version === version);
  if (!chosen) {
    const named = version === undefined ? undefined : versions.find((v) => v.version === version);
    if (version !== undefined && !named) throw new WorkspaceError('not_found', `no setup ${name} version ${version}`);
    const why = named
      ? `setup ${name} version ${version} is ${stateText(named.state)}, not approved`
      : `setup ${name} has no approved version (the latest, ${versions.at(-1)?.version}, is ${stateText(versions.at(-1)?.state ?? 'draft')})`;
    throw new ApiError(
      409,
      'setup_not_approved',
      `${why}; a billing run uses an approved version: submit it for review and have an approver approve it`,
      'setup',
    );
  }
  return showSetupVersion({ db }, name, chosen.version);
}

/**
 * Stored documents for a billing run: a setup is its approved version (`name`, or `name@3` for a
 * version named); scenarios are their latest version. The server's runs read setups through this.
 */
export function approvedSetups(db: Database, scenarios: DocumentSource): DocumentSource {
  return async (kind, reference) => {
    if (kind !== 'setup') return scenarios(kind, reference);
    const [name = reference, version] = reference.split('@');
    const document = await requireApprovedSetup(db, name, version === undefined ? undefined : Number(version));
    return { text: document.text, file: `${name}.yaml`, label: `${name}@${document.version}` };
  };
}

function mustBeIn(version: SetupVersion, state: ReviewState, next: string): void {
  if (version.state !== state)
    throw new WorkspaceError(
      'wrong_state',
      `setup ${version.name} version ${version.version} is ${stateText(version.state)}; only a version ${stateText(state)} can be ${next}`,
    );
}

async function mustValidate(deps: SetupDeps, version: SetupVersion): Promise<void> {
  const { problems } = await checkSetup(deps, version.name, version.text);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new InvalidSetup(version.name, errors);
}

function stateText(state: ReviewState): string {
  return { draft: 'not submitted', in_review: 'in review', approved: 'approved', rejected: 'rejected' }[state];
}

export type { SetupReviewEvent };
