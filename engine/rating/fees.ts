/**
 * Fee lines. A fee falls on the days its plan is in force within the period it covers: the rated
 * period (billed in arrears, the default) or the period after it (billed in advance, while usage
 * stays in arrears). In order: whether the fee is due in that span, the amount, proration by days
 * (monthly fees that prorate), the line rounded (per-line policy).
 * - monthly: every period, prorated by the days in force when the line prorates;
 * - quarterly, annual: in full, in the period holding the first day of a quarter or year (counted
 *   from `anchorMonth`) when billed in advance, the last day when billed in arrears;
 * - once: in the period the plan's assignment starts.
 */
import type { FeeLine, InvoiceLine, RoundingPolicy, Step } from './model.ts';
import { monthParts, type BillingPeriod } from './period.ts';
import { prorate } from './proration.ts';
import { roundLine } from './line-rounding.ts';

/** Where a fee falls: the days its plan is in force (`range`) within the period the fee covers. */
export interface FeeSpan {
  readonly range: BillingPeriod;
  readonly covered: BillingPeriod;
  /** The day the plan's assignment starts (a one-time fee is due in the span holding it). */
  readonly assignmentFrom: string;
  /** The plan the fee is a line of. */
  readonly plan: string;
  /** Name the days on the line (the plan changes inside the period, or the fee is billed in advance). */
  readonly dated: boolean;
  /** Tell the line from the same fee on other days of the period (the plan changes inside it). */
  readonly split: boolean;
}

/** @example rateFee(baseFee, { range: { start: '2026-10-11', end: '2026-10-31' }, covered: OCTOBER, assignmentFrom: '2026-10-11', dated: false, split: false }, policy) */
export function rateFee(line: FeeLine, span: FeeSpan, policy: RoundingPolicy): InvoiceLine | undefined {
  if (!isDue(line, span)) return undefined;
  const steps: Step[] = [{ kind: 'fee', amount: line.amount.toFixed() }];
  const prorated = line.recurrence === 'monthly' ? prorate(line.amount, line.prorate, span.covered, span.range) : { value: line.amount, steps: [] };
  steps.push(...prorated.steps);
  const rounded = roundLine(prorated.value, policy);
  return {
    lineId: span.split ? `${line.id}@${span.range.start}` : line.id,
    label: span.dated ? `${line.label} (${datesOf(span.range)})` : line.label,
    kind: 'fee',
    quantity: '1',
    amount: rounded.text,
    steps: [...steps, ...rounded.steps],
    ...(span.dated ? { service: { from: span.range.start, until: span.range.end, plan: span.plan } } : {}),
  };
}

function isDue(line: FeeLine, span: FeeSpan): boolean {
  switch (line.recurrence) {
    case 'once':
      return span.assignmentFrom >= span.range.start && span.assignmentFrom <= span.range.end;
    case 'monthly':
      return true;
    case 'quarterly':
    case 'annual': {
      const every = line.recurrence === 'quarterly' ? 3 : 12;
      const anchor = (line.anchorMonth ?? 1) - 1;
      // The months of the span whose first day (in advance) or last day (in arrears) opens or closes a term.
      return monthParts(span.range).some(({ part, month }) => {
        const index = Number(month.start.slice(5, 7)) - 1;
        if (line.billed === 'advance') return part.start === month.start && (((index - anchor) % every) + every) % every === 0;
        return part.end === month.end && (((index + 1 - anchor) % every) + every) % every === 0;
      });
    }
  }
}

/** A range on a line's label: '2026-10-01 to 2026-10-14', or one day. */
export function datesOf(range: BillingPeriod): string {
  return range.start === range.end ? range.start : `${range.start} to ${range.end}`;
}
