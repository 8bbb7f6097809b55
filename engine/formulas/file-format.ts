/**
 * Formula files: one YAML document per formula (metadata, SQL as a block, fixture tests), parsed
 * once against a schema that is also the type. Every error names the file, line and column.
 * The format is documented in formulas/README.md.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { FormulaError } from '../errors.ts';
import type { Formula, SourcePosition } from './definition.ts';

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _ starting with a letter');
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const quirkList = z.array(z.string().regex(/^D\d+$/, 'quirks are named D1, D2 ... (section D of the research note)')).default([]);

const fileSchema = z.strictObject({
  id: identifier,
  title: z.string().min(1),
  description: z.string().min(1),
  unit: z.enum(['count', 'seconds', 'milliseconds', 'ticks']),
  family: identifier,
  variant: z.enum(['legacy', 'consensus', 'custom']),
  statistic: identifier.optional(),
  legacy: z.strictObject({ column: identifier, position: z.number().int().min(1).max(268) }).optional(),
  quirks: z.strictObject({ reproduces: quirkList, fixes: quirkList }).default({ reproduces: [], fixes: [] }),
  params: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'parameter names are lower_snake_case'),
        type: z.enum(['timestamp', 'integer', 'decimal', 'text', 'boolean']),
        default: paramValue,
        description: z.string().min(1),
      }),
    )
    .default([]),
  sql: z.string().min(1),
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        params: z.record(z.string(), paramValue).default({}),
        rows: z.record(identifier, z.array(z.record(z.string(), z.union([paramValue, z.null()])))).default({}),
        expect: z.record(z.string().regex(/^-?\d+$/, 'expected values are keyed by cltID'), z.union([z.string(), z.number()])),
      }),
    )
    .default([]),
});

/**
 * Parses the text of a formula file.
 *
 * @example parseFormulaFile(readFileSync(path, 'utf8'), path).id // 'SecCalls'
 */
export function parseFormulaFile(text: string, file: string): Formula {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new FormulaError('file_syntax', `not valid YAML: ${yamlError.message.split('\n')[0]}`, { file, line, column: col });
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const path = issue.path.map(String);
    // An unknown key is reported on its parent object: point at (and name) the key itself.
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const { line, column } = unknownKey !== undefined ? keyPositionOf(doc, lineCounter, issue.path as (string | number)[], unknownKey) : positionOf(doc, lineCounter, issue.path as (string | number)[]);
    const field = [...path, ...(unknownKey !== undefined ? [unknownKey] : [])].join('.');
    throw new FormulaError('file_field', `${path.join('.') || 'the file'}: ${issue.message}`, { file, line, column, field });
  }
  const data = parsed.data;
  if (data.variant === 'legacy' && !data.legacy) {
    const { line, column } = positionOf(doc, lineCounter, ['variant']);
    throw new FormulaError('file_field', 'a legacy formula names its Billing Export 200 column and position under `legacy:`', { file, line, column, field: 'legacy' });
  }
  const { legacy, statistic, ...rest } = data;
  return {
    kind: 'formula',
    ...rest,
    ...(legacy ? { legacy } : {}),
    statistic: statistic ?? legacy?.column ?? data.id,
    source: sqlStart(text, doc, lineCounter, file),
  };
}

/** Line and column of the YAML node at `path`, or of its nearest existing parent. */
function positionOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): { line: number; column: number } {
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

/** Where the first character of the SQL is: the line after a `|` block header, at its indent. */
function sqlStart(text: string, doc: Document, lineCounter: LineCounter, file: string): SourcePosition {
  const node = doc.get('sql', true);
  if (!isScalar(node) || !node.range) return { file, line: 1, column: 1 };
  const start = lineCounter.linePos(node.range[0]);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    // start.line is 1-based, so as a 0-based index it is the line after the header.
    const contentLine = text.split('\n')[start.line] ?? '';
    const indent = /^ */.exec(contentLine)?.[0].length ?? 0;
    return { file, line: start.line + 1, column: indent + 1 };
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return { file, line: start.line, column: start.col + (quoted ? 1 : 0) };
}
