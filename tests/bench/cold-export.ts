/**
 * Benchmark: the Billing Export 200 as a user gets it, CSV written. Cold means a fresh process:
 * nothing parsed, planned or cached before it starts.
 * - `billing export be200 … --out report.csv` as a whole process (Node and the CLI starting, the
 *   library loaded, the snapshot opened, every statistic computed, the CSV written), on a workspace
 *   holding the snapshot;
 * - the same work measured inside a fresh process (from before the library is loaded to the CSV
 *   written), then the warm export in that process, a held-open snapshot with no result cache,
 *   each run writing the CSV.
 * Each timed run is its own process; run.ts starts this file as a child for the in-process figures:
 *
 *   node --import tsx tests/bench/cold-export.ts <data.duckdb> <manifest.json> <out.csv> <warm runs>
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reportCsvBytes } from '../../engine/be200/csv.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { exportBe200 } from '../../server/services/be200-export.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { PROJECT_ROOT } from '../support/project.ts';
import { timeFloorOnce } from './floor.ts';
import { heldOpen } from './sessions.ts';
import { median, timeRuns } from './stats.ts';

export interface ColdExportResult {
  /** `billing export be200` as a whole process, each run a new one. */
  readonly processMs: readonly number[];
  /** Inside a fresh process: library, snapshot, statistics and CSV. */
  readonly inProcessColdMs: readonly number[];
  /** Warm in the same process, CSV written each run. */
  readonly warmWithCsvMs: readonly number[];
  /** The floor (floor.ts) in that process on the same snapshot, run just before each warm export. */
  readonly floorMs: readonly number[];
  readonly csvBytes: number;
  readonly medians: { readonly process: number; readonly inProcessCold: number; readonly warmWithCsv: number; readonly floor: number };
}

const TIME_CAP = '10';

/** A throwaway workspace holding the snapshot (linked, not copied), for commands run as processes. */
export function withSnapshotWorkspace<T>(dataFile: string, manifest: Manifest, work: (workspace: string) => T): T {
  const workspace = mkdtempSync(join(tmpdir(), 'billing-bench-cli-'));
  try {
    mkdirSync(join(workspace, 'snapshots'));
    symlinkSync(dirname(dataFile), join(workspace, 'snapshots', manifest.id), 'dir');
    return work(workspace);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** `runs` fresh processes each way; the first in-process one also times `warmRuns` warm exports (default `runs`). */
export function benchColdExport(dataFile: string, manifest: Manifest, runs: number, warmRuns = runs): ColdExportResult {
  return withSnapshotWorkspace(dataFile, manifest, (workspace) => {
    const out = join(workspace, 'report.csv');
    const cli = join(PROJECT_ROOT, 'server/cli/billing.ts');
    const processMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      execFileSync(
        process.execPath,
        ['--import', 'tsx', cli, 'export', 'be200', '--snapshot', manifest.id, '--time-cap', TIME_CAP, '--with-cltid', '--out', out],
        { cwd: PROJECT_ROOT, env: { ...process.env, BILLING_WORKSPACE: workspace }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      processMs.push(performance.now() - started);
    }
    const csvBytes = statSync(out).size;
    const inProcessColdMs: number[] = [];
    let warmWithCsvMs: number[] = [];
    let floorMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const output = execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), dataFile, join(dirname(dataFile), 'manifest.json'), out, String(run === 0 ? warmRuns : 0)],
        { encoding: 'utf8' },
      );
      const probe = JSON.parse(output.trim().split('\n').at(-1) as string) as { coldMs: number; warmMs: number[]; floorMs: number[] };
      inProcessColdMs.push(probe.coldMs);
      if (run === 0) {
        warmWithCsvMs = probe.warmMs;
        floorMs = probe.floorMs;
      }
    }
    return {
      processMs,
      inProcessColdMs,
      warmWithCsvMs,
      floorMs,
      csvBytes,
      medians: { process: median(processMs), inProcessCold: median(inProcessColdMs), warmWithCsv: median(warmWithCsvMs), floor: median(floorMs) },
    };
  });
}

/**
 * In a fresh process: the cold export (library loaded here), then `warmRuns` warm ones, CSV written
 * every time, each just after a run of the floor on the same snapshot: the machine's speed drifts by
 * a third from one minute to the next, so the two figures the target divides are taken side by side.
 */
async function probe(dataFile: string, manifest: Manifest, out: string, warmRuns: number): Promise<{ coldMs: number; warmMs: number[]; floorMs: number[] }> {
  const started = performance.now();
  const library = loadLibrary();
  const formulas = { formulas: library.formulas, index: indexFormulas(library.formulas) };
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    const snapshots = heldOpen(manifest, sandbox);
    const exportCsv = async () => {
      const report = await exportBe200({ snapshots }, formulas, {
        snapshot: manifest.id,
        variant: 'legacy',
        params: { time_cap_minutes: TIME_CAP },
        includeCltId: true,
      });
      writeFileSync(out, reportCsvBytes(report));
    };
    await exportCsv();
    const coldMs = performance.now() - started;
    // Warm as every other figure is: timed after a warm-up (the cold export stores and prepares; it does not warm).
    const floorMs: number[] = [];
    const warmMs = await timeRuns(warmRuns, exportCsv, warmRuns > 0 ? 1 : 0, async () => {
      floorMs.push(await timeFloorOnce(sandbox));
    });
    return { coldMs, warmMs, floorMs };
  } finally {
    sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataFile, manifestFile, out, warmRuns] = process.argv.slice(2) as [string, string, string, string];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  console.log(JSON.stringify(await probe(dataFile, manifest, out, Number(warmRuns))));
}
