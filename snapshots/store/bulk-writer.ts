/**
 * Streams rows of one IS table into DuckDB through the appender, a data chunk at a time, so memory
 * stays bounded whatever the table size. Rows use plain JS values: numbers for int columns and for
 * datetime columns (milliseconds of a naive stamp), strings or numbers for numeric, booleans for
 * bit, strings for text, null for NULL.
 */
import {
  DuckDBDataChunk,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { TableDef } from '../schema/index.ts';

export type RowValue = number | string | boolean | null;

export interface BulkWriter {
  /** Appends one row, values in the table's column order. */
  append(row: readonly RowValue[]): void;
  readonly rowCount: number;
  /** Flushes what is buffered and closes the appender. */
  close(): void;
}

const CHUNK_ROWS = 2048;

export async function openBulkWriter(
  connection: DuckDBConnection,
  table: TableDef,
  { schema = 'main', catalog }: { schema?: string; catalog?: string } = {},
): Promise<BulkWriter> {
  const appender: DuckDBAppender = await connection.createAppender(table.name, schema, catalog);
  const types: DuckDBType[] = table.columns.map((_, index) => appender.columnType(index));
  const converters = table.columns.map((column) => converterFor(column.duckdbType));
  // One chunk, reset and refilled for every flush. A chunk per flush would leave its native memory
  // to a Node-API finalizer, and those run only when the event loop turns: a generator that writes
  // millions of rows in one synchronous stretch would hold every chunk it ever made.
  const chunk = DuckDBDataChunk.create(types);
  let columns: DuckDBValue[][] = types.map(() => []);
  let buffered = 0;
  let rowCount = 0;

  const flush = (): void => {
    if (buffered === 0) return;
    chunk.reset();
    chunk.setColumns(columns);
    appender.appendDataChunk(chunk);
    columns = types.map(() => []);
    buffered = 0;
  };

  return {
    append(row) {
      if (row.length !== converters.length) {
        throw new Error(`${table.name}: a row has ${row.length} values, the table has ${converters.length} columns`);
      }
      for (let i = 0; i < row.length; i++) {
        const value = row[i] as RowValue;
        (columns[i] as DuckDBValue[]).push(value === null ? null : (converters[i] as Converter)(value));
      }
      buffered++;
      rowCount++;
      if (buffered === CHUNK_ROWS) flush();
    },
    get rowCount() {
      return rowCount;
    },
    close() {
      flush();
      appender.closeSync();
    },
  };
}

type Converter = (value: Exclude<RowValue, null>) => DuckDBValue;

function converterFor(duckdbType: string): Converter {
  if (duckdbType === 'TIMESTAMP') return (ms) => new DuckDBTimestampValue(BigInt(Math.round(Number(ms) * 1000)));
  if (duckdbType === 'BIGINT') return (v) => BigInt(v as number | string);
  if (duckdbType === 'BOOLEAN') return (v) => v === true || v === 1 || v === '1';
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckdbType);
  if (decimal) {
    const width = Number(decimal[1]);
    const scale = Number(decimal[2]);
    return (v) => new DuckDBDecimalValue(scaledInteger(String(v), scale), width, scale);
  }
  return (v) => v;
}

/** '12.5' at scale 2 -> 1250n, exactly (no float on the way). */
function scaledInteger(text: string, scale: number): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a decimal number`);
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`"${text}" has more than ${scale} decimal places`);
  }
  const digits = `${match[2] || '0'}${fraction.slice(0, scale)}`;
  return (match[1] === '-' ? -1n : 1n) * BigInt(digits);
}
