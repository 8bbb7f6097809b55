/**
 * Formula versions, drafts, reviews and releases.
 *
 *   draft (editing) -> in_review -> approved (an immutable, content-hashed version) -> promoted
 *   (into a release) -> retired (a later release leaves it out)
 *
 * A draft carries a revision number: an update names the revision it was made from, and a stale
 * one is refused with `edit_conflict`, so two people editing the same draft never overwrite each other.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from './audit.ts';
import { type Database, numberOf, type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';

export interface FormulaVersion {
  readonly versionId: string;
  readonly formulaId: string;
  readonly number: number;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
  /** The version it was edited from; null for a formula's first version. */
  readonly parent: string | null;
}

export const DRAFT_STATUSES = ['editing', 'in_review', 'approved', 'withdrawn'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface Draft {
  readonly draftId: number;
  readonly formulaId: string;
  readonly baseVersion: string | null;
  readonly text: string;
  readonly revision: number;
  readonly author: string;
  readonly status: DraftStatus;
  readonly updatedAt: string;
  readonly approvedVersion: string | null;
}

export interface Review {
  readonly reviewer: string;
  readonly verdict: 'approve' | 'comment';
  readonly comment: string | null;
  /** The draft's revision the review is about. */
  readonly revision: number;
  readonly createdAt: string;
}

/** A release as listed: what a `releases` row holds. */
export interface ReleaseInfo {
  readonly releaseId: number;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Release extends ReleaseInfo {
  /** formula id -> version id */
  readonly items: ReadonlyMap<string, string>;
}

export interface ReleaseSummary extends ReleaseInfo {
  /** How many formulas it holds. */
  readonly formulas: number;
}

/** A `formula_versions` row. */
export const versionFromRow = rowMapping(
  z.object({
    version_id: z.string(),
    formula_id: z.string(),
    number: z.number(),
    text: z.string(),
    author: z.string(),
    created_at: timestamp,
    parent: z.string().nullable(),
  }),
  (row): FormulaVersion => ({
    versionId: row.version_id,
    formulaId: row.formula_id,
    number: row.number,
    text: row.text,
    author: row.author,
    createdAt: row.created_at,
    parent: row.parent,
  }),
);

/** A `drafts` row. */
export const draftFromRow = rowMapping(
  z.object({
    draft_id: z.number(),
    formula_id: z.string(),
    base_version: z.string().nullable(),
    text: z.string(),
    revision: z.number(),
    author: z.string(),
    status: z.enum(DRAFT_STATUSES),
    updated_at: timestamp,
    approved_version: z.string().nullable(),
  }),
  (row): Draft => ({
    draftId: row.draft_id,
    formulaId: row.formula_id,
    baseVersion: row.base_version,
    text: row.text,
    revision: row.revision,
    author: row.author,
    status: row.status,
    updatedAt: row.updated_at,
    approvedVersion: row.approved_version,
  }),
);

/** A `reviews` row. */
export const reviewFromRow = rowMapping(
  z.object({ reviewer: z.string(), verdict: z.enum(['approve', 'comment']), comment: z.string().nullable(), revision: z.number(), created_at: timestamp }),
  (row): Review => ({ reviewer: row.reviewer, verdict: row.verdict, comment: row.comment, revision: row.revision, createdAt: row.created_at }),
);

/** A `releases` row. */
export const releaseFromRow = rowMapping(
  z.object({ release_id: z.number(), name: z.string(), created_at: timestamp, created_by: z.string() }),
  (row): ReleaseInfo => ({ releaseId: row.release_id, name: row.name, createdAt: row.created_at, createdBy: row.created_by }),
);

/** A `release_items` row, as a map entry: formula id -> version id. */
export const releaseItemFromRow = rowMapping(z.object({ formula_id: z.string(), version_id: z.string() }), (row): [string, string] => [
  row.formula_id,
  row.version_id,
]);

/** What `listReleaseSummaries` adds to a `releases` row (count(*) is a BIGINT, given as text). */
const formulaCount = z.object({ formulas: z.coerce.number() });

const at = (now: Date) => now.toISOString();

export function versionIdOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Records a version (or finds the same text already recorded for the formula). */
export async function addVersion(
  tx: Transaction,
  formulaId: string,
  text: string,
  author: string,
  now: Date,
  parent: string | null = null,
): Promise<FormulaVersion> {
  const versionId = versionIdOf(`${formulaId}\n${text}`);
  const [existing] = await tx.all('SELECT * FROM formula_versions WHERE version_id = $id', { id: versionId });
  if (existing) return versionFromRow(existing);
  const number = 1 + (await numberOf(tx, 'SELECT max(number) AS n FROM formula_versions WHERE formula_id = $f', { f: formulaId }));
  const [row] = await tx.all('INSERT INTO formula_versions VALUES ($id, $f, $n, $text, $author, $at::TIMESTAMP, $parent) RETURNING *', {
    id: versionId,
    f: formulaId,
    n: number,
    text,
    author,
    at: at(now),
    parent,
  });
  return versionFromRow(row ?? {});
}

export async function getVersion(db: Reader, versionId: string): Promise<FormulaVersion> {
  const [row] = await db.all('SELECT * FROM formula_versions WHERE version_id = $id', { id: versionId });
  if (!row) throw new WorkspaceError('not_found', `no formula version ${versionId}`);
  return versionFromRow(row);
}

/** Every version of a formula, oldest first. */
export async function listVersions(db: Database, formulaId: string): Promise<FormulaVersion[]> {
  return (await db.all('SELECT * FROM formula_versions WHERE formula_id = $f ORDER BY number', { f: formulaId })).map(versionFromRow);
}

/** The newest release, the one billing uses. */
export async function activeRelease(db: Reader): Promise<Release> {
  const [row] = await db.all('SELECT * FROM releases ORDER BY release_id DESC LIMIT 1');
  if (!row) throw new WorkspaceError('no_release', 'the workspace has no formula release yet');
  return withItems(db, releaseFromRow(row));
}

export async function getRelease(db: Reader, releaseId: number): Promise<Release> {
  const [row] = await db.all('SELECT * FROM releases WHERE release_id = $id', { id: releaseId });
  if (!row) throw new WorkspaceError('not_found', `no release ${releaseId}`);
  return withItems(db, releaseFromRow(row));
}

/**
 * Every release, oldest first (the newest bills), with how many formulas each holds.
 *
 * @example (await listReleaseSummaries(db))[0] // { releaseId: 2, name: 'shipped-0.1.0', createdBy: 'system', formulas: 48, ... }
 */
export async function listReleaseSummaries(db: Reader): Promise<ReleaseSummary[]> {
  const rows = await db.all(
    'SELECT *, (SELECT count(*) FROM release_items i WHERE i.release_id = r.release_id) AS formulas FROM releases r ORDER BY release_id',
  );
  return rows.map((row) => ({ ...releaseFromRow(row), formulas: formulaCount.parse(row).formulas }));
}

/** A new release: the active one with `changes` (formula -> version, or null to leave a formula out). */
/** Whether a release of this name exists. */
export async function releaseNamed(db: Reader, name: string): Promise<boolean> {
  return (await numberOf(db, 'SELECT count(*) AS n FROM releases WHERE name = $name', { name })) > 0;
}

export async function createRelease(
  tx: Transaction,
  name: string,
  changes: ReadonlyMap<string, string | null>,
  actor: string,
  now: Date,
  reason?: string,
): Promise<Release> {
  if (await releaseNamed(tx, name)) throw new WorkspaceError('release_exists', `a release named ${name} already exists`, 'name');
  const [parent] = await tx.all('SELECT * FROM releases ORDER BY release_id DESC LIMIT 1');
  const parentRelease = parent ? await withItems(tx, releaseFromRow(parent)) : undefined;
  const items = new Map(parentRelease?.items);
  for (const [formulaId, versionId] of changes) {
    if (versionId === null) items.delete(formulaId);
    else items.set(formulaId, versionId);
  }
  const [row] = await tx.all(`INSERT INTO releases VALUES (nextval('ids'), $name, $at::TIMESTAMP, $actor, $parent) RETURNING *`, {
    name,
    at: at(now),
    actor,
    parent: parentRelease?.releaseId ?? null,
  });
  const release = releaseFromRow(row ?? {});
  for (const [formulaId, versionId] of items)
    await tx.run('INSERT INTO release_items VALUES ($r, $f, $v)', { r: release.releaseId, f: formulaId, v: versionId });
  await appendAudit(
    tx,
    { actor, action: 'release.create', target: `release:${name}`, detail: Object.fromEntries(changes), ...(reason ? { reason } : {}) },
    now,
  );
  return { ...release, items };
}

export async function createDraft(tx: Transaction, formulaId: string, text: string, baseVersion: string | null, author: string, now: Date): Promise<Draft> {
  const [row] = await tx.all(`INSERT INTO drafts VALUES (nextval('ids'), $f, $base, $text, 1, $author, 'editing', $at::TIMESTAMP, NULL) RETURNING *`, {
    f: formulaId,
    base: baseVersion,
    text,
    author,
    at: at(now),
  });
  const draft = draftFromRow(row ?? {});
  await recordEditor(tx, draft.draftId, author, 1, now);
  await appendAudit(tx, { actor: author, action: 'draft.create', target: `formula:${formulaId}`, detail: { draft: draft.draftId, base: baseVersion } }, now);
  return draft;
}

export async function getDraft(db: Reader, draftId: number): Promise<Draft> {
  const [row] = await db.all('SELECT * FROM drafts WHERE draft_id = $id', { id: draftId });
  if (!row) throw new WorkspaceError('not_found', `no draft ${draftId}`);
  return draftFromRow(row);
}

/**
 * Drafts, newest first; with a status, only those in it.
 *
 * @example await listDrafts(db, { status: 'in_review' }) // [{ draftId: 41, formulaId: 'MsgDlvrd', status: 'in_review', ... }]
 */
export async function listDrafts(db: Reader, { status }: { status?: DraftStatus | undefined } = {}): Promise<Draft[]> {
  return (await db.all('SELECT * FROM drafts WHERE $status IS NULL OR status = $status ORDER BY draft_id DESC', { status: status ?? null })).map(draftFromRow);
}

/** Changes a draft's text if it is still at `expectedRevision`; `edit_conflict` otherwise. */
export async function updateDraft(tx: Transaction, draftId: number, text: string, expectedRevision: number, actor: string, now: Date): Promise<Draft> {
  const draft = await getDraft(tx, draftId);
  if (draft.status !== 'editing')
    throw new WorkspaceError('draft_not_editable', `draft ${draftId} is ${statusName(draft.status)}; only a draft being edited can change`);
  if (draft.revision !== expectedRevision) {
    throw new WorkspaceError(
      'edit_conflict',
      `draft ${draftId} changed since revision ${expectedRevision} (it is at revision ${draft.revision}); reload it and apply your change again`,
      'revision',
    );
  }
  const [row] = await tx.all('UPDATE drafts SET text = $text, revision = revision + 1, updated_at = $at::TIMESTAMP WHERE draft_id = $id RETURNING *', {
    text,
    at: at(now),
    id: draftId,
  });
  await recordEditor(tx, draftId, actor, expectedRevision + 1, now);
  await appendAudit(tx, { actor, action: 'draft.update', target: `draft:${draftId}`, detail: { revision: expectedRevision + 1 } }, now);
  return draftFromRow(row ?? {});
}

async function recordEditor(tx: Transaction, draftId: number, editor: string, revision: number, now: Date): Promise<void> {
  await tx.run('INSERT INTO draft_editors VALUES ($d, $editor, $revision, $at::TIMESTAMP)', { d: draftId, editor, revision, at: at(now) });
}

/**
 * Everyone who changed a draft's text, its author first: none of them may approve it (the
 * two-person rule), and the version it becomes names them all.
 * @example await draftEditors(db, 41) // ['alice', 'bob']
 */
export async function draftEditors(db: Reader, draftId: number): Promise<string[]> {
  const rows = await db.all('SELECT editor, min(revision) AS first FROM draft_editors WHERE draft_id = $d GROUP BY editor ORDER BY first', { d: draftId });
  return rows.map((row) => editorRow.parse(row).editor);
}

const editorRow = z.object({ editor: z.string() });

/** Records who wrote a version's text (once per name). */
export async function recordVersionEditors(tx: Transaction, versionId: string, editors: readonly string[]): Promise<void> {
  for (const editor of editors) await tx.run('INSERT INTO version_editors VALUES ($v, $editor) ON CONFLICT DO NOTHING', { v: versionId, editor });
}

/** Who wrote a version's text; for a version made before editors were recorded, its author. */
export async function versionEditors(db: Reader, version: Pick<FormulaVersion, 'versionId' | 'author'>): Promise<string[]> {
  const rows = await db.all('SELECT editor FROM version_editors WHERE version_id = $v ORDER BY editor', { v: version.versionId });
  return rows.length > 0 ? rows.map((row) => editorRow.parse(row).editor) : [version.author];
}

export async function setDraftStatus(
  tx: Transaction,
  draftId: number,
  from: DraftStatus,
  to: DraftStatus,
  actor: string,
  now: Date,
  extra: { approvedVersion?: string; editors?: readonly string[] } = {},
): Promise<Draft> {
  const draft = await getDraft(tx, draftId);
  if (draft.status !== from) throw new WorkspaceError('wrong_state', `draft ${draftId} is ${statusName(draft.status)}, not ${statusName(from)}`);
  const [row] = await tx.all(
    'UPDATE drafts SET status = $to, approved_version = coalesce($v, approved_version), updated_at = $at::TIMESTAMP WHERE draft_id = $id RETURNING *',
    { to, v: extra.approvedVersion ?? null, at: at(now), id: draftId },
  );
  await appendAudit(tx, { actor, action: `draft.${to}`, target: `draft:${draftId}`, detail: { formula: draft.formulaId, ...extra } }, now);
  return draftFromRow(row ?? {});
}

export async function addReview(tx: Transaction, draft: Draft, reviewer: string, verdict: Review['verdict'], comment: string | null, now: Date): Promise<void> {
  await tx.run(`INSERT INTO reviews VALUES (nextval('ids'), $d, $rev, $who, $verdict, $comment, $at::TIMESTAMP)`, {
    d: draft.draftId,
    rev: draft.revision,
    who: reviewer,
    verdict,
    comment,
    at: at(now),
  });
  await appendAudit(tx, { actor: reviewer, action: `review.${verdict}`, target: `draft:${draft.draftId}`, ...(comment ? { reason: comment } : {}) }, now);
}

/** A draft's reviews, oldest first. */
export async function listReviews(db: Reader, draftId: number): Promise<Review[]> {
  return (await db.all('SELECT * FROM reviews WHERE draft_id = $d ORDER BY id', { d: draftId })).map(reviewFromRow);
}

/**
 * Who approved a draft, its editors left out (the approval of someone who changed its text never counts).
 *
 * @example (await approversOf(tx, 41, ['alice', 'bob'])).size >= approvalsRequired
 */
export async function approversOf(db: Reader, draftId: number, editors: readonly string[]): Promise<ReadonlySet<string>> {
  const reviews = await db.all(`SELECT * FROM reviews WHERE draft_id = $d AND verdict = 'approve' ORDER BY id`, { d: draftId });
  return new Set(reviews.map((row) => reviewFromRow(row).reviewer).filter((reviewer) => !editors.includes(reviewer)));
}

async function withItems(db: Reader, release: ReleaseInfo): Promise<Release> {
  const items = await db.all('SELECT * FROM release_items WHERE release_id = $id', { id: release.releaseId });
  return { ...release, items: new Map(items.map(releaseItemFromRow)) };
}

const statusName = (status: DraftStatus) => status.replace('_', ' ');
