/**
 * A demo snapshot: generate the demo IS database in memory, then copy the period into a new
 * snapshot by the same selection rules a live extraction uses.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { firstDays, type Period } from '../period.ts';
import { copyPeriod } from '../store/copy-period.ts';
import type { Manifest } from '../store/manifest.ts';
import { createSnapshot } from '../store/snapshot-store.ts';
import type { Workspace } from '../store/workspace.ts';
import { countEdgeCases } from './edge-cases.ts';
import { generateDemoData } from './generate.ts';
import type { Scale } from './scales.ts';

const MONTH_DAYS = 31;
// At `year` the copy is no slower with 2 GB than with 4 GB, and the process peaks at 3.1 GB instead of 4.7 GB.
const LONG_PERIOD_MEMORY = '2GB';

/** Bumped whenever the model changes what a seed produces. */
export const GENERATOR_VERSION = 'demo-1';

export interface Progress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

export interface DemoSnapshotOptions {
  readonly scale: Scale;
  readonly period: Period;
  /** The period as the user wrote it, for the snapshot id (e.g. `2026-10`). */
  readonly periodLabel: string;
  readonly seed: number;
  readonly onProgress?: (progress: Progress) => void;
  readonly now?: () => Date;
}

const STEPS = [
  'generating clients, agents and directory',
  'calls and their messages',
  'messages from interfaces',
  'dial-outs, interfaces, logins and edits',
  'copying the period',
  'checksums',
];

export async function createDemoSnapshot(workspace: Workspace, options: DemoSnapshotOptions): Promise<Manifest> {
  const { scale, seed, onProgress } = options;
  const period = firstDays(options.period, scale.days);
  const report = (step: string): void => onProgress?.({ step, done: Math.max(0, STEPS.indexOf(step)), total: STEPS.length });
  return createSnapshot(workspace, {
    idBase: `demo-${scale.name}-${options.periodLabel}`,
    source: { kind: 'demo', scale: scale.name, seed, generator: GENERATOR_VERSION },
    period,
    ...(options.now ? { now: options.now } : {}),
    fill: async (connection, dir) => {
      report(STEPS[0] as string);
      // A month of IS data fits in memory; longer periods are generated into a file beside the
      // snapshot, removed when done, with memory bounded so that DuckDB spills to disk.
      const long = scale.days > MONTH_DAYS;
      if (long) await connection.run(`SET memory_limit = '${LONG_PERIOD_MEMORY}'`);
      await connection.run(`ATTACH '${long ? join(dir, 'demo-source.duckdb').replaceAll("'", "''") : ':memory:'}' AS demo_source`);
      await generateDemoData(connection, 'demo_source', { scale, period, seed, onProgress: report });
      report('copying the period');
      await copyPeriod(connection, 'demo_source', period);
      await connection.run('DETACH demo_source');
      if (long) for (const file of ['demo-source.duckdb', 'demo-source.duckdb.wal']) rmSync(join(dir, file), { force: true });
      report('checksums');
    },
    describe: async (connection) => ({ edgeCases: await countEdgeCases(connection, period, ['snapshot']) }),
  });
}
