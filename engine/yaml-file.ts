/**
 * Human-written YAML files (formulas, billing setups) parsed once against a schema that is also the
 * type. A syntax error or a field that breaks the schema is an EngineError naming the file, line,
 * column and field.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { EngineError } from './errors.ts';

export interface ParsedYaml<T> {
  readonly data: T;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Line and column of the value at `path`, or of its nearest existing parent. */
  locate(path: readonly (string | number)[]): { line: number; column: number };
}

export function parseYamlFile<T>(text: string, file: string, schema: z.ZodType<T>): ParsedYaml<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new EngineError('file_syntax', `not valid YAML: ${yamlError.message.split('\n')[0]}`, { file, line, column: col });
  }
  const locate = (path: readonly (string | number)[]) => positionOf(doc, lineCounter, path);
  const plain = plainData(doc);
  if (plain instanceof Error) throw new EngineError('file_syntax', plain.message, { file, line: 1, column: 1 });
  const parsed = schema.safeParse(plain);
  if (!parsed.success) {
    const { message, ...where } = locateIssue(doc, lineCounter, parsed.error.issues[0] as z.core.$ZodIssue);
    throw new EngineError('file_field', message, { file, ...where });
  }
  return { data: parsed.data, doc, lineCounter, locate };
}

/** A problem of a YAML text, where it is: 1-based line and column, and the dotted field path. */
export interface YamlIssue {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
}

/**
 * Every problem of a YAML text against a schema (not only the first), each located as
 * parseYamlFile locates its one error: for an editor that marks them all while the user types.
 * @example yamlIssues('a: x', schema).issues // [{ message: 'a: expected number…', line: 1, column: 4, field: 'a' }]
 */
export function yamlIssues<T>(
  text: string,
  schema: z.ZodType<T>,
): { readonly data?: T; readonly issues: readonly YamlIssue[]; readonly locate: ParsedYaml<T>['locate'] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (path: readonly (string | number)[]) => positionOf(doc, lineCounter, path);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { message: `not valid YAML: ${error.message.split('\n')[0]}`, line, column: col, field: '' };
    });
    return { issues, locate };
  }
  const plain = plainData(doc);
  if (plain instanceof Error) return { issues: [{ message: plain.message, line: 1, column: 1, field: '' }], locate };
  const parsed = schema.safeParse(plain);
  if (parsed.success) return { data: parsed.data, issues: [], locate };
  return { issues: parsed.error.issues.map((issue) => locateIssue(doc, lineCounter, issue as z.core.$ZodIssue)), locate };
}

/** A schema issue as a message naming its field, at the position of the value (or of an unknown key itself). */
function locateIssue(doc: Document, lineCounter: LineCounter, found: z.core.$ZodIssue): YamlIssue {
  const issue = mostSpecific(found);
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object: point at (and name) the key itself.
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const { line, column } =
    unknownKey !== undefined
      ? keyPositionOf(doc, lineCounter, issue.path as (string | number)[], unknownKey)
      : positionOf(doc, lineCounter, issue.path as (string | number)[]);
  const field = [...path, ...(unknownKey !== undefined ? [unknownKey] : [])].join('.');
  return { message: `${path.join('.') || 'the file'}: ${plainWords(issue)}`, line, column, field };
}

/** The schema library's words for a value that is not there at all, said as a person would. */
function plainWords(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return `missing: give a ${issue.expected === 'string' ? 'value' : issue.expected}`;
  return issue.message;
}

/**
 * At most this many aliases are expanded: YAML's anchors and aliases can make a few hundred bytes
 * stand for gigabytes ("billion laughs"); a formula, setup or scenario needs none of that.
 */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data, or an Error saying why not (too many aliases, an alias to nothing). */
function plainData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    if (!/alias count/i.test(error.message)) return new Error(`not valid YAML: ${error.message.split('\n')[0]}`);
    return new Error(`not accepted: the YAML expands aliases (*name) more than ${MAX_ALIAS_COUNT} times; write the values out instead`);
  }
}

/**
 * A value that matches none of several shapes (a fee line or a usage line ...) is explained by the
 * shape it came closest to: the alternative with the fewest problems, and its first problem.
 */
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
  const first = closest?.[0];
  if (!first) return issue;
  return mostSpecific({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue);
}

function positionOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node?.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** Line and column of `key` in the mapping at `path`, or of the mapping itself. */
function keyPositionOf(doc: Document, lineCounter: LineCounter, path: (string | number)[], key: string): { line: number; column: number } {
  const map = doc.getIn(path, true);
  const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && String(item.key.value) === key) : undefined;
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  if (!range) return positionOf(doc, lineCounter, path);
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}
