/**
 * Benchmark: extracting a period from PostgreSQL into a snapshot (rows/s, median of N runs, and the
 * peak RSS while extracting), against PostgreSQL's own fastest way out, `COPY (SELECT …) TO
 * STDOUT`, for the same SELECTs, read through pg-copy-streams and thrown away. Extraction itself
 * reads PostgreSQL with COPY as CSV (csv-load.ts), so the gap is what writing and loading costs.
 * The source is the PostgreSQL copy of the snapshot the other benchmarks loaded (pg-report.ts):
 * loading millions of rows once is what a large run can afford.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Period } from '../../snapshots/period.ts';
import { parseSourceUrl } from '../../snapshots/sources/connection-url.ts';
import { extractSnapshot } from '../../snapshots/sources/extract.ts';
import { postgresSource } from '../../snapshots/sources/postgres/pg-source.ts';
import { resolveSchema } from '../../snapshots/sources/discovery.ts';
import { chunkSql, type QueryContext } from '../../snapshots/sources/queries.ts';
import { tables } from '../../snapshots/schema/index.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { PG_HOST, PG_PORT } from '../snapshots/sources/pg-testbed.ts';
import type { PgBaseline } from './pg-report.ts';
import { median, rssSampler, timeRuns } from './stats.ts';

export interface ExtractionResult {
  readonly rows: number;
  readonly extract: { readonly runsMs: readonly number[]; readonly medianMs: number; readonly rowsPerSecond: number };
  readonly copy: {
    readonly runsMs: readonly number[];
    readonly medianMs: number;
    readonly rowsPerSecond: number;
    readonly rows: number;
    readonly bytes: number;
  };
  /** Extraction rows/s as a share of COPY rows/s. */
  readonly shareOfCopy: number;
  /** Highest resident set sampled while extracting, and before the first run. */
  readonly peakRssBytes: number;
  readonly baselineRssBytes: number;
}

/** Extracts the manifest's period from the baseline database `runs` times (after a warm-up), then times COPY. */
export async function benchExtraction(baseline: PgBaseline, manifest: Manifest, runs: number): Promise<ExtractionResult> {
  const period = periodOf(manifest);
  const baselineRssBytes = process.memoryUsage().rss;
  const sampler = rssSampler();
  let rows = 0;
  const extractMs = await timeRuns(
    runs,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'billing-bench-extract-'));
      try {
        const extracted = await extractSnapshot(resolveWorkspace(dir), {
          source: postgresSource(parseSourceUrl(baseline.url, {})),
          period,
          periodLabel: '2026-10',
        });
        rows = Object.values(extracted.tables).reduce((sum, table) => sum + table.rows, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    1,
  );
  const peakRssBytes = sampler.stop();
  const copy = await benchCopy(baseline, period, runs);
  const extract = { runsMs: extractMs, medianMs: median(extractMs), rowsPerSecond: Math.round(rows / (median(extractMs) / 1000)) };
  const copyRate = Math.round(copy.rows / (copy.medianMs / 1000));
  return { rows, extract, copy: { ...copy, rowsPerSecond: copyRate }, shareOfCopy: extract.rowsPerSecond / copyRate, peakRssBytes, baselineRssBytes };
}

/** The manifest's period (naive stamps, as snapshots/period.ts holds them). */
function periodOf(manifest: Manifest): Period {
  const ms = (stamp: string) => Date.parse(`${stamp.replace(' ', 'T')}Z`);
  return { start: ms(manifest.period.start), end: ms(manifest.period.end) };
}

/** COPY (the extraction's SELECT per table) TO STDOUT, every table, `runs` times after a warm-up. */
async function benchCopy(baseline: PgBaseline, period: Period, runs: number) {
  const source = postgresSource(parseSourceUrl(baseline.url, {}));
  // The live names as discovery finds them (the baseline's tables are lower case).
  const session = await source.connect();
  const live = await session.listColumns().finally(() => session.close());
  const schema = resolveSchema(tables, live, 'benchmark');
  const context: QueryContext = { sql: source.sql, dialect: source.sql.dialect(schema.names), period, clients: undefined };
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: baseline.testbed.user, database: baseline.testbed.database });
  await client.connect();
  try {
    let totals = { rows: 0, bytes: 0 };
    const runsMs = await timeRuns(
      runs,
      async () => {
        totals = { rows: 0, bytes: 0 };
        for (const table of schema.tables) {
          const counted = await copyOut(client, `COPY (${chunkSql(table, {}, context)}) TO STDOUT`);
          totals = { rows: totals.rows + counted.rows, bytes: totals.bytes + counted.bytes };
        }
      },
      1,
    );
    return { runsMs, medianMs: median(runsMs), ...totals };
  } finally {
    await client.end();
  }
}

/** Runs a COPY … TO STDOUT and counts what arrives, keeping nothing. */
async function copyOut(client: pg.Client, text: string): Promise<{ rows: number; bytes: number }> {
  const copy = client.query(copyTo(text));
  let bytes = 0;
  for await (const chunk of copy) bytes += (chunk as Buffer).length;
  return { rows: copy.rowCount, bytes };
}
