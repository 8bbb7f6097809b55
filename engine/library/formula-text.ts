/**
 * What the library's version rule and its diffs read from a formula file's text without parsing it
 * against the schema (a file of another version of the format, or a broken one, still compares).
 */
import { parse } from 'yaml';

/**
 * The SQL a formula file holds (its `sql:` field), or the whole text when it does not parse, so
 * any edit to a broken file still counts as a change.
 * @example formulaSql('id: X\nsql: SELECT 1\n') // 'SELECT 1'
 */
export function formulaSql(text: string): string {
  try {
    const data: unknown = parse(text);
    if (data && typeof data === 'object' && 'sql' in data && typeof data.sql === 'string') return data.sql.trim();
  } catch {
    // Not YAML: compared as text.
  }
  return text;
}

/**
 * The id a formula file declares, if it declares one.
 * @example formulaIdIn('id: AnsweredCalls\ntitle: …') // 'AnsweredCalls'
 */
export function formulaIdIn(text: string): string | undefined {
  return /^id:\s*['"]?([A-Za-z][A-Za-z0-9_]*)['"]?\s*(?:#.*)?$/m.exec(text)?.[1];
}
