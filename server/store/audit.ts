/** The append-only audit log: who did what, to what, when and why. Nothing ever updates or deletes a row. */
import type { Database, Transaction } from './database.ts';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: unknown;
  readonly reason?: string;
}

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

export async function listAudit(db: Database, { limit = 100, before }: { limit?: number; before?: number } = {}) {
  const rows = await db.all(
    `SELECT seq, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%g') AS at, actor, action, target, detail, reason FROM audit_log
     WHERE $before IS NULL OR seq < $before ORDER BY seq DESC LIMIT $limit`,
    { before: before ?? null, limit },
  );
  return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(String(row.detail)) as unknown) : null }));
}
