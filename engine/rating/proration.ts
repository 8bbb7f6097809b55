/**
 * Proration by days, with its basis named: `period` (the days in force over the billing period's
 * calendar days) or `month` (each day in force counts 1/(days of its calendar month), so a
 * monthly amount over a whole calendar month is the amount, over a half month its share, and two
 * halves rated as periods of their own add up to the month). `true` means `period`, the basis
 * prorated fees always had; `false` means no proration.
 */
import { exact, sum, type Exact } from './money.ts';
import type { Step } from './model.ts';
import { daysBetween, monthParts, samePeriod, type BillingPeriod } from './period.ts';

export type ProrationBasis = 'period' | 'month';
/** How a line prorates: false (never), true (= 'period'), or a named basis. */
export type Proration = boolean | ProrationBasis;

/** What a prorate step scales: a fee (absent), or a quantity of a usage line or the plan. */
export type ProratedPart = 'included' | 'minimum' | 'maximum' | 'planMinimum';

export function basisOf(proration: Proration | undefined): ProrationBasis | undefined {
  if (proration === true) return 'period';
  return proration === false || proration === undefined ? undefined : proration;
}

/**
 * `value` for the days of `range` (a part of `period`), with the step that says how; the value
 * itself and no step when the line does not prorate or the share is whole.
 *
 * @example prorate(exact(95), 'period', OCTOBER, { start: '2026-10-11', end: '2026-10-31' }).value.toFixed() // 95 × 21/31
 */
export function prorate(
  value: Exact,
  proration: Proration | undefined,
  period: BillingPeriod,
  range: BillingPeriod,
  part?: ProratedPart,
): { value: Exact; steps: Step[] } {
  const basis = basisOf(proration);
  if (!basis) return { value, steps: [] };
  const days = daysBetween(range.start, range.end);
  if (basis === 'period') {
    const periodDays = daysBetween(period.start, period.end);
    if (days >= periodDays) return { value, steps: [] };
    // mul then div, as fees always prorated, so amounts stay the same to the last digit
    const after = value.mul(days).div(periodDays);
    return {
      value: after,
      steps: [{ kind: 'prorate', days, daysInPeriod: periodDays, before: value.toFixed(), after: after.toFixed(), ...(part ? { of: part } : {}) }],
    };
  }
  const parts = monthParts(range);
  const after = sum(parts.map(({ part: p, month }) => value.mul(daysBetween(p.start, p.end)).div(daysBetween(month.start, month.end))));
  if (after.eq(value) && parts.every(({ part: p, month }) => samePeriod(p, month))) return { value, steps: [] };
  const monthDays = sum(parts.map(({ month }) => exact(daysBetween(month.start, month.end)))).toNumber();
  return {
    value: after,
    steps: [{ kind: 'prorate', days, daysInPeriod: monthDays, before: value.toFixed(), after: after.toFixed(), basis: 'month', ...(part ? { of: part } : {}) }],
  };
}
