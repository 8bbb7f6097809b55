import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import type { LibraryParts } from '../../../engine/formulas/library-parts.ts';
import { parseSnippet, withSnippets } from '../../../engine/formulas/snippets.ts';

const FILE = 'formulas/custom/RunCount.yaml';

const runs = parseSnippet(
  'description: Job runs.\nsql: |\n  SELECT msgId, Stamp AS started\n  FROM msgHistories\n  WHERE DispositionId = 35;\n',
  'formulas/snippets/Runs.yaml',
);
const jobs = parseSnippet('description: Jobs.\nsql: SELECT DISTINCT cltID, msgID FROM statMergeComm', 'formulas/snippets/Jobs.yaml');
const parts: LibraryParts = { fixtures: new Map(), snippets: new Map([jobs, runs].map((snippet) => [snippet.name, snippet])) };

/** A custom formula using `snippets`; its SQL block starts on line 8. */
const formulaText = (snippets: string, sql: string) =>
  ['id: RunCount', 'title: Runs', 'description: Runs per client.', 'unit: count', 'family: mergeComm', 'variant: custom', snippets, 'sql: |', sql, ''].join(
    '\n',
  );

describe('snippets', () => {
  it('places the snippets as CTEs before SQL of its own, in the order listed', () => {
    expect(withSnippets('SELECT 1', [jobs, runs]).sql).toBe(
      'WITH Jobs AS (\nSELECT DISTINCT cltID, msgID FROM statMergeComm\n),\nRuns AS (\nSELECT msgId, Stamp AS started\nFROM msgHistories\nWHERE DispositionId = 35\n)\nSELECT 1',
    );
  });

  it("continues the list where the SQL opens with its own WITH, keeping that line's columns", () => {
    const { sql, linesBefore } = withSnippets('WITH mine AS (SELECT 1 AS x)\nSELECT x FROM mine', [jobs]);
    expect(sql.split('\n').slice(linesBefore)).toEqual([',    mine AS (SELECT 1 AS x)', 'SELECT x FROM mine']);
    expect(sql.split('\n').slice(0, linesBefore)).toEqual(['WITH Jobs AS (', 'SELECT DISTINCT cltID, msgID FROM statMergeComm', ')']);
  });

  it('leaves SQL without snippets as it is', () => {
    expect(withSnippets('SELECT 1', [])).toEqual({ sql: 'SELECT 1', linesBefore: 0 });
  });

  it('maps the lines of the SQL that runs back to the file, past the lines the snippets add', () => {
    const text = formulaText(
      'snippets: [Jobs, Runs]',
      '  SELECT j.cltID, count(*) AS value\n  FROM Jobs j JOIN Runs r ON r.msgId = j.msgID\n  GROUP BY j.cltID',
    );
    const formula = parseFormulaFile(text, FILE, { parts });
    expect(formula.snippets).toEqual(['Jobs', 'Runs']);
    const lines = formula.sql.split('\n');
    const own = lines.indexOf('SELECT j.cltID, count(*) AS value') + 1;
    // inFile: file line = source.line + SQL line - 1
    expect((formula.source?.line ?? 0) + own - 1).toBe(9);
    expect(formula.source?.column).toBe(3);
  });

  // One line per case: what is wrong -> where the error points.
  it.each([
    ['names a snippet that does not exist', 'snippets: [Jobs, Starts]', 7, 18, 'snippets.1', 'there is no shared snippet Starts'],
    ['names a snippet in lower case', 'snippets: [jobs]', 7, 12, 'snippets.0', 'PascalCase'],
  ])('a formula that %s is an error at its file, line and column', (_what, snippets, line, column, field, message) => {
    let error: unknown;
    try {
      parseFormulaFile(formulaText(snippets, '  SELECT 1 AS cltID, 1 AS value'), FILE, { parts });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).location).toMatchObject({ file: FILE, line, column, field });
    expect((error as EngineError).message).toContain(message);
  });

  it('refuses a snippet file without SQL, at its line and column', () => {
    let error: unknown;
    try {
      parseSnippet('description: Jobs.\nsql: ""\n', 'formulas/snippets/Jobs.yaml');
    } catch (caught) {
      error = caught;
    }
    expect((error as EngineError).location).toMatchObject({ file: 'formulas/snippets/Jobs.yaml', line: 2, column: 6, field: 'sql' });
  });
});
