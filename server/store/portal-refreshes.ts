/**
 * Each refresh of the customer portal's current-period snapshot, appended once it ends: the
 * snapshot it made, or why it failed. Freshness and the current snapshot are read from these.
 */
import { z } from 'zod';
import { type Reader, rowMapping, timestamp, type Transaction } from './database.ts';

export interface PortalRefresh {
  readonly period: string;
  readonly source: 'demo' | 'extract';
  /** ISO 8601 to the millisecond, UTC. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: 'ok' | 'failed';
  /** The snapshot made (status ok). */
  readonly snapshot: string | null;
  /** Why it failed (status failed). */
  readonly error: string | null;
}

const refreshFromRow = rowMapping(
  z.object({
    period: z.string(),
    source: z.enum(['demo', 'extract']),
    started_at: timestamp,
    finished_at: timestamp,
    status: z.enum(['ok', 'failed']),
    snapshot: z.string().nullable(),
    error: z.string().nullable(),
  }),
  (row): PortalRefresh => ({
    period: row.period,
    source: row.source,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    snapshot: row.snapshot,
    error: row.error,
  }),
);

export async function appendPortalRefresh(tx: Transaction, refresh: PortalRefresh): Promise<void> {
  await tx.run(
    `INSERT INTO portal_refreshes VALUES (nextval('ids'), $period, $source, $started::TIMESTAMP, $finished::TIMESTAMP, $status, $snapshot, $error)`,
    {
      period: refresh.period,
      source: refresh.source,
      started: refresh.startedAt,
      finished: refresh.finishedAt,
      status: refresh.status,
      snapshot: refresh.snapshot,
      error: refresh.error,
    },
  );
}

/** The newest refresh of `period`, and its newest successful one (the same when the last one worked). */
export async function latestRefreshes(db: Reader, period: string): Promise<{ last?: PortalRefresh; lastGood?: PortalRefresh }> {
  const newest = async (where: string) => {
    const [row] = await db.all(`SELECT * FROM portal_refreshes WHERE period = $period ${where} ORDER BY seq DESC LIMIT 1`, { period });
    return row ? refreshFromRow(row) : undefined;
  };
  const [last, lastGood] = [await newest(''), await newest(`AND status = 'ok'`)];
  return { ...(last ? { last } : {}), ...(lastGood ? { lastGood } : {}) };
}

/** Every snapshot a refresh made (the scheduler may remove those superseded). */
export async function refreshSnapshots(db: Reader): Promise<Set<string>> {
  const rows = await db.all(`SELECT DISTINCT snapshot FROM portal_refreshes WHERE snapshot IS NOT NULL`);
  return new Set(rows.map((row) => String(row.snapshot)));
}
