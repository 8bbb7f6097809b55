/**
 * `npm run bench`: runs the benchmarks, prints a table of medians per scale (each figure with its
 * target) and how cost grows across them, and writes the results as JSON to bench-results/. Flags:
 * `--scales tiny,small,large` (default; add `year` for twelve months at large scale, generated once
 * and kept in bench-results/snapshots/), `--runs N` timed runs after a warm-up (default 5),
 * `--slow-runs N` for the naive baseline and extraction, which take minutes at large (default:
 * --runs); PostgreSQL runs at least 3 times each way. `--scales tiny --runs 1` is the smoke run CI makes
 * (tests/bench-suite/bench-smoke.test.ts). Nothing is asserted: the machine is shared, so figures
 * are medians and ratios from one run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { scaleNamed, type ScaleName } from '../../snapshots/demo/scales.ts';
import { benchBrowserWhatIf } from './browser-what-if.ts';
import { benchColdExport } from './cold-export.ts';
import { benchDemoGeneration, type GenerationResult } from './demo-generation.ts';
import { explainSnapshot } from './explain.ts';
import { benchExtraction } from './extraction.ts';
import { benchFormulaEdit } from './formula-edit.ts';
import { benchFullExport } from './full-export.ts';
import { benchPostgres } from './pg-fused.ts';
import { loadSnapshotIntoPostgres } from './pg-report.ts';
import { benchPortal, type PortalBenchResult, portalTable } from './portal.ts';
import { benchReconcile, type ReconcileBenchResult } from './reconcile.ts';
import { ownPeakRss } from './rss-probe.ts';
import { rssSampler } from './stats.ts';
import { figuresOf, formatGrowth, formatTable, type Figure, type ScaleFigures } from './targets.ts';
import { benchCliWhatIf, benchTimeCapWhatIf, benchWhatIf } from './what-if.ts';

export interface BenchOptions {
  readonly scales: readonly ScaleName[];
  readonly runs: number;
  readonly slowRuns?: number;
  readonly outDir?: string;
  readonly log?: (line: string) => void;
}

export interface ScaleResult extends ScaleFigures {
  readonly generation: GenerationResult;
  /** Absent at `year`, which has no PostgreSQL baseline. */
  readonly postgresLoad?: { readonly ms: number; readonly indexes: readonly string[] };
  readonly figures: readonly Figure[];
  /** One-minute load average before and after the scale: the machine is shared, and this says how busy it was. */
  readonly loadAverage: { readonly before: number; readonly after: number };
  /** The customer portal's pages with 50 client users at once (tests/bench/portal.ts). */
  readonly portal?: PortalBenchResult;
}

export interface BenchResults {
  readonly machine: { readonly cpus: number; readonly memoryBytes: number; readonly node: string };
  readonly runs: number;
  readonly slowRuns: number;
  readonly scales: readonly ScaleResult[];
  readonly reconcile: ReconcileBenchResult;
}

/** PostgreSQL runs of each kind, whatever --slow-runs says: one run is not a median. */
const MIN_POSTGRES_RUNS = 3;

/**
 * Runs every benchmark at each scale, prints each scale's table and how cost grows, writes the JSON;
 * returns both. `year` (large over twelve months) is opt-in: its snapshot is generated once and
 * kept, and it has no naive, PostgreSQL, browser or extraction figures (loading 18 million calls
 * into PostgreSQL alone takes longer than the rest of the suite).
 */
export async function runBench({
  scales,
  runs,
  slowRuns = runs,
  outDir = 'bench-results',
  log = console.log,
}: BenchOptions): Promise<{ results: BenchResults; file: string }> {
  const results: ScaleResult[] = [];
  for (const scale of scales) {
    const loadBefore = loadavg()[0] as number;
    const withBaselines = scale !== 'year';
    let measured: Omit<ScaleResult, 'generation' | 'figures' | 'loadAverage'> | undefined;
    const generation = await benchDemoGeneration(scale, withBaselines ? Math.min(runs, 3) : 1, async (dataFile, manifest) => {
      const baseline = withBaselines ? await loadSnapshotIntoPostgres(dataFile) : undefined;
      if (baseline) log(`${scale}: snapshot loaded into PostgreSQL in ${(baseline.loadMs / 1000).toFixed(1)} s`);
      try {
        // Peak RSS covers the export, the formula edit and the what-ifs (not the PostgreSQL load).
        const sampler = rssSampler();
        const exported = baseline ? await benchFullExport(dataFile, manifest, baseline, { runs, slowRuns }) : undefined;
        if (exported) {
          const m = exported.medians;
          log(
            `${scale}: identical ${exported.identical.passed} (${exported.identical.cells} cells); export cold ${ms(m.cold)}, warm ${ms(m.warm)}, naive ${ms(m.naive)}, PostgreSQL ${ms(m.postgres)}, floor ${ms(m.floor)}`,
          );
        }
        const postgres = baseline ? await benchPostgres(baseline, dataFile, manifest, Math.max(MIN_POSTGRES_RUNS, slowRuns), exported?.postgresMs) : undefined;
        if (postgres)
          log(
            `${scale}: PostgreSQL one query per formula ${ms(postgres.medians.perFormula)}, fused ${ms(postgres.medians.fused)} (${postgres.groups} groups, ${postgres.alone} alone; ${postgres.cellsChecked} cells equal)`,
          );
        const formulaEdit = await benchFormulaEdit(dataFile, manifest, runs);
        const whatIf = await benchWhatIf(dataFile, manifest, runs);
        const timeCapWhatIf = await benchTimeCapWhatIf(dataFile, manifest, runs);
        const peakRssBytes = sampler.stop();
        log(
          `${scale}: formula edit ${ms(formulaEdit.medianMs)}, what-if rate-only ${ms(whatIf.medianMs)} (${whatIf.work.reRated} of ${whatIf.work.accounts} invoices rated again), TimeCap ${ms(timeCapWhatIf.medianMs)}, peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
        );
        // Not inside the peak RSS: a sandbox of its own.
        const explained = await explainSnapshot(dataFile, manifest, join(outDir, `explain-${scale}`));
        log(
          `${scale}: EXPLAIN ANALYZE of the report's ${explained.queries.length} queries in ${explained.folder} (slowest: ${explained.queries
            .slice(0, 3)
            .map((q) => `${q.label} ${ms(q.ms)}`)
            .join(', ')})`,
        );
        const slowScale = withBaselines ? runs : 1;
        // Whole processes are slow, three at most; the warm export in the first of them as many times as any other figure.
        const coldExport = benchColdExport(dataFile, manifest, Math.max(1, Math.min(slowScale, 3)), slowScale);
        log(
          `${scale}: export with CSV: cold (fresh process) ${ms(coldExport.medians.inProcessCold)}, whole command ${ms(coldExport.medians.process)}, warm ${ms(coldExport.medians.warmWithCsv)}`,
        );
        const cliWhatIf = benchCliWhatIf(dataFile, manifest, Math.max(1, Math.min(slowScale, 3)));
        log(`${scale}: billing scenario compare, whole process ${ms(cliWhatIf.medianMs)}`);
        const ownRss = ownPeakRss(dataFile, join(dirname(dataFile), 'manifest.json'), withBaselines ? runs : 1);
        const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
        log(
          `${scale}: peak RSS of our work alone ${mib(ownRss.peakRssBytes)} (export ${mib(ownRss.phases.export)}, formula edit ${mib(ownRss.phases.formulaEdit)}, what-if ${mib(ownRss.phases.whatIf)}, TimeCap ${mib(ownRss.phases.timeCapWhatIf)})`,
        );
        const browserWhatIf = withBaselines ? await benchBrowserWhatIf(dataFile, manifest, runs) : undefined;
        if (browserWhatIf) log(`${scale}: what-if in the browser, rate edit to new totals ${ms(browserWhatIf.medianMs)} (${browserWhatIf.accounts} accounts)`);
        const portal = withBaselines ? await benchPortal(dataFile, manifest, runs) : undefined;
        if (portal) log(`${scale}: ${portalTable(portal)}`);
        const extraction = baseline ? await benchExtraction(baseline, manifest, slowRuns) : undefined;
        measured = {
          scale,
          calls: manifest.tables.statCallStart?.rows ?? 0,
          ...(exported ? { export: exported } : {}),
          ...(postgres ? { postgres } : {}),
          coldExport,
          formulaEdit,
          whatIf,
          timeCapWhatIf,
          cliWhatIf,
          ...(browserWhatIf ? { browserWhatIf } : {}),
          ...(portal ? { portal } : {}),
          ...(extraction ? { extraction } : {}),
          peakRssBytes,
          ownRss,
          ...(baseline ? { postgresLoad: { ms: baseline.loadMs, indexes: baseline.indexes } } : {}),
        };
      } finally {
        await baseline?.testbed.close();
      }
    });
    if (!measured) throw new Error(`no results at ${scale}`);
    const figures = [...generationFigures(generation), ...figuresOf(measured)];
    const loadAverage = { before: loadBefore, after: loadavg()[0] as number };
    results.push({ ...measured, generation, figures, loadAverage });
    const runsText = runs === slowRuns ? `${runs} runs` : `${runs} runs (${slowRuns} for naive and extraction)`;
    log(
      `\n${formatTable(scale, figures, `${runsText}, ${cpus().length} cores, load average ${loadAverage.before.toFixed(1)} -> ${loadAverage.after.toFixed(1)}`)}\n`,
    );
  }
  if (results.length > 1) log(`${formatGrowth(results)}\n`);
  const reconcile = await benchReconcile(runs, scaleNamed(scales.filter((scale) => scale !== 'year').at(-1) ?? 'tiny').clients);
  log(
    `reconcile ${reconcile.clients} clients x ${reconcile.statistics} statistics: import ${reconcile.medians.import.toFixed(0)} ms, compare ${reconcile.medians.compare.toFixed(0)} ms, compare+explain+summary ${reconcile.medians.full.toFixed(0)} ms`,
  );
  const all: BenchResults = { machine: { cpus: cpus().length, memoryBytes: totalmem(), node: process.version }, runs, slowRuns, scales: results, reconcile };
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(all, null, 2));
  log(`results written to ${file}`);
  return { results: all, file };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function generationFigures(generation: GenerationResult): Figure[] {
  const rows = Object.values(generation.rows).reduce((sum, n) => sum + n, 0);
  return [
    {
      name: `demo snapshot generation (${rows.toLocaleString('en-US')} rows, ${(generation.fileBytes / 2 ** 20).toFixed(0)} MiB)`,
      value: `${(generation.medianMs / 1000).toFixed(1)} s${generation.cached ? ' (kept from an earlier run)' : ''}`,
      target: '',
      met: undefined,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { scales: { type: 'string', default: 'tiny,small,large' }, runs: { type: 'string', default: '5' }, 'slow-runs': { type: 'string' } },
  });
  const scales = (values.scales as string).split(',').map((name) => scaleNamed(name.trim()).name);
  const runs = Number(values.runs);
  await runBench({ scales, runs, slowRuns: values['slow-runs'] ? Number(values['slow-runs']) : runs });
}
