/**
 * Row counts and order-independent checksums of snapshot tables, computed by DuckDB: the sum of
 * every row's hash modulo 2^64. Equal data gives equal checksums whatever the insertion order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, type TableDef } from '../schema/index.ts';
import type { TableStats } from './manifest.ts';

export async function tableStats(connection: DuckDBConnection, tables: readonly TableDef[], catalog = 'main'): Promise<TableStats> {
  const stats: Record<string, TableStats[string]> = {};
  for (const table of tables) {
    const result = await connection.runAndReadAll(
      `SELECT count(*) AS n, lower(hex((coalesce(sum(hash(t)::HUGEINT), 0) % 18446744073709551616)::UBIGINT)) AS checksum
       FROM ${quoteIdent(catalog)}.${quoteIdent(table.name)} AS t`,
    );
    const row = result.getRowObjectsJson()[0] as { n: string; checksum: string };
    stats[table.name] = { rows: Number(row.n), checksum: row.checksum.padStart(16, '0') };
  }
  return stats;
}
