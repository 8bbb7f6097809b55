/** Test support for the formula engine: a formula made in a test, from an id and its SQL. */
import type { Formula } from '../../../engine/formulas/definition.ts';

/** A custom counting formula whose id names its title, description and statistic. */
export const testFormula = (id: string, sql: string, params: Formula['params'] = []): Formula => ({
  kind: 'formula',
  id,
  title: id,
  description: id,
  unit: 'count',
  family: 'test',
  variant: 'custom',
  statistic: id,
  quirks: { reproduces: [], fixes: [] },
  params,
  sql,
  tests: [],
});
