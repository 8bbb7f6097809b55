/**
 * Benchmark tool: two builds of the warm export compared in one process, so that the machine's
 * drift between processes (large on a shared two-core machine) does not decide the comparison.
 * Each tree's own report and CSV modules are loaded side by side and run on one held-open snapshot,
 * alternately (which runs first swaps every round), CSV written each time; it prints each build's
 * median, the median of the paired differences and how often the second build was faster, and checks
 * that both wrote the same bytes. The CPU time (the process's, DuckDB's threads included) is printed
 * beside the wall time: on a busy two-core machine it moves less than the clock. With a git worktree of the other build (node_modules linked):
 *
 *   node --import tsx tests/bench/ab-export.ts <tree A> <tree B> <data.duckdb> <manifest.json> [rounds]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Report, ReportRequest } from '../../engine/be200/report.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { median } from './stats.ts';

interface Build {
  readonly buildBe200Report: (request: ReportRequest) => Promise<Report>;
  readonly reportToCsv: (report: Report) => string;
}

async function loadBuild(tree: string): Promise<Build> {
  const { buildBe200Report } = (await import(join(resolve(tree), 'engine/be200/report.ts'))) as Pick<Build, 'buildBe200Report'>;
  const { reportToCsv } = (await import(join(resolve(tree), 'engine/be200/csv.ts'))) as Pick<Build, 'reportToCsv'>;
  return { buildBe200Report, reportToCsv };
}

const [treeA, treeB, dataFile, manifestFile, rounds = '30'] = process.argv.slice(2);
if (!treeA || !treeB || !dataFile || !manifestFile) throw new Error('usage: ab-export.ts <tree A> <tree B> <data.duckdb> <manifest.json> [rounds]');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
const builds = [await loadBuild(treeA), await loadBuild(treeB)] as const;
const library = loadLibrary();
const index = indexFormulas(library.formulas);
const sandbox = await openSnapshotSandbox(dataFile);
const outputs = [join(tmpdir(), 'ab-export-a.csv'), join(tmpdir(), 'ab-export-b.csv')] as const;
try {
  /** Wall time and the process's CPU time (every DuckDB thread included) of one export. */
  const exportWith = async (which: 0 | 1): Promise<{ ms: number; cpuMs: number }> => {
    const build = builds[which];
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await build.buildBe200Report({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index,
      variant: 'legacy',
      params: { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: '10' },
      includeCltId: true,
    });
    writeFileSync(outputs[which], build.reportToCsv(report));
    const cpu = process.cpuUsage(cpuBefore);
    return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  // Warm-up: data read in, statements prepared, code optimised, derived facts stored for both.
  for (let i = 0; i < 3; i++) {
    await exportWith(0);
    await exportWith(1);
  }
  const times: [number[], number[]] = [[], []];
  const cpuTimes: [number[], number[]] = [[], []];
  for (let round = 0; round < Number(rounds); round++) {
    const order = round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const { ms, cpuMs } = await exportWith(which);
      times[which].push(ms);
      cpuTimes[which].push(cpuMs);
    }
  }
  const differences = times[1].map((b, i) => b - (times[0][i] as number));
  const same = readFileSync(outputs[0]).equals(readFileSync(outputs[1]));
  console.log(
    `A ${median(times[0]).toFixed(1)} ms (CPU ${median(cpuTimes[0]).toFixed(1)} ms), B ${median(times[1]).toFixed(1)} ms (CPU ${median(cpuTimes[1]).toFixed(1)} ms); median of B - A ${median(differences).toFixed(1)} ms; B faster in ${differences.filter((d) => d < 0).length} of ${rounds}; same CSV: ${same}`,
  );
} finally {
  sandbox.close();
}
