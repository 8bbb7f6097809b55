/** A billing period of whole days (YYYY-MM-DD, both inclusive) and day arithmetic for proration. */
export interface BillingPeriod {
  readonly start: string;
  readonly end: string;
}

const DAY = 86_400_000;

/** Days from `start` to `end`, both inclusive; 0 when end is before start. */
export function daysBetween(start: string, end: string): number {
  return Math.max(0, Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY) + 1);
}

/** The days a snapshot's period covers: its inclusive stamps cut to their dates. */
export function daysOf(stamps: { readonly start: string; readonly end: string }): BillingPeriod {
  return { start: stamps.start.slice(0, 10), end: stamps.end.slice(0, 10) };
}

/**
 * @example addDays('2026-10-31', 1) // '2026-11-01'
 * Rating asks for the same few days thousands of times per run (plan segments of every account),
 * and date parsing is slow: answers are kept, a bounded table of pure results.
 */
export function addDays(day: string, days: number): string {
  const key = `${day}|${days}`;
  let shifted = shiftedDays.get(key);
  if (shifted === undefined) {
    shifted = new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
    if (shiftedDays.size >= MAX_SHIFTED_DAYS) shiftedDays.clear();
    shiftedDays.set(key, shifted);
  }
  return shifted;
}

const shiftedDays = new Map<string, string>();
const MAX_SHIFTED_DAYS = 4096;

/** The part of `range` within [from, until] (until open when absent), or undefined when they do not meet. */
export function intersect(range: BillingPeriod, from: string, until: string | undefined): BillingPeriod | undefined {
  const start = from > range.start ? from : range.start;
  const end = until !== undefined && until < range.end ? until : range.end;
  return start <= end ? { start, end } : undefined;
}

/** Whether `range` is exactly `period`. */
export function samePeriod(a: BillingPeriod, b: BillingPeriod): boolean {
  return a.start === b.start && a.end === b.end;
}

/** A range as text, the key of its statistics: '2026-10-01..2026-10-14'. */
export function rangeKey(range: BillingPeriod): string {
  return `${range.start}..${range.end}`;
}

/** The calendar month of a day, as a range: monthOf('2026-02-10') // { start: '2026-02-01', end: '2026-02-28' } */
export function monthOf(day: string): BillingPeriod {
  const start = `${day.slice(0, 8)}01`;
  return { start, end: addDays(addMonths(start, 1), -1) };
}

/** The first day `months` calendar months after the first of `day`'s month: addMonths('2026-11-15', 2) // '2027-01-01' */
export function addMonths(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The parts of a range in each calendar month it touches, in order. */
export function monthParts(range: BillingPeriod): { part: BillingPeriod; month: BillingPeriod }[] {
  const parts: { part: BillingPeriod; month: BillingPeriod }[] = [];
  for (let month = monthOf(range.start); month.start <= range.end; month = monthOf(addMonths(month.start, 1))) {
    const part = intersect(range, month.start, month.end);
    if (part) parts.push({ part, month });
  }
  return parts;
}

/**
 * The period after this one: the next calendar month(s) when the period is whole calendar months,
 * else the same number of days that follow it.
 */
export function nextPeriod(period: BillingPeriod): BillingPeriod {
  const wholeMonths = period.start.endsWith('-01') && addDays(period.end, 1).endsWith('-01');
  if (wholeMonths) {
    const months = monthParts(period).length;
    const start = addDays(period.end, 1);
    return { start, end: addDays(addMonths(start, months), -1) };
  }
  const days = daysBetween(period.start, period.end);
  return { start: addDays(period.end, 1), end: addDays(period.end, days) };
}
