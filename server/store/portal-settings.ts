/**
 * The customer portal's settings, kept as whole versions (like the company profile): each save is a
 * new row, the newest applies, and the audit log says who changed what.
 */
import { z } from 'zod';
import { type Reader, rowMapping, timestamp, type Transaction } from './database.ts';

export interface StoredPortalSettings {
  readonly version: number;
  /** The settings as saved: JSON, read against the API's schema by the service. */
  readonly settings: unknown;
  readonly createdBy: string;
  readonly createdAt: string;
}

const settingsFromRow = rowMapping(
  z.object({ version: z.number(), settings: z.string(), created_by: z.string(), created_at: timestamp }),
  (row): StoredPortalSettings => ({
    version: row.version,
    settings: JSON.parse(row.settings) as unknown,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }),
);

/** The newest saved settings; undefined until an administrator saves some. */
export async function latestPortalSettings(db: Reader): Promise<StoredPortalSettings | undefined> {
  const [row] = await db.all('SELECT * FROM portal_settings ORDER BY version DESC LIMIT 1');
  return row ? settingsFromRow(row) : undefined;
}

/** Saves `settings` as the next version and returns its number. */
export async function insertPortalSettings(tx: Transaction, settings: unknown, actor: string, now: Date): Promise<number> {
  const [row] = await tx.all('SELECT coalesce(max(version), 0) + 1 AS v FROM portal_settings');
  const version = z.coerce.number().parse(row?.v);
  await tx.run('INSERT INTO portal_settings VALUES ($version, $settings, $actor, $at::TIMESTAMP)', {
    version,
    settings: JSON.stringify(settings),
    actor,
    at: now.toISOString(),
  });
  return version;
}
