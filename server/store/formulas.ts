/**
 * Formula versions, drafts, reviews and releases.
 *
 *   draft (editing) -> in_review -> approved (an immutable, content-hashed version) -> promoted
 *   (into a release) -> retired (a later release leaves it out)
 *
 * A draft carries a revision number: an update names the revision it was made from, and a stale
 * one is refused with 409, so two people editing the same draft never overwrite each other.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { Database, Row, Transaction } from './database.ts';

export interface FormulaVersion {
  readonly versionId: string;
  readonly formulaId: string;
  readonly number: number;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

export type DraftStatus = 'editing' | 'in_review' | 'approved' | 'withdrawn';

export interface Draft {
  readonly draftId: number;
  readonly formulaId: string;
  readonly baseVersion: string | null;
  readonly text: string;
  readonly revision: number;
  readonly author: string;
  readonly status: DraftStatus;
  readonly approvedVersion: string | null;
}

export interface Release {
  readonly releaseId: number;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** formula id -> version id */
  readonly items: ReadonlyMap<string, string>;
}

const at = (now: Date) => now.toISOString();
const TIME = `strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g')`;

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
  const [existing] = await tx.all(`SELECT *, ${TIME} AS created FROM formula_versions WHERE version_id = $id`, { id: versionId });
  if (existing) return toVersion(existing);
  const [numberRow] = await tx.all('SELECT coalesce(max(number), 0) + 1 AS n FROM formula_versions WHERE formula_id = $f', { f: formulaId });
  const number = Number(numberRow?.n ?? 1);
  await tx.run('INSERT INTO formula_versions VALUES ($id, $f, $n, $text, $author, $at::TIMESTAMP, $parent)', {
    id: versionId,
    f: formulaId,
    n: number,
    text,
    author,
    at: at(now),
    parent,
  });
  return { versionId, formulaId, number, text, author, createdAt: at(now) };
}

export async function getVersion(db: Database | Transaction, versionId: string): Promise<FormulaVersion> {
  const [row] = await db.all(`SELECT *, ${TIME} AS created FROM formula_versions WHERE version_id = $id`, { id: versionId });
  if (!row) throw new ApiError(404, 'not_found', `no formula version ${versionId}`);
  return toVersion(row);
}

export async function listVersions(db: Database, formulaId: string): Promise<FormulaVersion[]> {
  return (await db.all(`SELECT *, ${TIME} AS created FROM formula_versions WHERE formula_id = $f ORDER BY number`, { f: formulaId })).map(toVersion);
}

/** The newest release, the one billing uses. */
export async function activeRelease(db: Database | Transaction): Promise<Release> {
  const [row] = await db.all(`SELECT release_id, name, ${TIME} AS created, created_by FROM releases ORDER BY release_id DESC LIMIT 1`);
  if (!row) throw new ApiError(503, 'no_release', 'the workspace has no formula release yet');
  return releaseFrom(db, row);
}

export async function getRelease(db: Database, releaseId: number): Promise<Release> {
  const [row] = await db.all(`SELECT release_id, name, ${TIME} AS created, created_by FROM releases WHERE release_id = $id`, { id: releaseId });
  if (!row) throw new ApiError(404, 'not_found', `no release ${releaseId}`);
  return releaseFrom(db, row);
}

export async function listReleases(db: Database): Promise<{ releaseId: number; name: string; createdAt: string; createdBy: string }[]> {
  return (await db.all(`SELECT release_id, name, ${TIME} AS created, created_by FROM releases ORDER BY release_id`)).map((row) => ({
    releaseId: Number(row.release_id),
    name: String(row.name),
    createdAt: String(row.created),
    createdBy: String(row.created_by),
  }));
}

/** A new release: the active one with `changes` (formula -> version, or null to leave a formula out). */
export async function createRelease(
  tx: Transaction,
  name: string,
  changes: ReadonlyMap<string, string | null>,
  actor: string,
  now: Date,
  reason?: string,
): Promise<Release> {
  const [clash] = await tx.all('SELECT 1 FROM releases WHERE name = $name', { name });
  if (clash) throw new ApiError(409, 'release_exists', `a release named ${name} already exists`, 'name');
  const parent = await tx.all('SELECT max(release_id) AS id FROM releases');
  const items = new Map(parent[0]?.id === null || parent[0]?.id === undefined ? [] : (await activeRelease(tx)).items);
  for (const [formulaId, versionId] of changes) {
    if (versionId === null) items.delete(formulaId);
    else items.set(formulaId, versionId);
  }
  const [row] = await tx.all(`INSERT INTO releases VALUES (nextval('ids'), $name, $at::TIMESTAMP, $actor, $parent) RETURNING release_id`, {
    name,
    at: at(now),
    actor,
    parent: (parent[0]?.id as number | null) ?? null,
  });
  const releaseId = Number(row?.release_id);
  for (const [formulaId, versionId] of items) await tx.run('INSERT INTO release_items VALUES ($r, $f, $v)', { r: releaseId, f: formulaId, v: versionId });
  await appendAudit(
    tx,
    { actor, action: 'release.create', target: `release:${name}`, detail: Object.fromEntries(changes), ...(reason ? { reason } : {}) },
    now,
  );
  return { releaseId, name, createdAt: at(now), createdBy: actor, items };
}

export async function createDraft(tx: Transaction, formulaId: string, text: string, baseVersion: string | null, author: string, now: Date): Promise<Draft> {
  const [row] = await tx.all(`INSERT INTO drafts VALUES (nextval('ids'), $f, $base, $text, 1, $author, 'editing', $at::TIMESTAMP, NULL) RETURNING draft_id`, {
    f: formulaId,
    base: baseVersion,
    text,
    author,
    at: at(now),
  });
  await appendAudit(
    tx,
    { actor: author, action: 'draft.create', target: `formula:${formulaId}`, detail: { draft: Number(row?.draft_id), base: baseVersion } },
    now,
  );
  return getDraft(tx, Number(row?.draft_id));
}

export async function getDraft(db: Database | Transaction, draftId: number): Promise<Draft> {
  const [row] = await db.all('SELECT * FROM drafts WHERE draft_id = $id', { id: draftId });
  if (!row) throw new ApiError(404, 'not_found', `no draft ${draftId}`);
  return {
    draftId: Number(row.draft_id),
    formulaId: String(row.formula_id),
    baseVersion: (row.base_version as string | null) ?? null,
    text: String(row.text),
    revision: Number(row.revision),
    author: String(row.author),
    status: String(row.status) as DraftStatus,
    approvedVersion: (row.approved_version as string | null) ?? null,
  };
}

/** Changes a draft's text if it is still at `expectedRevision`; 409 otherwise. */
export async function updateDraft(tx: Transaction, draftId: number, text: string, expectedRevision: number, actor: string, now: Date): Promise<Draft> {
  const draft = await getDraft(tx, draftId);
  if (draft.status !== 'editing')
    throw new ApiError(409, 'draft_not_editable', `draft ${draftId} is ${draft.status.replace('_', ' ')}; only a draft being edited can change`);
  if (draft.revision !== expectedRevision) {
    throw new ApiError(
      409,
      'edit_conflict',
      `draft ${draftId} changed since revision ${expectedRevision} (it is at revision ${draft.revision}); reload it and apply your change again`,
      'revision',
    );
  }
  await tx.run('UPDATE drafts SET text = $text, revision = revision + 1, updated_at = $at::TIMESTAMP WHERE draft_id = $id', { text, at: at(now), id: draftId });
  await appendAudit(tx, { actor, action: 'draft.update', target: `draft:${draftId}`, detail: { revision: expectedRevision + 1 } }, now);
  return getDraft(tx, draftId);
}

export async function setDraftStatus(
  tx: Transaction,
  draftId: number,
  from: DraftStatus,
  to: DraftStatus,
  actor: string,
  now: Date,
  extra: { approvedVersion?: string } = {},
): Promise<Draft> {
  const draft = await getDraft(tx, draftId);
  if (draft.status !== from) throw new ApiError(409, 'wrong_state', `draft ${draftId} is ${draft.status.replace('_', ' ')}, not ${from.replace('_', ' ')}`);
  await tx.run('UPDATE drafts SET status = $to, approved_version = coalesce($v, approved_version), updated_at = $at::TIMESTAMP WHERE draft_id = $id', {
    to,
    v: extra.approvedVersion ?? null,
    at: at(now),
    id: draftId,
  });
  await appendAudit(tx, { actor, action: `draft.${to}`, target: `draft:${draftId}`, detail: { formula: draft.formulaId, ...extra } }, now);
  return getDraft(tx, draftId);
}

export async function addReview(
  tx: Transaction,
  draft: Draft,
  reviewer: string,
  verdict: 'approve' | 'comment',
  comment: string | null,
  now: Date,
): Promise<void> {
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

export async function listReviews(db: Database | Transaction, draftId: number) {
  return (await db.all(`SELECT reviewer, verdict, comment, revision, ${TIME} AS created FROM reviews WHERE draft_id = $d ORDER BY id`, { d: draftId })).map(
    (row) => ({
      reviewer: String(row.reviewer),
      verdict: String(row.verdict),
      comment: (row.comment as string | null) ?? null,
      revision: Number(row.revision),
      createdAt: String(row.created),
    }),
  );
}

async function releaseFrom(db: Database | Transaction, row: Row): Promise<Release> {
  const items = await db.all('SELECT formula_id, version_id FROM release_items WHERE release_id = $id', { id: row.release_id as number });
  return {
    releaseId: Number(row.release_id),
    name: String(row.name),
    createdAt: String(row.created),
    createdBy: String(row.created_by),
    items: new Map(items.map((item) => [String(item.formula_id), String(item.version_id)])),
  };
}

function toVersion(row: Row): FormulaVersion {
  return {
    versionId: String(row.version_id),
    formulaId: String(row.formula_id),
    number: Number(row.number),
    text: String(row.text),
    author: String(row.author),
    createdAt: String(row.created),
  };
}
