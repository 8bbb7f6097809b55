/**
 * Copies a period's rows from IS tables in one DuckDB catalog into the snapshot's own tables,
 * following each table's selection rules. Used for the demo source; extraction from SQL Server and
 * PostgreSQL streams rows through the bulk writer with the same rules.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Period } from '../period.ts';
import { createTableSql, quoteIdent, tables, type TableDef } from '../schema/index.ts';
import { duckdbDialect, selectionPredicate } from './selection.ts';

export async function copyPeriod(connection: DuckDBConnection, sourceCatalog: string, period: Period): Promise<void> {
  const dialect = duckdbDialect((name) => `${quoteIdent(sourceCatalog)}.${quoteIdent(name)}`);
  for (const table of tables) {
    await connection.run(createTableSql(table));
    const columns = table.columns.map((column) => quoteIdent(column.name)).join(', ');
    const predicate = selectionPredicate(table, period, dialect);
    await connection.run(
      `INSERT INTO ${quoteIdent(table.name)} SELECT ${columns} FROM ${dialect.sourceTable(table.name)}` +
        `${predicate ? ` WHERE ${predicate}` : ''} ORDER BY ${storageOrder(table)}`,
    );
  }
}

/**
 * Rows are stored in stamp order (then key order), so DuckDB's per-row-group min/max lets period
 * filters skip most of a table.
 */
function storageOrder(table: TableDef): string {
  const keys = [table.periodColumn, ...table.primaryKey].filter((key): key is string => key !== undefined);
  return (keys.length > 0 ? keys : table.columns.slice(0, 2).map((column) => column.name)).map(quoteIdent).join(', ');
}
