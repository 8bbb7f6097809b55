/** The append-only audit log: who did what, to what, when and why. Nothing ever updates or deletes a row. */
import { z } from 'zod';
import { type Database, rowMapping, timestamp, type Transaction } from './database.ts';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: unknown;
  readonly reason?: string;
}

/** An entry as recorded: its place in the log and when. */
export interface AuditRecord {
  readonly seq: number;
  /** ISO 8601 to the millisecond, UTC. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: unknown;
  readonly reason: string | null;
}

/** An `audit_log` row; `detail` is stored as JSON text. */
export const auditFromRow = rowMapping(
  z.object({
    seq: z.number(),
    occurred_at: timestamp,
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    detail: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  (row): AuditRecord => ({
    seq: row.seq,
    at: row.occurred_at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    reason: row.reason,
  }),
);

export async function appendAudit(tx: Transaction, entry: AuditEntry, now: Date): Promise<void> {
  await tx.run(`INSERT INTO audit_log VALUES (nextval('ids'), $at::TIMESTAMP, $actor, $action, $target, $detail, $reason)`, {
    at: now.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    reason: entry.reason ?? null,
  });
}

/** The log, newest first, a page of `limit` entries before the entry `before`. */
export async function listAudit(db: Database, { limit = 100, before }: { limit?: number; before?: number } = {}): Promise<AuditRecord[]> {
  const rows = await db.all('SELECT * FROM audit_log WHERE $before IS NULL OR seq < $before ORDER BY seq DESC LIMIT $limit', { before: before ?? null, limit });
  return rows.map(auditFromRow);
}
