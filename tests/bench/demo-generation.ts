/**
 * Benchmark: generating a demo snapshot at each scale (median of N runs), its file size, and the
 * row counts per table at the largest scale run.
 *
 * The `year` scale (large over twelve months, ~18 million calls) takes minutes to generate, so it
 * is generated once and kept in bench-results/snapshots/ (by scale, seed and generator version);
 * later runs reuse it and report the generation time measured when it was made.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSnapshot, GENERATOR_VERSION } from '../../snapshots/demo/demo-snapshot.ts';
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
  /** The snapshot was reused from an earlier run (its generation time is that run's). */
  readonly cached: boolean;
}

/** The period each scale is generated for: October 2026, or the twelve months ending with it. */
export function benchPeriod(scale: ScaleName): { label: string; text: string } {
  return scale === 'year' ? { label: '2025-11..2026-10', text: '2025-11-01..2026-10-31' } : { label: '2026-10', text: '2026-10' };
}

const SEED = 1;
const KEPT_SCALES: ReadonlySet<ScaleName> = new Set(['year']);

/**
 * Generates the demo snapshot `runs` times; the last one is handed to `use` (for the benchmarks
 * that run on it) before its folder is removed.
 */
export async function benchDemoGeneration(
  scale: ScaleName,
  runs: number,
  use?: (dataFile: string, manifest: Manifest) => Promise<void>,
): Promise<GenerationResult> {
  if (KEPT_SCALES.has(scale)) return keptSnapshot(scale, use);
  const runsMs: number[] = [];
  let fileBytes = 0;
  let manifest: Manifest | undefined;
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'billing-bench-'));
    try {
      const workspace = resolveWorkspace(dir);
      const started = performance.now();
      const period = benchPeriod(scale);
      manifest = await createDemoSnapshot(workspace, { scale: scaleNamed(scale), period: parsePeriod(period.text), periodLabel: period.label, seed: SEED });
      runsMs.push(performance.now() - started);
      fileBytes = statSync(snapshotDataFile(workspace, manifest.id)).size;
      if (run === runs - 1 && use) await use(snapshotDataFile(workspace, manifest.id), manifest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = Object.fromEntries(Object.entries(manifest?.tables ?? {}).map(([name, table]) => [name, table.rows]));
  return { scale, runsMs, medianMs: median(runsMs), fileBytes, rows, cached: false };
}

/** The scale's snapshot from bench-results/snapshots/, generated (and timed) there first if absent. */
async function keptSnapshot(scale: ScaleName, use?: (dataFile: string, manifest: Manifest) => Promise<void>): Promise<GenerationResult> {
  const dir = join('bench-results', 'snapshots', `${scale}-seed${SEED}-${GENERATOR_VERSION}`);
  const timing = join(dir, 'generation.json');
  const workspace = resolveWorkspace(dir);
  const cached = existsSync(timing);
  if (!cached) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const period = benchPeriod(scale);
    const started = performance.now();
    const made = await createDemoSnapshot(workspace, { scale: scaleNamed(scale), period: parsePeriod(period.text), periodLabel: period.label, seed: SEED });
    writeFileSync(timing, JSON.stringify({ id: made.id, ms: performance.now() - started }));
  }
  const { id, ms } = JSON.parse(readFileSync(timing, 'utf8')) as { id: string; ms: number };
  if (!readdirSync(workspace.snapshotsDir).includes(id)) throw new Error(`${dir} has no snapshot ${id}: delete the folder to generate it again`);
  const manifest = JSON.parse(readFileSync(join(workspace.snapshotsDir, id, 'manifest.json'), 'utf8')) as Manifest;
  const dataFile = snapshotDataFile(workspace, manifest.id);
  if (use) await use(dataFile, manifest);
  const rows = Object.fromEntries(Object.entries(manifest.tables).map(([name, table]) => [name, table.rows]));
  return { scale, runsMs: [ms], medianMs: ms, fileBytes: statSync(dataFile).size, rows, cached };
}
