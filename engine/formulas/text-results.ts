/**
 * Reading wide results fast. A fused group returns a hundred 128-bit sums per client, and reading
 * those into JavaScript (two 64-bit halves, a bigint, then its text) costs more than computing
 * them; DuckDB writes the same text in a fraction of the time. So once a query has run, the
 * connection remembers its column types, and later runs of the same query read each 64/128-bit
 * integer and decimal column as DuckDB's VARCHAR of it: exactly the text the JSON reader gives,
 * so nobody can tell, except by the clock. Other columns (floats above all, whose text differs)
 * are read as before.
 *
 * Read by columns, a result whose columns are all integers or decimals comes back as one text of
 * lines, a line per row (`1,42,,7.50`, an empty field for NULL), split here: reading a value at a
 * time costs a text decoding per value, half a million of them for a full report, where the whole
 * result costs one.
 */
import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';
import { INTEGERS_UP_TO_32_BITS } from './duckdb-types.ts';
import type { BoundParameters } from './params.ts';

/** Types the JSON reader gives as the value's text, which `::VARCHAR` writes identically. */
const READ_AS_TEXT: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** Types the JSON reader gives as a JavaScript number, whose text `::VARCHAR` writes identically. */
const READ_AS_NUMBER = INTEGERS_UP_TO_32_BITS;

/** Queries remembered per connection; the oldest is forgotten first. */
const MAX_REMEMBERED = 200;

/** A result read by columns, as `DuckDBResultReader.getColumnsJson` gives them. */
export interface ResultColumns {
  readonly names: readonly string[];
  readonly columns: readonly (readonly unknown[])[];
  /** The same rows as one text of lines (a line per row, fields in `names` order, empty for NULL), when read so: forEachLine reads it. */
  readonly lines?: string;
}

/** How to run a query: the SQL to run, and how to read its result. */
export interface TextPlan<T> {
  readonly sql: string;
  read(result: DuckDBResultReader): T;
}

export interface TextResults {
  /** `sql` for row objects: the query itself, or it wrapped to read wide numbers as text. */
  forRows(sql: string, parameters: BoundParameters): TextPlan<Record<string, unknown>[]>;
  /** `sql` for columns: also read as one text of lines, a line per row, when every column is a number. */
  forColumns(sql: string, parameters: BoundParameters): TextPlan<ResultColumns>;
  /** Remembers the column types `sql` gave, for its next run. */
  learn(sql: string, parameters: BoundParameters, result: DuckDBResultReader): void;
}

interface Learned {
  /** Wide numbers cast to text; null when no column is (or names repeat). */
  readonly wide: string | null;
  /** One line per row; null unless every column is a number and names do not repeat. */
  readonly lines: { readonly sql: string; readonly names: readonly string[]; readonly numbers: readonly boolean[] } | null;
}

export function textResults(): TextResults {
  const learned = new Map<string, Learned>();
  const keyOf = (sql: string, parameters: BoundParameters): string =>
    `${Object.entries(parameters.types)
      .map(([name, type]) => `${name}:${type.toString()}`)
      .join(',')}\n${sql}`;
  return {
    forRows(sql, parameters) {
      return { sql: learned.get(keyOf(sql, parameters))?.wide ?? sql, read: (result) => result.getRowObjectsJson() as Record<string, unknown>[] };
    },
    forColumns(sql, parameters) {
      const known = learned.get(keyOf(sql, parameters));
      const lines = known?.lines;
      if (lines) return { sql: lines.sql, read: (result) => readLines(result, lines.names, lines.numbers) };
      return { sql: known?.wide ?? sql, read: (result) => ({ names: result.columnNames(), columns: result.getColumnsJson() }) };
    },
    learn(sql, parameters, result) {
      const key = keyOf(sql, parameters);
      if (learned.has(key)) return;
      if (learned.size >= MAX_REMEMBERED) learned.delete(learned.keys().next().value as string);
      learned.set(key, { wide: wideAsText(sql, result), lines: asLines(sql, result) });
    },
  };
}

/** `sql` with its wide number columns cast to text, or null when none is (or names repeat). */
function wideAsText(sql: string, result: DuckDBResultReader): string | null {
  const names = result.columnNames();
  const asText = names.map((_, i) => READ_AS_TEXT.has(result.columnTypeId(i)));
  if (!asText.some(Boolean) || !namesDiffer(names)) return null;
  const columns = names.map((name, i) => (asText[i] ? `${quoted(name)}::VARCHAR AS ${quoted(name)}` : quoted(name)));
  return `SELECT ${columns.join(', ')} FROM (\n${sql}\n) AS result`;
}

/** `sql` as one text of lines, a line per row in the result's order, with the columns read back as numbers; null unless every column is an integer or decimal. */
function asLines(sql: string, result: DuckDBResultReader): Learned['lines'] {
  const names = result.columnNames();
  const types = names.map((_, i) => result.columnTypeId(i));
  if (names.length === 0 || !namesDiffer(names) || !types.every((type) => READ_AS_TEXT.has(type) || READ_AS_NUMBER.has(type))) return null;
  // concat_ws skips NULLs, so each is written as an empty field; names stay as the result's, aliased at the end.
  // The lines come back as one text, numbered first so that they keep the result's order.
  const fields = names.map((name) => `coalesce(${quoted(name)}::VARCHAR, '')`);
  const numbered = `SELECT row_number() OVER () AS n, concat_ws(',', ${fields.join(', ')}) AS line FROM (\n${sql}\n) AS result`;
  return {
    sql: `SELECT string_agg(line, chr(10) ORDER BY n) AS lines FROM (${numbered}) AS numbered`,
    names,
    numbers: types.map((type) => READ_AS_NUMBER.has(type)),
  };
}

/**
 * A result read as one text of lines. Its columns are split out only when asked for: a reader that
 * places many columns at once (a report) reads the lines in one pass instead (forEachLine), without
 * an array per column. Empty fields are NULL; small integers become numbers, as the JSON reader
 * gives them.
 */
class LineColumns implements ResultColumns {
  readonly names: readonly string[];
  readonly lines: string;
  readonly #numbers: readonly boolean[];
  #columns: unknown[][] | undefined;

  constructor(names: readonly string[], lines: string, numbers: readonly boolean[]) {
    this.names = names;
    this.lines = lines;
    this.#numbers = numbers;
  }

  get columns(): readonly (readonly unknown[])[] {
    this.#columns ??= splitLines(this.lines, this.#numbers);
    return this.#columns;
  }
}

function readLines(result: DuckDBResultReader, names: readonly string[], numbers: readonly boolean[]): ResultColumns {
  const text = ((result.getColumnsJson()[0] ?? [])[0] ?? null) as string | null;
  if (text === null) return { names, columns: numbers.map(() => []) };
  return new LineColumns(names, text, numbers);
}

/** The columns of `text`, a line per row; sized once for every row: arrays grown a value at a time leave their smaller copies as garbage. */
function splitLines(text: string, numbers: readonly boolean[]): unknown[][] {
  let rows = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) rows++;
  const columns: unknown[][] = numbers.map(() => new Array(rows));
  let row = 0;
  forEachLine(text, numbers.length, (fields) => {
    for (let column = 0; column < fields.length; column++) {
      const field = fields[column] as string | null;
      (columns[column] as unknown[])[row] = field === null || !numbers[column] ? field : Number(field);
    }
    row++;
  });
  return columns;
}

/**
 * Each line of `text` as its `width` fields, in a array reused from line to line (null for an empty
 * field). Read a field at a time rather than split: most values of a report are small counts, and
 * each is taken from one shared table of texts instead of becoming a string of its own, which would
 * live as long as the results do and be copied by every garbage collection.
 */
export function forEachLine(text: string, width: number, visit: (fields: readonly (string | null)[]) => void): void {
  const fields = new Array<string | null>(width).fill(null);
  const last = width - 1;
  const length = text.length;
  let column = 0;
  let start = 0;
  // The value of the field's digits so far, while it is a small integer DuckDB could have written.
  let small = 0;
  // One pass over the characters: a search for each field's end, and a second look at a short
  // field's digits, cost more than reading each character once.
  for (let at = 0; at <= length; at++) {
    const code = at < length ? text.charCodeAt(at) : LINE_BREAK;
    // Every field ends at a comma but the last of its line, which ends at a line break or the end.
    if (code === (column === last ? LINE_BREAK : COMMA) || at === length) {
      fields[column] = at === start ? null : small >= 0 ? (sharedTexts[small] as string) : text.slice(start, at);
      if (column === last || at === length) {
        for (let rest = column + 1; rest <= last; rest++) fields[rest] = null;
        visit(fields);
        column = 0;
      } else column++;
      start = at + 1;
      small = 0;
      continue;
    }
    // Digits only, no leading zero (as DuckDB writes integers), and below SHARED_TEXTS: else -1.
    if (small >= 0) {
      const digit = code - ZERO_DIGIT;
      const leadingZero = at > start && small === 0;
      small = digit < 0 || digit > 9 || leadingZero ? -1 : small * 10 + digit;
      if (small >= SHARED_TEXTS) small = -1;
    }
  }
}

const COMMA = 44;
const LINE_BREAK = 10;
const ZERO_DIGIT = 48;

/** Texts of the integers below this, made once and shared. */
const SHARED_TEXTS = 10_000;
const sharedTexts: string[] = Array.from({ length: SHARED_TEXTS }, (_, n) => String(n));

function namesDiffer(names: readonly string[]): boolean {
  return new Set(names.map((name) => name.toLowerCase())).size === names.length;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
