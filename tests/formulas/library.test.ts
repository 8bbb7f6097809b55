import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFormulaTests } from '../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { dependencyOrder, indexFormulas, type FormulaIndex } from '../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { openValidator, type Validator } from '../../engine/formulas/validate.ts';
import type { Formula } from '../../engine/formulas/definition.ts';

// Every formula file of the shipped library parses, validates and passes its own fixture tests.
const library = loadLibrary();
const index: FormulaIndex = indexFormulas(library.formulas);
const inDependencyOrder: Formula[] = [];
for (const formula of library.formulas) {
  for (const f of [...dependencyOrder(formula, index), formula]) if (!inDependencyOrder.includes(f)) inDependencyOrder.push(f);
}

describe('the formula library', () => {
  let validator: Validator;
  let sandbox: Sandbox;
  beforeAll(async () => {
    validator = await openValidator();
    sandbox = await openScratchSandbox();
  });
  afterAll(() => {
    validator.close();
    sandbox.close();
  });

  it('loads every formula file without an error', () => {
    expect(library.errors.map((error) => error.describe())).toEqual([]);
    expect(library.formulas.length).toBeGreaterThanOrEqual(264);
  });

  it.each(inDependencyOrder.map((formula) => [formula.id, formula] as const))('%s validates and passes its fixture tests', async (_id, formula) => {
    const validation = await validator.validate(formula, index);
    expect(validation.errors.map((error) => error.describe())).toEqual([]);
    expect(formula.tests.length).toBeGreaterThan(0);
    const outcomes = await runFormulaTests(formula, index, sandbox);
    for (const outcome of outcomes) {
      expect({ test: outcome.test, mismatches: outcome.mismatches, error: outcome.error?.describe() }).toEqual({ test: outcome.test, mismatches: [], error: undefined });
    }
  });
});
