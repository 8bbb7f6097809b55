/**
 * Benchmark: extracting a period from PostgreSQL into a snapshot (rows/s, median of N runs, and the
 * peak RSS while extracting), against PostgreSQL's own fastest way out, `COPY (SELECT …) TO
 * STDOUT`, for the same SELECTs. pg-copy-streams is not installed, so COPY runs through pg's
 * protocol layer directly (a Submittable that counts the CopyData messages).
 * Needs the local PostgreSQL on 127.0.0.1:5432, as the extraction tests do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ScaleName } from '../../snapshots/demo/scales.ts';
import { parseSourceUrl } from '../../snapshots/sources/connection-url.ts';
import { extractSnapshot } from '../../snapshots/sources/extract.ts';
import { postgresSource } from '../../snapshots/sources/postgres/pg-source.ts';
import { resolveSchema } from '../../snapshots/sources/discovery.ts';
import { chunkSql, type QueryContext } from '../../snapshots/sources/queries.ts';
import { tables } from '../../snapshots/schema/index.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { openDemoFixture } from '../snapshots/sources/demo-fixture.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from '../snapshots/sources/pg-testbed.ts';
import { median } from './stats.ts';

export interface ExtractionResult {
  readonly scale: ScaleName;
  readonly rows: number;
  readonly extract: { readonly runsMs: readonly number[]; readonly medianMs: number; readonly rowsPerSecond: number };
  readonly copy: { readonly runsMs: readonly number[]; readonly medianMs: number; readonly rowsPerSecond: number; readonly bytes: number };
  /** Highest resident set sampled while extracting, and before the first run. */
  readonly peakRssBytes: number;
  readonly baselineRssBytes: number;
  readonly loadMs: number;
}

export async function benchExtraction(scale: ScaleName = 'small', runs = 3): Promise<ExtractionResult> {
  const demo = await openDemoFixture({ scale, seed: 1 });
  const loadStarted = performance.now();
  const testbed = await createPgTestbed(demo);
  const loadMs = performance.now() - loadStarted;
  try {
    const url = `postgres://${testbed.user}@${PG_HOST}:${PG_PORT}/${testbed.database}`;
    const baselineRssBytes = process.memoryUsage().rss;
    const sampler = rssSampler();
    const extractMs: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'billing-bench-extract-'));
      try {
        const started = performance.now();
        const manifest = await extractSnapshot(resolveWorkspace(dir), { source: postgresSource(parseSourceUrl(url, {})), period: demo.period, periodLabel: '2026-10' });
        extractMs.push(performance.now() - started);
        rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const peakRssBytes = sampler.stop();
    const copy = await benchCopy(testbed, url, demo.period, runs);
    const rate = (ms: number) => Math.round(rows / (ms / 1000));
    return {
      scale,
      rows,
      extract: { runsMs: extractMs, medianMs: median(extractMs), rowsPerSecond: rate(median(extractMs)) },
      copy: { ...copy, rowsPerSecond: Math.round(copy.rows / (copy.medianMs / 1000)) },
      peakRssBytes,
      baselineRssBytes,
      loadMs,
    };
  } finally {
    await testbed.close();
    demo.close();
  }
}

/** COPY (the extraction's SELECT per table) TO STDOUT, every table, `runs` times. */
async function benchCopy(testbed: PgTestbed, url: string, period: QueryContext['period'], runs: number) {
  const source = postgresSource(parseSourceUrl(url, {}));
  const live = tables.flatMap((table) => table.columns.map((column) => ({ table: table.name, column: column.name })));
  const schema = resolveSchema(tables, live, 'benchmark');
  const context: QueryContext = { sql: source.sql, dialect: source.sql.dialect(schema.names), period, clients: undefined };
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: testbed.user, database: testbed.database });
  await client.connect();
  try {
    const runsMs: number[] = [];
    let totals = { rows: 0, bytes: 0 };
    for (let run = 0; run < runs; run++) {
      totals = { rows: 0, bytes: 0 };
      const started = performance.now();
      for (const table of schema.tables) {
        const counted = await copyOut(client, `COPY (${chunkSql(table, {}, context)}) TO STDOUT`);
        totals = { rows: totals.rows + counted.rows, bytes: totals.bytes + counted.bytes };
      }
      runsMs.push(performance.now() - started);
    }
    return { runsMs, medianMs: median(runsMs), ...totals };
  } finally {
    await client.end();
  }
}

/** Runs a COPY … TO STDOUT through pg's protocol handlers; each CopyData message is one row. */
function copyOut(client: pg.Client, text: string): Promise<{ rows: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let bytes = 0;
    let failed: unknown;
    const submittable = {
      submit: (connection: { query(text: string): void }) => connection.query(text),
      handleCopyData: (message: { chunk: Buffer }) => {
        rows++;
        bytes += message.chunk.length;
      },
      handleCommandComplete: () => {},
      handleError: (error: unknown) => {
        failed = error;
      },
      handleReadyForQuery: () => (failed ? reject(failed) : resolve({ rows, bytes })),
    };
    client.query(submittable as unknown as pg.Submittable);
  });
}

function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
