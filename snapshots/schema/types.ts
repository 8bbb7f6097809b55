/**
 * The vocabulary of the IS schema definition: tables, columns, keys and the rule that picks a
 * table's rows for a period. Plain readonly data, so the same definition can drive the demo
 * generator, extraction, formula validation and editor autocomplete.
 */

/** A SQL Server column type as IS declares it (lower case, with its precision where it has one). */
export type SqlServerType = 'int' | 'bigint' | 'smallint' | 'bit' | 'datetime' | `numeric(${number},${number})` | `nvarchar(${number})` | `varchar(${number})`;

/** Whether the legacy Billing Export 200 report reads a column (so extraction must find it). */
export type ColumnUsage = 'legacy' | 'extra';

export interface ColumnDef {
  readonly name: string;
  readonly sqlServerType: SqlServerType;
  /** The DuckDB type the snapshot stores it as; derived from sqlServerType by {@link duckdbTypeOf}. */
  readonly duckdbType: string;
  readonly nullable: boolean;
  readonly usage: ColumnUsage;
  readonly description: string;
}

/** A column whose values should be keys of another table. IS does not enforce these. */
export interface Reference {
  readonly column: string;
  readonly table: string;
  readonly targetColumn: string;
  /** Why real IS data can hold values with no target row (purges, deleted agents...), if it can. */
  readonly mayDangle?: string;
}

/** A simple equality filter on a code column, used by selection rules. */
export interface CodeFilter {
  readonly column: string;
  readonly equals: number;
}

/**
 * One reason to copy a row into a period snapshot. A table's rows are the union of its rules.
 * - `all`: dimension tables are copied whole.
 * - `inPeriod`: the row's own stamp lies within the period (inclusive at both ends, as the report).
 * - `keyIn`: the row's key appears in another set of rows: either the snapshot's rows of that table
 *   (`selected`), or that table's source rows filtered by a code and a period column.
 */
export type SelectionRule =
  | { readonly kind: 'all' }
  | { readonly kind: 'inPeriod'; readonly column: string; readonly where?: CodeFilter }
  | {
      readonly kind: 'keyIn';
      readonly column: string;
      readonly where?: CodeFilter;
      readonly source: KeySource;
      /** Why the report needs these rows although they may lie outside the period. */
      readonly why: string;
    };

export type KeySource =
  | { readonly kind: 'selected'; readonly table: string; readonly column: string }
  | {
      /** Source rows whose code column matches and whose stamp is in the period. */
      readonly kind: 'filtered';
      readonly table: string;
      readonly column: string;
      readonly where: CodeFilter;
      readonly inPeriod: string;
    }
  | {
      /** Source rows whose stamp is in the period. */
      readonly kind: 'filteredByPeriod';
      readonly table: string;
      readonly column: string;
      readonly inPeriod: string;
    };

export interface TableDef {
  readonly name: string;
  readonly description: string;
  /** dimension: master data copied whole; fact: events selected by period. */
  readonly role: 'dimension' | 'fact';
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: readonly string[];
  readonly references: readonly Reference[];
  /** The stamp that places a row in a period, if the table has one. */
  readonly periodColumn?: string;
  readonly selection: readonly SelectionRule[];
}

/**
 * Maps an IS column type to the exact DuckDB type that keeps its values: datetime keeps its
 * milliseconds as TIMESTAMP, bit becomes BOOLEAN, numeric stays an exact DECIMAL.
 *
 * @example duckdbTypeOf('numeric(18,0)') // 'DECIMAL(18,0)'
 */
export function duckdbTypeOf(type: SqlServerType): string {
  if (type === 'int') return 'INTEGER';
  if (type === 'bigint') return 'BIGINT';
  if (type === 'smallint') return 'SMALLINT';
  if (type === 'bit') return 'BOOLEAN';
  if (type === 'datetime') return 'TIMESTAMP';
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric) return `DECIMAL(${numeric[1]},${numeric[2]})`;
  if (/^n?varchar\(\d+\)$/.test(type)) return 'VARCHAR';
  throw new Error(`No DuckDB type for SQL Server type ${type}`);
}
