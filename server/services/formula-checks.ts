/**
 * What the server checks about a formula text before it becomes a version: it parses, validates
 * against the active library (where it replaces the formula of the same id), and passes its
 * fixture tests. Also runs formulas on snapshots and compares two versions' results.
 */
import { diffValues, type Delta } from '../../engine/diff/delta.ts';
import { EngineError } from '../../engine/errors.ts';
import { compileFormula } from '../../engine/formulas/compile.ts';
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { runFormulaTests, type TestOutcome } from '../../engine/formulas/fixtures.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { dependencyOrder, indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { runCompiled } from '../../engine/formulas/run.ts';
import { openScratchSandbox, openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator } from '../../engine/formulas/validate.ts';
import { readManifest, snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import type { ActiveLibrary, ServerContext } from '../context.ts';

export interface CheckReport {
  readonly formula?: Formula;
  readonly errors: readonly { code: string; message: string; line?: number; column?: number; field?: string }[];
  readonly tests: readonly { name: string; passed: boolean; mismatches: readonly (readonly [number, string, string])[]; error?: string }[];
}

/** The library with `formula` in place of the formula of the same id. */
export function withFormula(library: ActiveLibrary, formula: Formula): FormulaIndex {
  return indexFormulas([...library.formulas.filter((f) => f.id.toLowerCase() !== formula.id.toLowerCase()), formula]);
}

export async function checkFormulaText(text: string, library: ActiveLibrary, { runTests = true }: { runTests?: boolean } = {}): Promise<CheckReport> {
  let formula: Formula;
  try {
    formula = parseFormulaFile(text, 'draft.yaml');
  } catch (error) {
    if (error instanceof EngineError) return { errors: [problemOf(error)], tests: [] };
    throw error;
  }
  const index = withFormula(library, formula);
  const validator = await openValidator();
  const errors: CheckReport['errors'][number][] = [];
  try {
    for (const f of [...dependencyOrder(formula, index), formula]) {
      const validation = await validator.validate(f, index);
      if (f === formula) errors.push(...validation.errors.map(problemOf));
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    errors.push(problemOf(error));
  } finally {
    validator.close();
  }
  if (errors.length > 0 || !runTests) return { formula, errors, tests: [] };
  const sandbox = await openScratchSandbox();
  try {
    const outcomes = await runFormulaTests(formula, index, sandbox);
    return { formula, errors, tests: outcomes.map(testOf) };
  } finally {
    sandbox.close();
  }
}

export function testsPass(report: CheckReport): boolean {
  return report.errors.length === 0 && report.tests.length > 0 && report.tests.every((test) => test.passed);
}

/** Values per client of a formula on a snapshot. */
export async function runOnSnapshot(
  ctx: ServerContext,
  snapshotId: string,
  formula: Formula,
  index: FormulaIndex,
  params: Readonly<Record<string, ParamValue>> = {},
): Promise<Map<number, string>> {
  const manifest = readManifest(ctx.workspace, snapshotId);
  const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, snapshotId));
  try {
    const result = await runCompiled(sandbox, compileFormula(formula, index), { start: manifest.period.start, end: manifest.period.end, ...params });
    return new Map(result.values);
  } finally {
    sandbox.close();
  }
}

/** Which clients move between two versions of a formula on a snapshot, and by how much. */
export async function resultDiff(
  ctx: ServerContext,
  snapshotId: string,
  before: Formula | undefined,
  after: Formula,
  library: ActiveLibrary,
): Promise<Delta[]> {
  const index = withFormula(library, after);
  const afterValues = await runOnSnapshot(ctx, snapshotId, after, index);
  const beforeValues = before ? await runOnSnapshot(ctx, snapshotId, before, withFormula(library, before)) : new Map<number, string>();
  const keyed = (values: Map<number, string>) => new Map([...values].map(([clt, value]) => [String(clt).padStart(10, '0'), value]));
  return diffValues(keyed(beforeValues), keyed(afterValues), (key) => [String(Number(key))]);
}

function problemOf(error: EngineError): CheckReport['errors'][number] {
  const { line, column, field } = error.location;
  return {
    code: error.code,
    message: error.message,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(field !== undefined ? { field } : {}),
  };
}

function testOf(outcome: TestOutcome): CheckReport['tests'][number] {
  return { name: outcome.test, passed: outcome.passed, mismatches: outcome.mismatches, ...(outcome.error ? { error: outcome.error.describe() } : {}) };
}
