import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Database, numberOf, rowMapping, timestamp } from '../../../server/store/database.ts';
import { openTestDatabase } from './support.ts';

let db: Database;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

const idAndTime = rowMapping(z.object({ id: z.number(), at: timestamp }), (row) => ({ id: row.id, at: row.at }));

describe('row mappings', () => {
  it('reads a TIMESTAMP as ISO 8601 to the millisecond, with or without a fraction stored', async () => {
    const rows = await db.all(`SELECT 1 AS id, TIMESTAMP '2026-10-01 08:00:00.123456' AS at UNION ALL SELECT 2, TIMESTAMP '2026-10-31 23:59:59' ORDER BY id`);
    expect(rows.map(idAndTime)).toEqual([
      { id: 1, at: '2026-10-01T08:00:00.123' },
      { id: 2, at: '2026-10-31T23:59:59.000' },
    ]);
  });

  it('fails loudly on a row without a column the mapping reads, or of another type', async () => {
    const [missing] = await db.all('SELECT 1 AS id');
    const [wrongType] = await db.all(`SELECT 'one' AS id, TIMESTAMP '2026-10-01 08:00:00' AS at`);
    expect(() => idAndTime(missing ?? {})).toThrow(/at/);
    expect(() => idAndTime(wrongType ?? {})).toThrow(/id/);
  });

  it('reads an aggregate’s BIGINT as a number, and no row as 0', async () => {
    expect(await numberOf(db, 'SELECT count(*) AS n FROM range(3)')).toBe(3);
    expect(await numberOf(db, 'SELECT max(range) AS n FROM range(0)')).toBe(0);
    expect(await numberOf(db, 'SELECT 1 AS n WHERE false')).toBe(0);
  });
});
