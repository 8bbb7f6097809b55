/**
 * A formula: the SQL that computes one statistic per client from snapshot tables, with the
 * metadata that explains it and the fixture tests that pin it down. Immutable values.
 */
export type Unit = 'count' | 'seconds' | 'milliseconds' | 'ticks';
export type Variant = 'legacy' | 'consensus' | 'custom';
export type ParamType = 'timestamp' | 'integer' | 'decimal' | 'text' | 'boolean';
export type ParamValue = string | number | boolean;

export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  readonly default: ParamValue;
  readonly description: string;
}

/** Fixture rows per IS table; columns left out take a neutral default (0, false, NULL, ''). */
export type FixtureRows = Readonly<Record<string, readonly Readonly<Record<string, ParamValue | null>>[]>>;

export interface FormulaTest {
  readonly name: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The rows the test loads; a shared fixture's rows when `fixture` names one. */
  readonly rows: FixtureRows;
  /** The shared fixture (formulas/fixtures/<name>.yaml) the rows come from, if any. */
  readonly fixture?: string;
  /** Expected value per cltID; clients not listed must come out as 0. */
  readonly expect: Readonly<Record<string, string | number>>;
  /** Why the expected values are right for these rows, in one line. */
  readonly why?: string;
}

/** Where the SQL starts in its file, so SQL positions map to file positions. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Formula {
  readonly kind: 'formula';
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly unit: Unit;
  readonly family: string;
  readonly variant: Variant;
  /** For legacy formulas: the Billing Export 200 column and its 1-based position in the report. */
  readonly legacy?: { readonly column: string; readonly position: number };
  /** The statistic a variant stands for (consensus formulas name the legacy column they revise). */
  readonly statistic: string;
  /** Quirks of the legacy report (section D of the research note) this formula reproduces or fixes. */
  readonly quirks: { readonly reproduces: readonly string[]; readonly fixes: readonly string[] };
  readonly params: readonly ParamDef[];
  /** Named CTE snippets (formulas/snippets/<name>.yaml) placed before the file's own SQL. */
  readonly snippets?: readonly string[];
  /** The SQL that runs: the snippets' CTEs, then the file's own SQL. */
  readonly sql: string;
  readonly tests: readonly FormulaTest[];
  readonly source?: SourcePosition;
}

/** Parameters every formula may use without declaring them: the period and the client range. */
export const standardParams: readonly ParamDef[] = [
  { name: 'start', type: 'timestamp', default: '2026-10-01 00:00:00.000', description: 'Start of the period, inclusive.' },
  { name: 'end', type: 'timestamp', default: '2026-10-31 23:59:59.997', description: 'End of the period, inclusive.' },
  { name: 'start_client', type: 'decimal', default: '0', description: 'Lowest client number, inclusive.' },
  { name: 'end_client', type: 'decimal', default: '9999999999', description: 'Highest client number, inclusive.' },
];
