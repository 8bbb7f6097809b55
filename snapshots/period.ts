/**
 * Billing periods. IS stamps are SQL Server `datetime` values in the server's local time with no
 * zone, so a period is a pair of naive wall-clock instants, held as milliseconds on a UTC-based
 * scale (no daylight-saving shifts are applied; see quirk D28).
 *
 * Both ends are inclusive, as in the legacy report's BETWEEN. A month therefore ends at
 * 23:59:59.997, the last `datetime` tick before midnight, so consecutive months never share a stamp.
 */
import { SnapshotError } from './errors.ts';

export interface Period {
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
}

/** The last SQL Server `datetime` tick before a whole second (datetime has 1/300 s resolution). */
export const LAST_TICK_MS = 997;
export const DAY_MS = 86_400_000;
/** The first year a SQL Server `datetime` can hold. */
const MIN_DATETIME_YEAR = 1753;

/**
 * Parses `YYYY-MM` (a calendar month) or `YYYY-MM-DD..YYYY-MM-DD` (whole days, both inclusive).
 *
 * @example parsePeriod('2026-10') // 2026-10-01 00:00:00.000 .. 2026-10-31 23:59:59.997
 */
export function parsePeriod(text: string): Period {
  const month = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (month) {
    const year = Number(month[1]);
    const monthIndex = Number(month[2]) - 1;
    if (monthIndex < 0 || monthIndex > 11) throw badPeriod(text, `month ${month[2]} does not exist`);
    if (year < MIN_DATETIME_YEAR) throw badPeriod(text, `SQL Server datetime starts in ${MIN_DATETIME_YEAR}`);
    const start = Date.UTC(year, monthIndex, 1);
    return { start, end: Date.UTC(year, monthIndex + 1, 1) - 1000 + LAST_TICK_MS };
  }
  const days = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  if (days) {
    const start = parseDay(days[1] as string, text);
    const lastDay = parseDay(days[2] as string, text);
    if (lastDay < start) throw badPeriod(text, 'the last day is before the first');
    return { start, end: lastDay + DAY_MS - 1000 + LAST_TICK_MS };
  }
  throw badPeriod(text, 'expected YYYY-MM (a month) or YYYY-MM-DD..YYYY-MM-DD (days, inclusive)');
}

function parseDay(day: string, whole: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || formatStamp(ms).slice(0, 10) !== day) throw badPeriod(whole, `${day} is not a date`);
  if (Number(day.slice(0, 4)) < MIN_DATETIME_YEAR) throw badPeriod(whole, `SQL Server datetime starts in ${MIN_DATETIME_YEAR}`);
  return ms;
}

function badPeriod(text: string, why: string): SnapshotError {
  return new SnapshotError('bad_period', `Malformed period "${text}": ${why}.`);
}

/** The period's first `days` whole days (used by scales shorter than a month). */
export function firstDays(period: Period, days: number): Period {
  const end = Math.min(period.end, period.start + days * DAY_MS - 1000 + LAST_TICK_MS);
  return { start: period.start, end };
}

/**
 * Formats a naive stamp the way DuckDB and SQL Server print it.
 *
 * @example formatStamp(Date.UTC(2026, 9, 1)) // '2026-10-01 00:00:00.000'
 */
export function formatStamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses `YYYY-MM-DD HH:MM:SS[.mmm]` (or with a T) as a naive stamp. */
export function parseStamp(text: string): number {
  const trimmed = text.trim();
  const ms = Date.parse(`${trimmed.replace(' ', 'T')}Z`);
  // Date.parse rolls 2026-02-30 over into March; a stamp must name a real day.
  if (Number.isNaN(ms) || formatStamp(ms).slice(0, 10) !== trimmed.slice(0, 10)) {
    throw new SnapshotError('bad_period', `"${text}" is not a timestamp (expected YYYY-MM-DD HH:MM:SS.mmm).`);
  }
  return ms;
}

/** Rounds milliseconds to the nearest SQL Server `datetime` tick, which stores .000, .003, .007 ... */
export function toDatetimeTick(ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const ticks = Math.round(((ms - whole) * 300) / 1000);
  return whole + Math.round((ticks * 1000) / 300);
}
