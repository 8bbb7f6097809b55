/**
 * The IS schema: one source of truth for the demo generator, extraction, snapshots, formula
 * validation and editor autocomplete.
 */
import { tables } from './tables.ts';
import type { ColumnDef, TableDef } from './types.ts';

export * from './types.ts';
export * from './codes.ts';
export { tables } from './tables.ts';

const byName = new Map(tables.map((table) => [table.name.toLowerCase(), table]));

/** The table of that name (IS names are case-insensitive, as in SQL Server), or undefined. */
export function findTable(name: string): TableDef | undefined {
  return byName.get(name.toLowerCase());
}

/** The table of that name; throws if the schema has none (a programming error, not user input). */
export function tableNamed(name: string): TableDef {
  const table = findTable(name);
  if (!table) throw new Error(`The IS schema has no table ${name}`);
  return table;
}

/** The column of that name in the table (case-insensitive), or undefined. */
export function findColumn(table: TableDef, name: string): ColumnDef | undefined {
  const wanted = name.toLowerCase();
  return table.columns.find((column) => column.name.toLowerCase() === wanted);
}

/** Quotes an IS identifier for DuckDB, keeping its exact case. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The DuckDB CREATE TABLE statement for an IS table. No PRIMARY KEY constraint: IS does not
 * enforce every key (quirks D15, D25), a snapshot must keep what IS holds, and loading is faster.
 */
export function createTableSql(table: TableDef, qualifiedName = quoteIdent(table.name)): string {
  const columns = table.columns.map((column) => `  ${quoteIdent(column.name)} ${column.duckdbType}${column.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${qualifiedName} (\n${columns.join(',\n')}\n)`;
}
