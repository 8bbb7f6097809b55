/**
 * Benchmark: the full Billing Export 200 (264 legacy statistics, all clients) on a snapshot, made
 * by `exportBe200` as `billing export be200` makes it: ours cold (a new sandbox each run; the fusion
 * plan stays cached, as in a running server) and warm (same sandbox, no result cache), against naive DuckDB (one query per formula), PostgreSQL
 * (pg-report.ts) and the floor (floor.ts). Before anything is timed, all three must give the same
 * number for every (client, statistic); the check's runs are the warm-up of naive and PostgreSQL.
 */
import { formulasForReport } from '../../engine/be200/select-formulas.ts';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { exportBe200 } from '../../server/services/be200-export.ts';
import type { SnapshotSessions } from '../../server/services/snapshot-sessions.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { benchFloor, type FloorResult } from './floor.ts';
import { checkIdentical, type IdenticalCheck } from './identical.ts';
import { connectPgReport, type PgBaseline, type Values } from './pg-report.ts';
import { heldOpen, openedPerUse } from './sessions.ts';
import { median, timeRuns } from './stats.ts';

export interface ExportResult {
  readonly snapshot: string;
  readonly statistics: number;
  readonly identical: IdenticalCheck;
  readonly coldMs: readonly number[];
  readonly warmMs: readonly number[];
  readonly naiveMs: readonly number[];
  readonly postgresMs: readonly number[];
  readonly floor: FloorResult;
  readonly medians: { readonly cold: number; readonly warm: number; readonly naive: number; readonly postgres: number; readonly floor: number };
}

export interface ExportOptions {
  readonly runs: number;
  /** Runs of the slow baselines (naive, PostgreSQL); default `runs`. */
  readonly slowRuns?: number;
}

export async function benchFullExport(
  dataFile: string,
  manifest: Manifest,
  baseline: PgBaseline,
  { runs, slowRuns = runs }: ExportOptions,
): Promise<ExportResult> {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  const legacy = formulasForReport(library.formulas, 'legacy');
  const params = { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: 10 };
  // As `billing export be200` makes it; no result cache between runs, so every run computes.
  const report = (snapshots: SnapshotSessions) =>
    exportBe200({ snapshots }, { formulas: library.formulas, index }, { snapshot: manifest.id, variant: 'legacy', params, includeCltId: true });
  const sandbox = await openSnapshotSandbox(dataFile);
  const warm = heldOpen(manifest, sandbox);
  const postgres = await connectPgReport(baseline);
  try {
    const naive = async (): Promise<Values> => {
      const { results } = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, fuse: false }).evaluate(legacy, params);
      return new Map([...results].map(([id, result]) => [id, result.values]));
    };
    const identical = checkIdentical(
      await report(warm),
      legacy.map((f) => f.id),
      await naive(),
      await postgres.run(legacy, index, params),
    );
    if (!identical.passed) throw new Error(`fused, naive and PostgreSQL differ; nothing timed. First differences: ${JSON.stringify(identical.mismatches)}`);

    const cold = openedPerUse(manifest, dataFile);
    const coldMs = await timeRuns(runs, () => report(cold).then(() => undefined), 1);
    const warmMs = await timeRuns(runs, () => report(warm).then(() => undefined), 1);
    const naiveMs = await timeRuns(slowRuns, () => naive().then(() => undefined));
    const postgresMs = await timeRuns(slowRuns, () => postgres.run(legacy, index, params).then(() => undefined));
    const floor = await benchFloor(sandbox, runs);
    return {
      snapshot: manifest.id,
      statistics: legacy.length,
      identical,
      coldMs,
      warmMs,
      naiveMs,
      postgresMs,
      floor,
      medians: { cold: median(coldMs), warm: median(warmMs), naive: median(naiveMs), postgres: median(postgresMs), floor: floor.medianMs },
    };
  } finally {
    await postgres.close();
    sandbox.close();
  }
}
