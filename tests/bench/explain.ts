/**
 * Benchmark artefact: EXPLAIN ANALYZE of every query a full Billing Export 200 runs (each fused
 * group and each formula that runs alone), with each query's own time, written as text files under
 * the bench output folder. Says where a recompute spends its time. `npx tsx tests/bench/explain.ts
 * <data.duckdb> <manifest.json> [out-dir]` runs it on a snapshot of one's own.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formulasForReport } from '../../engine/be200/select-formulas.ts';
import { compileFormula } from '../../engine/formulas/compile.ts';
import { groupQuery } from '../../engine/formulas/evaluate.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import { planFusion } from '../../engine/formulas/fuse.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { bindParameters, type BoundParameters } from '../../engine/formulas/params.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { writeParameters } from '../../engine/formulas/written-parameters.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { median, timeRuns } from './stats.ts';

/** Timed runs of each query, after one that reads its data in. */
const WARM_RUNS = 3;

export interface ExplainedQuery {
  readonly label: string;
  readonly formulas: number;
  readonly ms: number;
  readonly file: string;
}

export interface ExplainResult {
  readonly folder: string;
  readonly planMs: number;
  readonly queries: readonly ExplainedQuery[];
}

/** EXPLAIN ANALYZE of each query of the legacy report on `sandbox`, one text file per query in `folder`. */
export async function explainReport(sandbox: Sandbox, manifest: Manifest, folder: string): Promise<ExplainResult> {
  const library = loadLibrary();
  const index = indexFormulas(library.formulas);
  const legacy = formulasForReport(library.formulas, 'legacy');
  const params: Record<string, ParamValue> = { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: 10 };
  const planStarted = performance.now();
  const plan = await planFusion(sandbox.connection, legacy);
  const planMs = performance.now() - planStarted;
  const queries = [
    ...(await Promise.all(
      plan.fused.map(async (group, i) => {
        // As the evaluator runs it: over the join's derived facts (and stored expressions) where the snapshot has them.
        const { sql, parameters } = await groupQuery(sandbox, group, params);
        return { label: `group-${i}`, formulas: group.members.length, sql, bound: bindParameters(parameters, params) };
      }),
    )),
    ...plan.alone.map((formula) => {
      const compiled = compileFormula(formula, index);
      return { label: `alone-${formula.id}`, formulas: 1, sql: compiled.sql, bound: bindParameters(compiled.parameters, params, formula.id) };
    }),
  ];
  mkdirSync(folder, { recursive: true });
  const explained: ExplainedQuery[] = [];
  for (const query of queries) {
    // Timed on its own first (EXPLAIN ANALYZE adds profiling cost), warm as a recompute finds it:
    // one run to read the data in, then the median of three, each read as the evaluator reads it.
    const ms = median(await timeRuns(WARM_RUNS, () => sandbox.queryColumns(query.sql, query.bound, query.label).then(() => undefined), 1));
    const plan = await explainAnalyze(sandbox, query.sql, query.bound);
    const file = join(folder, `${query.label}.txt`);
    writeFileSync(file, `-- ${query.formulas} formula(s), ${ms.toFixed(1)} ms warm (median of ${WARM_RUNS}) without profiling\n${query.sql}\n\n${plan}\n`);
    explained.push({ label: query.label, formulas: query.formulas, ms, file });
  }
  explained.sort((a, b) => b.ms - a.ms);
  writeFileSync(
    join(folder, 'summary.txt'),
    `${[`planning ${planMs.toFixed(0)} ms`, ...explained.map((q) => `${q.ms.toFixed(1).padStart(9)} ms  ${String(q.formulas).padStart(3)} formula(s)  ${q.label}`)].join('\n')}\n`,
  );
  return { folder, planMs, queries: explained };
}

/** `explainReport` on a sandbox of its own over `dataFile`. */
export async function explainSnapshot(dataFile: string, manifest: Manifest, folder: string): Promise<ExplainResult> {
  const sandbox = await openSnapshotSandbox(dataFile);
  try {
    return await explainReport(sandbox, manifest, folder);
  } finally {
    sandbox.close();
  }
}

/**
 * The engine's own statement on the sandbox's connection: the SQL is the report's own, validated
 * formulas, with the values written in as the sandbox runs it (written-parameters.ts).
 */
async function explainAnalyze(sandbox: Sandbox, sql: string, bound: BoundParameters): Promise<string> {
  const written = writeParameters(sql, bound);
  const prepared = await sandbox.connection.prepare(`EXPLAIN ANALYZE ${written.sql}`);
  prepared.bind(written.bound.values, written.bound.types);
  const rows = (await prepared.runAndReadAll()).getRows();
  return rows.map((row) => String(row[1] ?? row[0])).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataFile, manifestFile, out = join('bench-results', 'explain')] = process.argv.slice(2);
  if (!dataFile || !manifestFile) throw new Error('usage: explain.ts <data.duckdb> <manifest.json> [out-dir]');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const result = await explainSnapshot(dataFile, manifest, out);
  console.log(readFileSync(join(result.folder, 'summary.txt'), 'utf8'));
}
