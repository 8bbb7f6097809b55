/**
 * Benchmark: the customer portal's pages with many client users at once, over HTTP on a real
 * server. Each of `users` client users (default 50) is granted two clients of the snapshot and opens,
 * one after another, the statistics of the period, the daily and monthly trends, the first page of
 * the calls behind a number, that list as CSV, and the invoices; all users at once, `runs` times.
 * The first round is cold (each grant's scope of the snapshot is made then); the later rounds are
 * what users see once the portal is warm. Median and 95th percentile latency per page type are
 * reported, not asserted. `npx tsx tests/bench/portal.ts --snapshot <folder with data.duckdb and manifest.json>`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { listClients } from '../../engine/rating/clients.ts';
import { startServer } from '../../server/start.ts';
import { portalSettings, savePortalSettings } from '../../server/services/portal-settings.ts';
import { createClientSession, insertClientUser } from '../../server/store/client-users.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { median } from './stats.ts';

export interface PageFigures {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly requests: number;
}

export interface PortalBenchResult {
  readonly users: number;
  readonly clients: number;
  /** The first round, with each grant's scope made on first use. */
  readonly cold: Readonly<Record<string, PageFigures>>;
  /** The later rounds. */
  readonly warm: Readonly<Record<string, PageFigures>>;
  /** Median over every warm page. */
  readonly warmMedianMs: number;
}

const PAGES = (period: string) => ({
  statistics: `/api/portal/statistics?period=${period}`,
  'trend by day': '/api/portal/trends?statistic=Calls&grain=day',
  'trend by month': '/api/portal/trends?statistic=Calls&grain=month',
  drilldown: `/api/portal/drilldown?statistic=Calls&period=${period}&pageSize=50`,
  'drilldown CSV': `/api/portal/drilldown.csv?statistic=Calls&period=${period}`,
  invoices: '/api/portal/invoices',
});

/** Runs the benchmark on a copy of the snapshot in a workspace of its own (removed after). */
export async function benchPortal(dataFile: string, manifest: Manifest, runs: number, { users = 50 } = {}): Promise<PortalBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-bench-portal-'));
  const workspace = resolveWorkspace(dir);
  const folder = join(workspace.root, 'snapshots', manifest.id);
  mkdirSync(folder, { recursive: true });
  copyFileSync(dataFile, join(folder, 'data.duckdb'));
  copyFileSync(join(dirname(dataFile), 'manifest.json'), join(folder, 'manifest.json'));
  const server = await startServer({ workspace, port: 0, host: '127.0.0.1', demoOnFirstStart: false });
  try {
    const ctx = server.context;
    await savePortalSettings(ctx, 'bench', { ...(await portalSettings(ctx)), enabled: true });
    const sandbox = await openSnapshotSandbox(dataFile);
    const clients = await listClients(sandbox).finally(() => sandbox.close());
    // Two clients each, spread over the whole client list.
    const grants: ClientGrant[] = Array.from({ length: users }, (_, i) => ({
      clientNumbers: [i, i + users].map((n) => clients[Math.floor((n * clients.length) / (2 * users))]?.clientNumber as string),
      billingCodes: [],
    }));
    const cookies = await ctx.db.transaction(async (tx) => {
      const made: string[] = [];
      for (const [i, grant] of grants.entries()) {
        const user = await insertClientUser(tx, { name: `client-${i}`, password: 'a long client password', grant }, 'bench', ctx.now());
        made.push(`ctb_portal=${(await createClientSession(tx, user, ctx.now())).token}`);
      }
      return made;
    });
    const pages = PAGES(manifest.period.start.slice(0, 7));
    const rounds: Record<string, number[]>[] = [];
    for (let round = 0; round < Math.max(2, runs + 1); round++) {
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(pages).map((page) => [page, []]));
      await Promise.all(
        cookies.map(async (cookie) => {
          for (const [page, path] of Object.entries(pages)) {
            const started = performance.now();
            const response = await fetch(new URL(path, server.url), { headers: { cookie } });
            await response.arrayBuffer();
            if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
            times[page]?.push(performance.now() - started);
          }
        }),
      );
      rounds.push(times);
    }
    const figures = (of: readonly Record<string, number[]>[]) =>
      Object.fromEntries(
        Object.keys(pages).map((page) => {
          const all = of.flatMap((times) => times[page] ?? []);
          return [page, { medianMs: median(all), p95Ms: percentile(all, 0.95), requests: all.length }];
        }),
      );
    const warm = rounds.slice(1);
    return {
      users,
      clients: clients.length,
      cold: figures(rounds.slice(0, 1)),
      warm: figures(warm),
      warmMedianMs: median(warm.flatMap((times) => Object.values(times).flat())),
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

/** The table `npm run bench` prints. */
export function portalTable(result: PortalBenchResult): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const rows = Object.keys(result.warm).map(
    (page) =>
      `  ${page.padEnd(16)} warm median ${ms(result.warm[page]?.medianMs ?? 0).padStart(7)}, p95 ${ms(result.warm[page]?.p95Ms ?? 0).padStart(7)}; cold median ${ms(result.cold[page]?.medianMs ?? 0).padStart(7)}, p95 ${ms(result.cold[page]?.p95Ms ?? 0).padStart(7)}`,
  );
  return [
    `portal, ${result.users} client users at once, ${result.clients} clients (target: median < 200 ms): warm median ${ms(result.warmMedianMs)}`,
    ...rows,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { snapshot: { type: 'string' }, runs: { type: 'string', default: '3' }, users: { type: 'string', default: '50' } } });
  if (!values.snapshot) throw new Error('--snapshot <folder holding data.duckdb and manifest.json> is required');
  const { manifestSchema } = await import('../../snapshots/store/manifest.ts');
  const { readFileSync } = await import('node:fs');
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(values.snapshot, 'manifest.json'), 'utf8')));
  const result = await benchPortal(join(values.snapshot, 'data.duckdb'), manifest, Number(values.runs), { users: Number(values.users) });
  console.log(portalTable(result));
}
