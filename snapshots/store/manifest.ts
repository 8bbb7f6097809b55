/**
 * A snapshot's manifest: where its data came from, the period it covers, and per-table row counts
 * and checksums. Stored as manifest.json beside the DuckDB file and validated whenever read.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const stamp = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/, 'expected YYYY-MM-DD HH:MM:SS.mmm');

export const snapshotSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo'), scale: z.enum(['tiny', 'small', 'large']), seed: z.number().int(), generator: z.string() }),
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
export type TableStats = Manifest['tables'];

/** The content identity of a set of tables; independent of creation time and file layout. */
export function contentHashOf(tables: TableStats): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(tables).sort()) {
    const stats = tables[name] as TableStats[string];
    hash.update(`${name}\t${stats.rows}\t${stats.checksum}\n`);
  }
  return hash.digest('hex');
}
