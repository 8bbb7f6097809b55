/**
 * What the server checks about a formula text before it becomes a version: it parses, validates
 * against the active library (where it replaces the formula of the same id), and passes its
 * fixture tests.
 */
import { EngineError } from '../../engine/errors.ts';
import type { Formula } from '../../engine/formulas/definition.ts';
import { runFormulaTests, type TestOutcome } from '../../engine/formulas/fixtures.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { dependencyOrder, indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { defaultLimits, openScratchSandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator } from '../../engine/formulas/validate.ts';
import type { ActiveLibrary } from '../context.ts';
import { interruptOnBudget, turnLimits } from './execution-pool.ts';

export interface CheckReport {
  readonly formula?: Formula;
  readonly errors: readonly { code: string; message: string; line?: number; column?: number; field?: string }[];
  readonly tests: readonly { name: string; passed: boolean; mismatches: readonly (readonly [number, string, string])[]; error?: string }[];
}

/** The library with `formula` in place of the formula of the same id. */
export function withFormula(library: Pick<ActiveLibrary, 'formulas'>, formula: Formula): FormulaIndex {
  return indexFormulas([...library.formulas.filter((f) => f.id.toLowerCase() !== formula.id.toLowerCase()), formula]);
}

/**
 * Refuses a formula that does not validate against `index` (its dependencies included), before any
 * of its SQL runs: every path that runs a formula not taken from a release (a draft in the grid or a
 * review, a text being edited, a file on the command line) goes through here first.
 * @example await mustValidate(draft, withFormula(library, draft)) // throws EngineError('forbidden_function', …) for current_setting()
 */
export async function mustValidate(formula: Formula, index: FormulaIndex): Promise<void> {
  const validator = await openValidator();
  try {
    for (const f of [...dependencyOrder(formula, index), formula]) {
      const [first] = (await validator.validate(f, index)).errors;
      if (first) throw first;
    }
  } finally {
    validator.close();
  }
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
  // Within a request's turn: the turn's memory share and what is left of its time budget.
  const sandbox = await openScratchSandbox(turnLimits(defaultLimits));
  const endBudget = interruptOnBudget(sandbox);
  try {
    const outcomes = await runFormulaTests(formula, index, sandbox);
    return { formula, errors, tests: outcomes.map(testOf) };
  } finally {
    endBudget();
    sandbox.close();
  }
}

export function testsPass(report: CheckReport): boolean {
  return report.errors.length === 0 && report.tests.length > 0 && report.tests.every((test) => test.passed);
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
