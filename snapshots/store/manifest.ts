/**
 * A snapshot's manifest: where its data came from, the period it covers, and per-table row counts
 * and checksums. Stored as manifest.json beside the DuckDB file and validated whenever read.
 */
import { createHash } from 'node:crypto';

export { manifestSchema, snapshotSourceSchema, type Manifest, type SnapshotSource } from './manifest-schema.ts';
import type { Manifest } from './manifest-schema.ts';

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
