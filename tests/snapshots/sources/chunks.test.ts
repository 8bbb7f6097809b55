import { describe, expect, it } from 'vitest';
import { parseStamp } from '../../../snapshots/period.ts';
import { tableNamed, tables } from '../../../snapshots/schema/index.ts';
import { chunkColumnOf, chunkPredicate, planChunks, type ChunkColumn } from '../../../snapshots/sources/chunks.ts';

const id: ChunkColumn = { name: 'id', kind: 'number' };
const stamp: ChunkColumn = { name: 'Stamp', kind: 'stamp' };
const ms = (text: string) => parseStamp(text);

describe('chunks', () => {
  it.each([
    ['a table that fits one chunk is read whole', { rows: 90, min: 1, max: 90 }, [{}]],
    ['an empty table is one chunk (rows may arrive meanwhile)', { rows: 0, min: null, max: null }, [{}]],
    ['300 keys in chunks of 100', { rows: 300, min: 1, max: 300 }, [{ to: 101 }, { from: 101, to: 201 }, { from: 201 }]],
    ['a narrow range never splits below one key', { rows: 500, min: 7, max: 8 }, [{ to: 8 }, { from: 8 }]],
  ])('%s', (_, extent, expected) => {
    expect(planChunks(id, extent, 100)).toEqual(expected);
  });

  it('splits stamps on whole seconds, so every boundary is an exact datetime value', () => {
    const chunks = planChunks(stamp, { rows: 3, min: ms('2026-10-01 00:00:00.003'), max: ms('2026-10-01 00:00:02.997') }, 1);
    expect(chunks).toEqual([
      { to: ms('2026-10-01 00:00:01.000') },
      { from: ms('2026-10-01 00:00:01.000'), to: ms('2026-10-01 00:00:02.000') },
      { from: ms('2026-10-01 00:00:02.000') },
    ]);
  });

  it('leaves the first chunk open below and the last open above', () => {
    const chunks = planChunks(id, { rows: 1000, min: 1, max: 1000 }, 100);
    expect(chunks[0]?.from).toBeUndefined();
    expect(chunks.at(-1)?.to).toBeUndefined();
    expect(chunks.slice(1).every((chunk, index) => chunk.from === chunks[index]?.to)).toBe(true);
  });

  it('writes a half-open range on the column', () => {
    expect(chunkPredicate({ from: 1, to: 5 }, '"id"', String)).toBe('"id" >= 1 AND "id" < 5');
    expect(chunkPredicate({ to: 5 }, '"id"', String)).toBe('"id" < 5');
    expect(chunkPredicate({}, '"id"', String)).toBeUndefined();
  });

  it('reads facts by their period stamp and other tables by a NOT NULL key the report reads', () => {
    expect(chunkColumnOf(tableNamed('statCallEnd'))).toEqual({ name: 'Stamp', kind: 'stamp' });
    expect(chunkColumnOf(tableNamed('statLogout'))).toEqual({ name: 'Login', kind: 'stamp' });
    // msgMessages.Stamp is optional (it may be missing), so its key is used.
    expect(chunkColumnOf(tableNamed('msgMessages'))).toEqual({ name: 'msgId', kind: 'number' });
    expect(chunkColumnOf(tableNamed('dirListings'))).toEqual({ name: 'subId', kind: 'number' });
    for (const table of tables) expect(() => chunkColumnOf(table), table.name).not.toThrow();
  });
});
