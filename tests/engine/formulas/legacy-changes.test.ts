import { describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { legacyChanges } from '../../../engine/formulas/legacy-changes.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';

const formula = (id: string, sql: string, variant: Formula['variant'] = 'legacy'): Formula => ({
  kind: 'formula',
  id,
  title: id,
  description: '',
  unit: 'count',
  family: 'calls',
  variant,
  statistic: id,
  quirks: { reproduces: [], fixes: [] },
  params: [],
  sql,
  tests: [],
});

const shipped = [
  formula('Calls', 'SELECT cltID, count(*) AS value FROM statCallEnd GROUP BY cltID'),
  formula('Twice', 'SELECT cltID, 2 * value AS value FROM formulas.Calls'),
];

describe('legacy formulas changed from the shipped reproduction', () => {
  it('finds none in the shipped library itself, whatever the line endings and whole-line comments', () => {
    const same = shipped.map((f) => ({ ...f, sql: `  -- reviewed\r\n${f.sql}\r\n  ` }));
    expect(legacyChanges(same, indexFormulas(same), indexFormulas(shipped))).toEqual([]);
  });

  it('names a legacy formula whose SQL changed, and one that reads it', () => {
    const changed = [formula('Calls', 'SELECT cltID, count(*) + 1 AS value FROM statCallEnd GROUP BY cltID'), shipped[1] as Formula];
    expect(legacyChanges(changed, indexFormulas(changed), indexFormulas(shipped))).toEqual([
      { formulaId: 'Calls', reason: 'its SQL differs from the shipped reproduction of the report' },
      { formulaId: 'Twice', reason: 'it reads Calls, which differs from the shipped library' },
    ]);
  });

  it('does not mark consensus or custom formulas, and marks a legacy formula the shipped library lacks', () => {
    const library = [...shipped, formula('Mine', 'SELECT 1', 'custom'), formula('New', 'SELECT 1')];
    expect(legacyChanges(library, indexFormulas(library), indexFormulas(shipped))).toEqual([{ formulaId: 'New', reason: 'it is not in the shipped library' }]);
  });
});
