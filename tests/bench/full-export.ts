/**
 * Benchmark: the full Billing Export 200 (264 legacy statistics, all clients) on a snapshot,
 * cold (a new sandbox each run) and warm (same sandbox, result cache emptied), fused and naive
 * (one query per formula).
 */
import { buildBe200Report } from '../../engine/be200/report.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import { formulasForReport } from '../../engine/be200/select-formulas.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { median, timeRuns } from './stats.ts';

export interface ExportResult {
  readonly snapshot: string;
  readonly coldMs: readonly number[];
  readonly warmMs: readonly number[];
  readonly naiveMs: readonly number[];
  readonly medians: { readonly cold: number; readonly warm: number; readonly naive: number };
}

export async function benchFullExport(dataFile: string, manifest: Manifest, runs: number): Promise<ExportResult> {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  const params = { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: 10 };
  const report = (sandbox: Sandbox) =>
    buildBe200Report({ sandbox, snapshotKey: manifest.contentHash, formulas: library.formulas, index, variant: 'legacy', params, cache: new Map() });
  const coldMs = await timeRuns(runs, async () => {
    const sandbox = await openSnapshotSandbox(dataFile);
    try {
      await report(sandbox);
    } finally {
      sandbox.close();
    }
  });
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    const warmMs = await timeRuns(runs, () => report(sandbox).then(() => undefined), 1);
    const legacy = formulasForReport(library.formulas, 'legacy');
    const naiveMs = await timeRuns(Math.min(runs, 3), async () => {
      await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, fuse: false }).evaluate(legacy, params);
    });
    return { snapshot: manifest.id, coldMs, warmMs, naiveMs, medians: { cold: median(coldMs), warm: median(warmMs), naive: median(naiveMs) } };
  } finally {
    sandbox.close();
  }
}
