/**
 * Formula files: one YAML document per formula (metadata, SQL as a block, fixture tests), parsed
 * once against a schema that is also the type. Every error names the file, line and column.
 * The format is documented in formulas/README.md.
 */
import { isScalar, type Document, type LineCounter } from 'yaml';
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { parseYamlFile, type ParsedYaml } from '../yaml-file.ts';
import type { Formula, FormulaTest, SourcePosition } from './definition.ts';
import { shippedParts, type LibraryParts } from './library-parts.ts';
import { fixtureNameSchema, fixtureRows, fixtureRowsSchema, fixtureVarsSchema } from './shared-fixtures.ts';
import { snippetNameSchema, withSnippets } from './snippets.ts';

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _ starting with a letter');
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const oneLine = z.string().regex(/^[^\n]+$/, 'is one line');
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
  snippets: z.array(snippetNameSchema).default([]),
  sql: z.string().min(1),
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        params: z.record(z.string(), paramValue).default({}),
        // Rows of its own, or the name of a shared fixture (formulas/fixtures/<name>.yaml).
        rows: z.union([fixtureRowsSchema, fixtureNameSchema]).default({}),
        // Values for the shared fixture's variables.
        with: fixtureVarsSchema.optional(),
        expect: z.record(z.string().regex(/^-?\d+$/, 'expected values are keyed by cltID'), z.union([z.string(), z.number()])),
        why: oneLine.optional(),
      }),
    )
    .default([]),
});

type FileData = z.infer<typeof fileSchema>;
/** How a name found in the file is located for an error. */
type Where = Pick<ParsedYaml<FileData>, 'locate'> & { readonly file: string };

export interface ParseOptions {
  /** Where the shared fixtures and snippets a file names come from (default: the shipped library's). */
  readonly parts?: LibraryParts;
  /** Every test must say `why` its expected values are right (the library's files do; a draft may not yet). */
  readonly requireReasons?: boolean;
}

/**
 * Parses the text of a formula file.
 *
 * @example parseFormulaFile(readFileSync(path, 'utf8'), path).id // 'SecCalls'
 */
export function parseFormulaFile(text: string, file: string, { parts = shippedParts(), requireReasons = false }: ParseOptions = {}): Formula {
  const { data, doc, lineCounter, locate } = parseYamlFile(text, file, fileSchema);
  const unexplained = requireReasons ? data.tests.findIndex((test) => test.why === undefined) : -1;
  if (unexplained >= 0) {
    throw fieldError({ locate, file }, ['tests', unexplained, 'expect'], 'say in one line why these values are right for these rows (why: ...)');
  }
  if (data.variant === 'legacy' && !data.legacy) {
    const { line, column } = locate(['variant']);
    throw new EngineError('file_field', 'a legacy formula names its Billing Export 200 column and position under `legacy:`', {
      file,
      line,
      column,
      field: 'legacy',
    });
  }
  const { legacy, statistic, snippets, tests, sql, ...rest } = data;
  const source = sqlStart(text, doc, lineCounter, file);
  const expanded = withSnippets(
    sql,
    snippets.map((name, i) => partNamed(parts.snippets, name, 'snippet', { locate, file }, ['snippets', i])),
  );
  return {
    kind: 'formula',
    ...rest,
    ...(legacy ? { legacy } : {}),
    statistic: statistic ?? legacy?.column ?? data.id,
    ...(snippets.length > 0 ? { snippets } : {}),
    sql: expanded.sql,
    tests: tests.map((test, i) => withRows(test, parts, { locate, file }, i)),
    // Lines the snippets add come before the file's own SQL, so its lines still map to the file.
    source: { ...source, line: source.line - expanded.linesBefore },
  };
}

/** A test with its rows: its own, or those of the shared fixture it names, with its variables set. */
function withRows(test: FileData['tests'][number], parts: LibraryParts, where: Where, i: number): FormulaTest {
  const { rows, why, with: values, ...rest } = test;
  const reason = why !== undefined ? { why } : {};
  if (typeof rows !== 'string') {
    if (values !== undefined) throw fieldError(where, ['tests', i, 'with'], "with: sets the variables of a shared fixture, and these rows are the test's own");
    return { ...rest, rows, ...reason };
  }
  const fixture = partNamed(parts.fixtures, rows, 'fixture', where, ['tests', i, 'rows']);
  const resolved = fixtureRows(fixture, values ?? {});
  if (resolved.unknown !== undefined) {
    throw fieldError(
      where,
      ['tests', i, 'with', resolved.unknown],
      `the shared fixture ${fixture.name} has no variable ${resolved.unknown} (it has: ${Object.keys(fixture.vars).join(', ') || 'none'})`,
    );
  }
  return { ...rest, rows: resolved.rows, fixture: fixture.name, ...reason };
}

function fieldError({ locate, file }: Where, path: readonly (string | number)[], message: string): EngineError {
  const field = path.join('.');
  return new EngineError('file_field', `${field}: ${message}`, { file, ...locate(path), field });
}

/** The part `name` of the library, or an error at `path` saying it is unknown or does not load. */
function partNamed<T extends { readonly kind: string }>(
  known: ReadonlyMap<string, T | EngineError>,
  name: string,
  kind: 'fixture' | 'snippet',
  { locate, file }: Where,
  path: readonly (string | number)[],
): T {
  const part = known.get(name);
  if (part !== undefined && !(part instanceof EngineError)) return part;
  const folder = kind === 'fixture' ? 'fixtures' : 'snippets';
  throw fieldError(
    { locate, file },
    path,
    part === undefined
      ? `there is no shared ${kind} ${name} (formulas/${folder}/${name}.yaml)`
      : `the shared ${kind} ${name} does not load: ${part.describe()}`,
  );
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
