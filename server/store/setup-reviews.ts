/**
 * The review of billing setup versions, as append-only events: a version is submitted, then
 * approved or rejected (with a comment). A version's review state is derived from its events
 * (services/setups.ts); nothing is updated or deleted.
 */
import { z } from 'zod';
import { appendAudit } from './audit.ts';
import { type Reader, rowMapping, timestamp, type Transaction } from './database.ts';

export const SETUP_REVIEW_ACTIONS = ['submit', 'approve', 'reject'] as const;
export type SetupReviewAction = (typeof SETUP_REVIEW_ACTIONS)[number];

export interface SetupReviewEvent {
  readonly name: string;
  readonly version: number;
  readonly actor: string;
  readonly action: SetupReviewAction;
  readonly comment: string | null;
  readonly createdAt: string;
}

const eventFromRow = rowMapping(
  z.object({
    name: z.string(),
    version: z.number(),
    actor: z.string(),
    action: z.enum(SETUP_REVIEW_ACTIONS),
    comment: z.string().nullable(),
    created_at: timestamp,
  }),
  (row): SetupReviewEvent => ({ name: row.name, version: row.version, actor: row.actor, action: row.action, comment: row.comment, createdAt: row.created_at }),
);

/** Records a review event of setup `name` version `version`, and audits it (`setup.submit`, `setup.approve`, `setup.reject`). */
export async function addSetupReview(
  tx: Transaction,
  event: { readonly name: string; readonly version: number; readonly actor: string; readonly action: SetupReviewAction; readonly comment?: string | null },
  now: Date,
): Promise<void> {
  const comment = event.comment ?? null;
  await tx.run(`INSERT INTO setup_reviews VALUES (nextval('ids'), $name, $version, $actor, $action, $comment, $at::TIMESTAMP)`, {
    name: event.name,
    version: event.version,
    actor: event.actor,
    action: event.action,
    comment,
    at: now.toISOString(),
  });
  const detail = { version: event.version, ...(comment !== null ? { comment } : {}) };
  await appendAudit(tx, { actor: event.actor, action: `setup.${event.action}`, target: `setup:${event.name}`, detail }, now);
}

/** The review events of a setup's versions, oldest first. */
export async function listSetupReviews(db: Reader, name: string): Promise<SetupReviewEvent[]> {
  const rows = await db.all('SELECT * FROM setup_reviews WHERE name = $name ORDER BY id', { name });
  return rows.map(eventFromRow);
}
