/**
 * Benchmark: reconciling a large site's legacy export, 2,000 clients x 264 statistics, built in
 * memory (no snapshot: the compare does not query). 1 % of the cells differ; every value of 1,000
 * or more is written with a thousands separator, as Crystal does. Times the CSV import, the
 * compare alone, and compare + explain + acceptances + summary; medians of `runs`.
 * Run alone with `npx tsx tests/bench/reconcile.ts`.
 */
import { pathToFileURL } from 'node:url';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { applyAcceptances } from '../../engine/reconcile/acceptance.ts';
import { compareWithLegacy } from '../../engine/reconcile/compare.ts';
import { explainVariances } from '../../engine/reconcile/explain.ts';
import { readLegacyCsv } from '../../engine/reconcile/import-csv.ts';
import type { LegacyExport } from '../../engine/reconcile/legacy-export.ts';
import type { OurResults } from '../../engine/reconcile/model.ts';
import { summarize } from '../../engine/reconcile/summary.ts';
import { median, timeRuns } from './stats.ts';

export interface ReconcileBenchResult {
  readonly clients: number;
  readonly statistics: number;
  readonly variances: number;
  readonly csvBytes: number;
  readonly importMs: readonly number[];
  readonly compareMs: readonly number[];
  readonly fullMs: readonly number[];
  readonly medians: { readonly import: number; readonly compare: number; readonly full: number };
}

export async function benchReconcile(runs = 5, clients = 2_000): Promise<ReconcileBenchResult> {
  const { ours, csv } = syntheticSite(clients);
  const formulas = loadLibrary().formulas;
  let legacy: LegacyExport | undefined;
  const importMs = await timeRuns(runs, async () => {
    legacy = readLegacyCsv(csv, 'synthetic.csv');
  });
  const imported = legacy as LegacyExport;
  let variances = 0;
  const compareMs = await timeRuns(
    runs,
    async () => {
      variances = compareWithLegacy(imported, ours).variances.length;
    },
    1,
  );
  const fullMs = await timeRuns(
    runs,
    async () => {
      const explained = explainVariances(compareWithLegacy(imported, ours), {
        formulas,
        other: ours,
        snapshotTakenAt: '2026-11-20T00:00:00Z',
        exportedAt: '2026-11-02T00:00:00Z',
      });
      summarize(applyAcceptances(explained, []));
    },
    1,
  );
  return {
    clients,
    statistics: be200Statistics.length,
    variances,
    csvBytes: csv.length,
    importMs,
    compareMs,
    fullMs,
    medians: { import: median(importMs), compare: median(compareMs), full: median(fullMs) },
  };
}

/** Our results and a legacy CSV of them with every 100th cell off by one; deterministic. */
function syntheticSite(clients: number): { ours: OurResults; csv: string } {
  const names = be200Statistics.map((column) => column.name);
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const ourClients = Array.from({ length: clients }, (_, i) => ({
    clientNumber: String(1000 + i),
    cltID: i + 1,
    clientName: `Client ${i}`,
    values: new Map(names.map((name) => [name, String(next() % 5 === 0 ? 0 : next() % 100_000)])),
  }));
  const lines = [['ClientNumber', 'ClientName', 'BillingCode', ...names].join(',')];
  let cell = 0;
  for (const client of ourClients) {
    const values = names.map((name) => {
      const value = Number(client.values.get(name)) + (++cell % 100 === 0 ? 1 : 0);
      return value >= 1000 ? `"${value.toLocaleString('en-US')}"` : String(value);
    });
    lines.push([client.clientNumber, client.clientName, 'B', ...values].join(','));
  }
  return { ours: { variant: 'legacy', clients: ourClients }, csv: `${lines.join('\r\n')}\r\n` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchReconcile();
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `reconcile ${result.clients} clients x ${result.statistics} statistics (${result.variances} variances, CSV ${(result.csvBytes / 2 ** 20).toFixed(1)} MiB): ` +
      `import ${ms(result.medians.import)}, compare ${ms(result.medians.compare)}, compare+explain+summary ${ms(result.medians.full)} (medians of ${result.importMs.length})`,
  );
}
