/**
 * Schema drift for the contract tests, without touching the base tables: a variant is a schema of
 * views over them that leaves out tables or columns, adds columns IS does not define, or adds rows
 * with values chosen to test exactness. Each test bed renders the views in its own SQL.
 */
import { tables, type ColumnDef } from '../../../snapshots/schema/index.ts';

export type VariantValue = string | boolean | null;

export interface SchemaVariant {
  readonly dropTables?: readonly string[];
  readonly dropColumns?: Readonly<Record<string, readonly string[]>>;
  /** Live columns the IS schema does not define (they hold 1). */
  readonly addColumns?: Readonly<Record<string, readonly string[]>>;
  /** Rows added to a table, by column; absent columns are NULL. Stamps as `YYYY-MM-DD HH:MM:SS.mmm`. */
  readonly extraRows?: Readonly<Record<string, readonly Readonly<Record<string, VariantValue>>[]>>;
}

export interface ViewSql {
  readonly quote: (name: string) => string;
  /** A typed literal of the column's type (`CAST('…' AS type)`), or a typed NULL. */
  readonly literal: (value: VariantValue, column: ColumnDef) => string;
}

/** One `CREATE VIEW` per IS table the variant keeps. */
export function variantViews(spec: SchemaVariant, base: (table: string) => string, target: (table: string) => string, sql: ViewSql): string[] {
  return tables
    .filter((table) => !spec.dropTables?.includes(table.name))
    .map((table) => {
      const dropped = new Set(spec.dropColumns?.[table.name] ?? []);
      const kept = table.columns.filter((column) => !dropped.has(column.name));
      const added = spec.addColumns?.[table.name] ?? [];
      const list = [...kept.map((column) => sql.quote(column.name)), ...added.map((name) => `1 AS ${sql.quote(name)}`)];
      const extra = (spec.extraRows?.[table.name] ?? []).map(
        (row) => `SELECT ${[...kept.map((column) => sql.literal(row[column.name] ?? null, column)), ...added.map(() => '1')].join(', ')}`,
      );
      return `CREATE VIEW ${target(table.name)} AS ${[`SELECT ${list.join(', ')} FROM ${base(table.name)}`, ...extra].join(' UNION ALL ')}`;
    });
}

/** `CAST('text' AS type)` with quotes doubled; booleans as 'true'/'false', which every test bed casts. */
export function castLiteral(value: VariantValue, type: string): string {
  return value === null ? `CAST(NULL AS ${type})` : `CAST('${String(value).replaceAll("'", "''")}' AS ${type})`;
}
