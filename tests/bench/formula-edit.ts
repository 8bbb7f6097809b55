/**
 * Benchmark: a formula edit in the workbench, from the edited text to the recomputed grid: parse,
 * validate (its dependencies, then itself, as server/services/formula-checks.ts does), then
 * evaluate every report statistic and every dependent with the grid's warm result cache, so that
 * exactly the edited formula and its dependents are recomputed (engine/formulas/evaluate.ts).
 *
 * The edited formula is the one with the most dependents in the library's dependency graph. The
 * shipped library has no formula that uses another yet, so when the graph is empty the benchmark
 * adds one custom formula built on SelSecDuration (the live minutes the example setup bills) and
 * edits SelSecDuration. Each run's edit adds a comment line to the SQL: a new content hash, so the
 * engine treats it as changed exactly as it would a changed condition.
 */
import { formulasForReport } from '../../engine/be200/select-formulas.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import { createEvaluator } from '../../engine/formulas/evaluate.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { dependencyOrder, dependents, indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator } from '../../engine/formulas/validate.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { median, timeRuns } from './stats.ts';

export interface FormulaEditResult {
  readonly formula: string;
  readonly dependents: readonly string[];
  /** Whether the dependent is the benchmark's own (the library has none). */
  readonly syntheticDependent: boolean;
  /** Formulas and queries the last edit recomputed. */
  readonly recomputed: readonly string[];
  readonly queries: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** Opening a validator (a scratch DuckDB with the IS tables), once per editing session; not in runsMs. */
  readonly validatorOpenMs: number;
}

const SYNTHETIC_DEPENDENT = `id: SelSecMinutesBench
title: 'Selected Secretarial time in whole minutes'
description: 'A formula built on SelSecDuration, so that editing SelSecDuration has a dependent to recompute.'
unit: count
family: calls
variant: custom
sql: |
  SELECT cltID, value // 60 AS value FROM formulas.SelSecDuration
`;

export async function benchFormulaEdit(dataFile: string, manifest: Manifest, runs: number): Promise<FormulaEditResult> {
  const loaded = loadLibrary();
  const shipped = loaded.formulas;
  const { edited, extra, syntheticDependent } = chooseEdit(shipped);
  const file = loaded.files.find((f) => f.formula.id === edited.id) as { path: string; text: string };
  const library = [...shipped, ...extra];
  const users = [...(dependents(indexFormulas(library)).get(edited.id) ?? [])];
  const params = { start: manifest.period.start, end: manifest.period.end, time_cap_minutes: 10 };
  const grid = (formulas: readonly Formula[]) => [...formulasForReport(formulas, 'legacy'), ...formulas.filter((f) => users.includes(f.id))];
  const sandbox = await openSnapshotSandbox(dataFile);
  const validatorStarted = performance.now();
  const validator = await openValidator();
  const validatorOpenMs = performance.now() - validatorStarted;
  try {
    const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index: indexFormulas(library) });
    await evaluator.evaluate(grid(library), params);
    let revision = 0;
    let last = { computed: [] as readonly string[], queries: 0 };
    const runsMs = await timeRuns(
      runs,
      async () => {
        const text = file.text.replace(/^sql: \|\n/m, `sql: |\n  -- revision ${++revision}\n`);
        const formula = parseFormulaFile(text, file.path);
        const formulas = library.map((f) => (f.id === formula.id ? formula : f));
        const index = indexFormulas(formulas);
        for (const f of [...dependencyOrder(formula, index), formula]) {
          const { errors } = await validator.validate(f, index);
          if (errors.length > 0) throw new Error(`the edited ${f.id} does not validate: ${errors.map((e) => e.message).join('; ')}`);
        }
        const evaluation = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, cache: evaluator.cache }).evaluate(
          grid(formulas),
          params,
        );
        last = { computed: evaluation.computed, queries: evaluation.queries };
      },
      1,
    );
    return {
      formula: edited.id,
      dependents: users,
      syntheticDependent,
      recomputed: last.computed,
      queries: last.queries,
      runsMs,
      medianMs: median(runsMs),
      validatorOpenMs,
    };
  } finally {
    validator.close();
    sandbox.close();
  }
}

/** The formula with the most dependents, or SelSecDuration with the benchmark's dependent. */
function chooseEdit(formulas: readonly Formula[]): { edited: Formula; extra: Formula[]; syntheticDependent: boolean } {
  const index = indexFormulas(formulas);
  const ranked = [...dependents(index)].sort((a, b) => b[1].size - a[1].size);
  const best = ranked[0] && index.get(ranked[0][0].toLowerCase());
  if (best) return { edited: best, extra: [], syntheticDependent: false };
  const edited = index.get('selsecduration') as Formula;
  return { edited, extra: [parseFormulaFile(SYNTHETIC_DEPENDENT, 'bench/SelSecMinutesBench.yaml')], syntheticDependent: true };
}
