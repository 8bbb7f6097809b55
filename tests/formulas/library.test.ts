import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCatalog } from '../../engine/formulas/catalog.ts';
import { runFormulaTests } from '../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { loadQuirkCatalogue } from '../../engine/formulas/quirks.ts';
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
      expect({ test: outcome.test, mismatches: outcome.mismatches, error: outcome.error?.describe() }).toEqual({
        test: outcome.test,
        mismatches: [],
        error: undefined,
      });
    }
  });
});

describe('consensus variants', () => {
  const consensus = library.formulas.filter((formula) => formula.variant === 'consensus');
  const legacyByColumn = new Map(library.formulas.filter((f) => f.variant === 'legacy').map((f) => [f.legacy?.column, f]));
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
  });
  afterAll(() => sandbox.close());

  it('name the legacy statistic they revise and the quirks they fix, with the reason', () => {
    for (const formula of consensus) {
      expect(legacyByColumn.has(formula.statistic), formula.id).toBe(true);
      expect(formula.quirks.fixes.length, formula.id).toBeGreaterThan(0);
      expect(formula.description, formula.id).toContain('Consensus:');
    }
  });

  it.each(consensus.map((formula) => [formula.id, formula] as const))('%s differs from the legacy formula on its own fixture', async (_id, formula) => {
    const legacy = legacyByColumn.get(formula.statistic) as Formula;
    const [outcome] = await runFormulaTests({ ...legacy, tests: formula.tests.slice(0, 1) }, index, sandbox);
    expect(outcome?.error).toBeUndefined();
    expect(outcome?.mismatches.length, `legacy ${legacy.id} gives the consensus result`).toBeGreaterThan(0);
  });
});

describe('the catalogue', () => {
  it('formulas/CATALOG.md is the one generated from the formula files (run npx billing formula catalog)', () => {
    expect(readFileSync(new URL('../../formulas/CATALOG.md', import.meta.url), 'utf8')).toBe(renderCatalog(library.formulas, loadQuirkCatalogue()));
  });
});
