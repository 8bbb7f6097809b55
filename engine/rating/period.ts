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

/** The days of the period that also lie in [from, until]. */
export function overlapDays(period: BillingPeriod, from: string, until: string | undefined): number {
  const start = from > period.start ? from : period.start;
  const end = until !== undefined && until < period.end ? until : period.end;
  return daysBetween(start, end);
}

/** The days a snapshot's period covers: its inclusive stamps cut to their dates. */
export function daysOf(stamps: { readonly start: string; readonly end: string }): BillingPeriod {
  return { start: stamps.start.slice(0, 10), end: stamps.end.slice(0, 10) };
}
