/**
 * The shape of a snapshot's manifest as a schema, apart from the code that writes it, so that the
 * API contract (and the browser) can describe manifests without Node's crypto.
 */
import { z } from 'zod';

export const stamp = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/, 'expected YYYY-MM-DD HH:MM:SS.mmm');

export const snapshotSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo'), scale: z.enum(['tiny', 'small', 'large', 'year']), seed: z.number().int(), generator: z.string() }),
  z.object({ kind: z.enum(['sqlserver', 'postgresql']), server: z.string(), database: z.string() }),
]);

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  source: snapshotSourceSchema,
  period: z.object({ start: stamp, end: stamp }),
  /** Inclusive client-number range copied; null = every client. */
  clients: z.object({ from: z.string(), to: z.string() }).nullable(),
  createdAt: z.string(),
  tables: z.record(z.string(), z.object({ rows: z.number().int().nonnegative(), checksum: z.string() })),
  /** Hash of every table's name, row count and checksum: the snapshot's content identity. */
  contentHash: z.string(),
  /** For demo snapshots: how many of each deliberately hard case the data holds. */
  edgeCases: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** For extracted snapshots: what differed from the expected IS schema (missing optional columns...). */
  warnings: z.array(z.string()).optional(),
  elapsedMs: z.number().nonnegative(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type SnapshotSource = z.infer<typeof snapshotSourceSchema>;
