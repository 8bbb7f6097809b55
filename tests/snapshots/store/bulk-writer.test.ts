import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableSql, tableNamed } from '../../../snapshots/schema/index.ts';
import { openBulkWriter, type RowValue } from '../../../snapshots/store/bulk-writer.ts';

// More rows than two appender chunks (2,048 rows each), so every value is written into a chunk
// that already carried other rows: nothing of the chunk before may stay behind.
const ROWS = 5000;
const clients = tableNamed('cltClients');

/** cltID, ClientNumber, ClientName, BillingCode, Inactive, Stamp; a null billing code now and then. */
function clientRow(i: number): RowValue[] {
  return [i, String(1000 + i), `Client ${'x'.repeat(i % 40)} ${i}`, i % 3 === 0 ? null : `BC-${i}`, i % 7 === 0, Date.UTC(2026, 9, 1) + i * 1003];
}

describe('the bulk writer', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let rowCount: number;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run(createTableSql(clients));
    const writer = await openBulkWriter(connection, clients);
    for (let i = 1; i <= ROWS; i++) writer.append(clientRow(i));
    writer.close();
    rowCount = writer.rowCount;
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('writes every row of several chunks exactly as given: strings, nulls, decimals, booleans and stamps', async () => {
    expect(rowCount).toBe(ROWS);
    const read = await connection.runAndReadAll(
      `SELECT cltID, ClientNumber::VARCHAR, ClientName, BillingCode, Inactive, epoch_ms(Stamp) FROM cltClients ORDER BY cltID`,
    );
    const rows = read.getRows().map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value)));
    expect(rows).toEqual(Array.from({ length: ROWS }, (_, i) => clientRow(i + 1)));
  });
});
