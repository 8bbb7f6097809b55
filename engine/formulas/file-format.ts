/**
 * Formula files: one YAML document per formula (metadata, SQL as a block, fixture tests), parsed
 * once against a schema that is also the type. Every error names the file, line and column.
 * The format is documented in formulas/README.md.
 */
import { isScalar, type Document, type LineCounter } from 'yaml';
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { parseYamlFile } from '../yaml-file.ts';
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
  const { data, doc, lineCounter, locate } = parseYamlFile(text, file, fileSchema);
  if (data.variant === 'legacy' && !data.legacy) {
    const { line, column } = locate(['variant']);
    throw new EngineError('file_field', 'a legacy formula names its Billing Export 200 column and position under `legacy:`', {
      file,
      line,
      column,
      field: 'legacy',
    });
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
