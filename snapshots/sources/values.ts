/**
 * Driver values → the bulk writer's row values, exactly: datetime → milliseconds of the naive
 * stamp (SQL Server gives a Date read as UTC, PostgreSQL the timestamp's text), numeric → the text
 * the SELECT cast it to, bigint → its text, bit → boolean. Missing optional columns get their fill.
 */
import { SnapshotError } from '../errors.ts';
import { parseStamp } from '../period.ts';
import type { RowValue } from '../store/bulk-writer.ts';
import { neutralValue, type ResolvedTable } from './discovery.ts';
import type { SourceValue } from './source.ts';

/** Builds the function turning one SELECT row (present columns only) into a full snapshot row. */
export function rowReader(table: ResolvedTable): (row: readonly SourceValue[]) => RowValue[] {
  let selected = 0;
  const readers = table.def.columns.map((column, index): ((row: readonly SourceValue[]) => RowValue) => {
    if (table.liveColumns[index] === undefined) {
      const fill = neutralValue(column);
      return () => fill;
    }
    const at = selected++;
    const where = `${table.def.name}.${column.name}`;
    if (column.duckdbType === 'TIMESTAMP') return (row) => stampValue(row[at] ?? null, where);
    return (row) => plainValue(row[at] ?? null);
  });
  return (row) => readers.map((read) => read(row));
}

/** Milliseconds of a naive stamp, from a Date (read as UTC) or text; null stays null. */
export function stampValue(value: SourceValue, where = 'a stamp'): number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const parts = STAMP.exec(String(value));
  if (parts) return stampFromParts(parts);
  try {
    return parseStamp(String(value));
  } catch {
    throw new SnapshotError('source_query_failed', `${where}: "${String(value)}" is not a timestamp without time zone.`);
  }
}

/** PostgreSQL's text of a timestamp: `2026-10-01 00:00:00.997`, fraction optional (up to microseconds). */
const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

/** The hot path of PostgreSQL extraction: a regex and Date.UTC, not Date.parse plus a format check. */
function stampFromParts(parts: RegExpExecArray): number {
  const [, year, month, day, hour, minute, second, fraction = ''] = parts as unknown as string[];
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
}

function plainValue(value: SourceValue): RowValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.getTime();
  return value;
}

/** A count or bound from an extent query as a number (drivers give bigint counts as text). */
export function numberValue(value: SourceValue): number | null {
  if (value === null) return null;
  return value instanceof Date ? value.getTime() : Number(value);
}
