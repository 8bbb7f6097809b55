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

describe('reads kept until the next transaction', () => {
  const countRows = async (reads: { count: number }) => {
    reads.count++;
    return numberOf(db, 'SELECT count(*) AS n FROM kept_reads');
  };

  beforeEach(async () => {
    await db.transaction((tx) => tx.run('CREATE TABLE kept_reads (id INTEGER)'));
  });

  it('answers again from what it kept, and reads afresh after a commit or a rollback', async () => {
    const reads = { count: 0 };
    const read = () => db.cached('rows', () => countRows(reads));
    expect([await read(), await read()]).toEqual([0, 0]);
    expect(reads.count).toBe(1);
    await db.transaction((tx) => tx.run('INSERT INTO kept_reads VALUES (1)'));
    expect(await read()).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO kept_reads VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await read()).toBe(1);
    expect(reads.count).toBe(3);
  });

  it('never keeps a read made before a transaction past its end, however they interleave', async () => {
    const reads = { count: 0 };
    const before = db.cached('rows', () => countRows(reads));
    const write = db.transaction((tx) => tx.run('INSERT INTO kept_reads VALUES (1)'));
    const after = db.cached('rows', () => countRows(reads));
    expect([await before, await after]).toEqual([0, 0]); // asked before the write ended: the kept answer
    await write;
    expect(await db.cached('rows', () => countRows(reads))).toBe(1);
    expect(reads.count).toBe(2);
  });

  it('does not keep a failed read', async () => {
    await expect(db.cached('broken', () => db.all('SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    expect(await db.cached('broken', async () => 'read again')).toBe('read again');
  });
});
