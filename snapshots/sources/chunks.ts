/**
 * Chunks: each table is read as consecutive half-open ranges of one ordered, NOT NULL column (its
 * period stamp, else a key), so that a dropped connection costs only the chunk in flight: the
 * snapshot deletes that range's rows and reads the range again, with no duplicate and no missing
 * row. The first range is open below and the last open above, so rows that arrive while we read
 * are not lost between ranges.
 */
import type { TableDef } from '../schema/index.ts';

export interface ChunkColumn {
  readonly name: string;
  readonly kind: 'stamp' | 'number';
}

/** [from, to): an absent end is unbounded. Values are milliseconds for stamps. */
export interface Chunk {
  readonly from?: number;
  readonly to?: number;
}

/** How many rows the selection holds now, and the chunk column's smallest and largest value. */
export interface TableExtent {
  readonly rows: number;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * The period stamp when the legacy report reads it, else the first NOT NULL integer column it
 * reads (a key). Only legacy columns qualify: discovery guarantees they exist.
 *
 * @example chunkColumnOf(tableNamed('statCallEnd')) // { name: 'Stamp', kind: 'stamp' }
 */
export function chunkColumnOf(table: TableDef): ChunkColumn {
  const usable = table.columns.filter((column) => column.usage === 'legacy' && !column.nullable);
  const stamp = usable.find((column) => column.name === table.periodColumn && column.sqlServerType === 'datetime');
  if (stamp) return { name: stamp.name, kind: 'stamp' };
  const key = usable.find((column) => ['int', 'bigint', 'smallint'].includes(column.sqlServerType));
  if (!key) throw new Error(`${table.name} has no column to read it in chunks by`);
  return { name: key.name, kind: 'number' };
}

const SECOND_MS = 1000;

/**
 * Splits the extent into about rows / chunkRows ranges of equal width. Stamp boundaries fall on
 * whole seconds: they are exact `datetime` values, which a literal like .998 would not be (SQL
 * Server rounds it to .997, and `< .998` would then drop the row at .997).
 *
 * @example planChunks({ name: 'id', kind: 'number' }, { rows: 300, min: 1, max: 300 }, 100)
 *   // [{ to: 101 }, { from: 101, to: 201 }, { from: 201 }]
 */
export function planChunks(column: ChunkColumn, extent: TableExtent, chunkRows: number): Chunk[] {
  const count = Math.ceil(extent.rows / chunkRows);
  if (count <= 1 || extent.min === null || extent.max === null) return [{}];
  const unit = column.kind === 'stamp' ? SECOND_MS : 1;
  const low = Math.floor(extent.min / unit) * unit;
  const high = Math.floor(extent.max / unit) * unit + unit;
  const width = Math.max(unit, Math.ceil((high - low) / count / unit) * unit);
  const boundaries: number[] = [];
  for (let edge = low + width; edge < high; edge += width) boundaries.push(edge);
  return [undefined, ...boundaries].map((from, index) => {
    const to = boundaries[index];
    return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  });
}

/** The chunk's condition on the (quoted) column, or undefined for a chunk that is the whole table. */
export function chunkPredicate(chunk: Chunk, quotedColumn: string, literal: (value: number) => string): string | undefined {
  const parts: string[] = [];
  if (chunk.from !== undefined) parts.push(`${quotedColumn} >= ${literal(chunk.from)}`);
  if (chunk.to !== undefined) parts.push(`${quotedColumn} < ${literal(chunk.to)}`);
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}
