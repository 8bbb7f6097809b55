/** Test helper: every IS table of a DuckDB connection as plain rows for the reference model. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, tables } from '../../snapshots/schema/index.ts';
import type { IsRows, Row } from './reference-model.ts';

export async function readIsRows(connection: DuckDBConnection): Promise<IsRows> {
  const rows: Record<string, Row[]> = {};
  for (const table of tables) {
    const columns = table.columns.map((column) =>
      column.duckdbType === 'TIMESTAMP' ? `epoch_ms(${quoteIdent(column.name)})::DOUBLE AS ${quoteIdent(column.name)}` : quoteIdent(column.name),
    );
    const reader = await connection.runAndReadAll(`SELECT ${columns.join(', ')} FROM ${quoteIdent(table.name)}`);
    rows[table.name] = reader.getRowObjectsJson() as Row[];
  }
  return rows;
}
