/**
 * Benchmark: generating a demo snapshot at each scale (median of N runs), its file size, and the
 * row counts per table at the largest scale run.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed, type ScaleName } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { median } from './stats.ts';

export interface GenerationResult {
  readonly scale: ScaleName;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly fileBytes: number;
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Generates the demo snapshot `runs` times; the last one is handed to `use` (for the benchmarks
 * that run on it) before its folder is removed.
 */
export async function benchDemoGeneration(
  scale: ScaleName,
  runs: number,
  use?: (dataFile: string, manifest: Manifest) => Promise<void>,
): Promise<GenerationResult> {
  const runsMs: number[] = [];
  let fileBytes = 0;
  let manifest: Manifest | undefined;
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'billing-bench-'));
    try {
      const workspace = resolveWorkspace(dir);
      const started = performance.now();
      manifest = await createDemoSnapshot(workspace, { scale: scaleNamed(scale), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 1 });
      runsMs.push(performance.now() - started);
      fileBytes = statSync(snapshotDataFile(workspace, manifest.id)).size;
      if (run === runs - 1 && use) await use(snapshotDataFile(workspace, manifest.id), manifest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = Object.fromEntries(Object.entries(manifest?.tables ?? {}).map(([name, table]) => [name, table.rows]));
  return { scale, runsMs, medianMs: median(runsMs), fileBytes, rows };
}
