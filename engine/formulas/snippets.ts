/**
 * Named CTE snippets: a query that several formulas need as a CTE but that is not a per-client
 * statistic (a formula's result is always (cltID, value)), defined once in
 * `formulas/snippets/<Name>.yaml`. A formula lists the snippets it uses (`snippets: [MergeCommRuns]`)
 * and reads each as a CTE of that name; the engine places them before the file's own SQL.
 */
import { z } from 'zod';
import { parseYamlFile } from '../yaml-file.ts';
import { partNameOf } from './part-name.ts';

/** A snippet's name is its file name and the CTE name formulas read it by. */
export const snippetNameSchema = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a snippet is named like a CTE, in PascalCase letters and digits');

const snippetFileSchema = z.strictObject({
  description: z.string().min(1),
  sql: z.string().min(1),
});

export interface Snippet {
  readonly kind: 'snippet';
  readonly name: string;
  /** What the rows of the CTE are, and the rule it encodes. */
  readonly description: string;
  readonly sql: string;
  readonly file: string;
}

/**
 * Parses `formulas/snippets/<Name>.yaml`; the name comes from the file name.
 *
 * @example parseSnippet(text, 'formulas/snippets/MergeCommRuns.yaml').name // 'MergeCommRuns'
 */
export function parseSnippet(text: string, file: string): Snippet {
  const name = partNameOf(file, snippetNameSchema, 'snippet');
  const { data } = parseYamlFile(text, file, snippetFileSchema);
  return { kind: 'snippet', name, description: data.description, sql: data.sql.trimEnd().replace(/;$/, ''), file };
}

/**
 * The SQL that runs: the snippets as CTEs, then the file's own SQL, whose own `WITH` (if any)
 * becomes the comma that continues the list. Every line of the own SQL keeps its columns, and
 * `linesBefore` says how many lines the snippets add, so positions still map to the file.
 *
 * @example withSnippets('SELECT cltID, count(*) AS value FROM MergeCommRuns GROUP BY 1', [runs]).sql
 *   // WITH MergeCommRuns AS (\n...\n)\nSELECT cltID, count(*) ...
 */
export function withSnippets(own: string, snippets: readonly Snippet[]): { sql: string; linesBefore: number } {
  if (snippets.length === 0) return { sql: own, linesBefore: 0 };
  const prefix = `WITH ${snippets.map((snippet) => `${snippet.name} AS (\n${snippet.sql}\n)`).join(',\n')}`;
  // Same length as `WITH`, so the columns of the first line do not move.
  const continued = own.replace(/^(\s*(?:--[^\n]*\n\s*)*)WITH\b/i, '$1,   ');
  return { sql: `${prefix}\n${continued}`, linesBefore: prefix.split('\n').length };
}
