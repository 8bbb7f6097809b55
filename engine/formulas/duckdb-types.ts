/** Groups of DuckDB column types that the engine treats alike. */
import { DuckDBTypeId } from '@duckdb/node-api';

/** Integers of 32 bits or fewer: JavaScript reads them as exact numbers, and a sum of them fits a BIGINT. */
export const INTEGERS_UP_TO_32_BITS: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
]);
