/**
 * `npm run bench` at the tiny scale with one run, as a CI smoke test: every benchmark runs and
 * reports, the fused export, naive DuckDB and PostgreSQL agree on every (client, statistic) cell,
 * and the JSON is written. Only structure is asserted, never a time. Lives outside tests/bench/
 * because vitest.config.ts excludes that folder (the benchmarks themselves are not tests).
 * Needs the local PostgreSQL on 127.0.0.1:5432, as the extraction tests do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { runBench, type BenchResults } from '../bench/run.ts';
import { RATE_ONLY_RUNS } from '../bench/what-if.ts';

const outDir = mkdtempSync(join(tmpdir(), 'billing-bench-smoke-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the benchmark suite at tiny scale', () => {
  it('runs every benchmark once, finds the three engines identical on every cell and writes the results as JSON', async () => {
    const lines: string[] = [];
    const { results, file } = await runBench({ scales: ['tiny'], runs: 1, outDir, log: (line) => lines.push(line) });

    const [tiny] = results.scales;
    expect(results.scales).toHaveLength(1);
    const identical = tiny?.export?.identical;
    expect(identical?.passed).toBe(true);
    expect(identical?.statistics).toBe(be200Statistics.length);
    expect(identical?.cells).toBe((identical?.clients ?? 0) * be200Statistics.length);
    expect(identical?.clients).toBeGreaterThan(0);

    for (const runs of [tiny?.export?.coldMs, tiny?.export?.warmMs, tiny?.export?.naiveMs, tiny?.export?.postgresMs, tiny?.export?.floor.runsMs])
      expect(runs).toHaveLength(1);
    expect(tiny?.formulaEdit.recomputed).toEqual(expect.arrayContaining([tiny?.formulaEdit.formula, ...(tiny?.formulaEdit.dependents ?? [])]));
    expect(tiny?.formulaEdit.dependents.length).toBeGreaterThan(0);
    // The rate-only what-if is timed at least RATE_ONLY_RUNS times, whatever the runs asked for.
    expect(tiny?.whatIf.runsMs).toHaveLength(RATE_ONLY_RUNS);
    expect(tiny?.timeCapWhatIf.runsMs).toHaveLength(1);
    expect(tiny?.extraction?.rows).toBeGreaterThan(0);
    expect(tiny?.extraction?.copy.rows).toBe(tiny?.extraction?.rows);
    expect(tiny?.peakRssBytes).toBeGreaterThan(0);
    // PostgreSQL fused agrees with one query per formula on every cell, and each way runs more than once.
    expect(tiny?.postgres?.cellsChecked).toBeGreaterThan(0);
    expect(tiny?.postgres?.groups).toBeGreaterThan(0);
    expect(tiny?.postgres?.perFormulaMs.length).toBeGreaterThanOrEqual(3);
    expect(tiny?.postgres?.fusedMs.length).toBeGreaterThanOrEqual(3);
    // Cold is a fresh process, CSV written; the what-if says what it rated again.
    expect(tiny?.coldExport.processMs).toHaveLength(1);
    expect(tiny?.coldExport.csvBytes).toBeGreaterThan(0);
    // The floor the warm export is divided by runs beside it: one floor per warm run.
    expect(tiny?.coldExport.floorMs).toHaveLength(tiny?.coldExport.warmWithCsvMs.length ?? -1);
    expect(tiny?.coldExport.medians.floor).toBeGreaterThan(0);
    expect(tiny?.cliWhatIf.runsMs).toHaveLength(1);
    expect(tiny?.whatIf.work).toMatchObject({ baselineQueried: false, scenarioQueried: false });
    expect(tiny?.whatIf.work.reRated).toBeGreaterThan(0);
    expect(tiny?.figures.find((figure) => figure.name.startsWith('what-if in the browser'))?.target).toBe('<= 150 ms');
    expect(results.reconcile.statistics).toBe(be200Statistics.length);

    const written = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    expect(written.scales[0]?.export?.identical.passed).toBe(true);
    expect(written.scales[0]?.figures.map((figure) => figure.name)).toEqual(tiny?.figures.map((figure) => figure.name));
    expect(lines.join('\n')).toMatch(/full export, warm[\s\S]*peak RSS/);
  }, 300_000);
});
