/**
 * Schema discovery and drift: matches the live INFORMATION_SCHEMA.COLUMNS against the IS schema.
 * A table or column the legacy report reads (`usage: 'legacy'`) must be there, or extraction stops
 * with one error naming everything missing. An optional column (`usage: 'extra'`) may be missing:
 * it becomes a warning in the manifest and is filled with NULL, or with its neutral value when
 * the snapshot declares it NOT NULL (0, false, '' or 1900-01-01, SQL Server's zero datetime), so
 * the snapshot keeps one schema whatever the site runs. Live columns IS does not define are ignored.
 * Names match case-insensitively (SQL Server's default collation; lower-cased PostgreSQL replicas).
 */
import { SnapshotError } from '../errors.ts';
import { parseStamp } from '../period.ts';
import type { ColumnDef, TableDef } from '../schema/index.ts';
import type { RowValue } from '../store/bulk-writer.ts';
import type { LiveColumn, LiveNames } from './source.ts';

export interface ResolvedTable {
  readonly def: TableDef;
  readonly liveName: string;
  /** Per column of `def.columns`: its live name, or undefined when the source lacks it. */
  readonly liveColumns: readonly (string | undefined)[];
}

export interface ResolvedSchema {
  readonly tables: readonly ResolvedTable[];
  readonly names: LiveNames;
  readonly warnings: readonly string[];
}

/**
 * @param where names the source in the error, e.g. `sqlserver db1:1433/IS (schema dbo)`.
 * @example resolveSchema(tables, await session.listColumns(), 'postgresql 127.0.0.1:5432/is (schema public)')
 */
export function resolveSchema(expected: readonly TableDef[], live: readonly LiveColumn[], where: string): ResolvedSchema {
  const liveTables = groupByTable(live);
  const missing: string[] = [];
  const warnings: string[] = [];
  const tables: ResolvedTable[] = [];
  for (const def of expected) {
    const found = liveTables.get(def.name.toLowerCase());
    if (!found) {
      missing.push(`table ${def.name}`);
      continue;
    }
    const liveColumns = def.columns.map((column) => {
      const name = found.columns.get(column.name.toLowerCase());
      if (name === undefined && column.usage === 'legacy') missing.push(`column ${def.name}.${column.name}`);
      if (name === undefined && column.usage === 'extra') warnings.push(missingColumnWarning(def, column));
      return name;
    });
    tables.push({ def, liveName: found.name, liveColumns });
  }
  if (missing.length > 0) {
    throw new SnapshotError('source_schema_mismatch', `The source ${where} lacks what Billing Export 200 reads: ${missing.join('; ')}.`);
  }
  return { tables, names: liveNames(tables), warnings };
}

interface LiveTable {
  readonly name: string;
  readonly columns: Map<string, string>;
}

function groupByTable(live: readonly LiveColumn[]): Map<string, LiveTable> {
  const byTable = new Map<string, LiveTable>();
  for (const { table, column } of live) {
    const key = table.toLowerCase();
    const entry = byTable.get(key) ?? { name: table, columns: new Map<string, string>() };
    entry.columns.set(column.toLowerCase(), column);
    byTable.set(key, entry);
  }
  return byTable;
}

function liveNames(tables: readonly ResolvedTable[]): LiveNames {
  const tableNames = new Map(tables.map((table) => [table.def.name, table.liveName]));
  const columnNames = new Map<string, string>();
  for (const table of tables) {
    table.def.columns.forEach((column, index) => {
      const name = table.liveColumns[index];
      if (name !== undefined && !columnNames.has(column.name)) columnNames.set(column.name, name);
    });
  }
  return { table: (name) => tableNames.get(name) ?? name, column: (name) => columnNames.get(name) ?? name };
}

function missingColumnWarning(table: TableDef, column: ColumnDef): string {
  const fill = neutralValue(column);
  const what = fill === null ? 'NULL' : `${column.duckdbType === 'TIMESTAMP' ? '1900-01-01 00:00:00' : JSON.stringify(fill)} (the column is NOT NULL)`;
  return `${table.name}.${column.name} (optional) is missing in the source: filled with ${what}.`;
}

const ZERO_DATETIME = parseStamp('1900-01-01 00:00:00.000');

/** What a missing optional column holds: NULL, or the type's neutral value when NOT NULL. */
export function neutralValue(column: ColumnDef): RowValue {
  if (column.nullable) return null;
  if (column.duckdbType === 'BOOLEAN') return false;
  if (column.duckdbType === 'VARCHAR') return '';
  if (column.duckdbType === 'TIMESTAMP') return ZERO_DATETIME;
  return column.duckdbType.startsWith('DECIMAL') ? '0' : 0;
}
