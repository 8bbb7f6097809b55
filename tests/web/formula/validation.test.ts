import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { toDiagnostic } from '../../../web/src/formula/validation.ts';

const doc = Text.of(['id: Calls', 'sql: |', '  SELECT e.cltId AS cltID, count(*) AS value, nosuch', '  FROM statCallEndX e']);
const marked = (error: { line?: number; column?: number }) => {
  const diagnostic = toDiagnostic(doc, { code: 'x', message: 'm', ...error });
  return doc.sliceString(diagnostic.from, diagnostic.to);
};

describe('a server error as an editor diagnostic', () => {
  it('underlines the word that starts at the 1-based line and column', () => {
    expect(marked({ line: 3, column: 47 })).toBe('nosuch');
    expect(marked({ line: 4, column: 8 })).toBe('statCallEndX');
    expect(marked({ line: 1, column: 1 })).toBe('id');
  });

  it('marks the whole line without a column, the first line without a position, and stays inside the text', () => {
    expect(marked({ line: 2 })).toBe('sql');
    expect(marked({})).toBe('id: Calls');
    expect(marked({ line: 99, column: 999 })).toBe('');
  });
});
