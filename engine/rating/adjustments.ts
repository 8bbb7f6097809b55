/**
 * Adjustments: one-off charges and money credits the setup gives an account for a period, each
 * with its reason. Charges are lines like any other (before invoice percentages, so a tax on the
 * subtotal includes them). Credits come last, against the amount due: each is limited to what
 * the invoice comes to before it, so an invoice is never negative; the credit left over is carried
 * forward when the setup allows it (reported on the invoice), else reported as not applied.
 */
import { exact, formatAmount, type Exact } from './money.ts';
import type { Adjustment, InvoiceLine, RoundingPolicy, Step } from './model.ts';
import { roundLine } from './line-rounding.ts';
import type { BillingPeriod } from './period.ts';

/** Whether an adjustment's `period` (a month `YYYY-MM`, or a day `YYYY-MM-DD`) names this billing period. */
export function inPeriod(adjustment: Pick<Adjustment, 'period'>, period: BillingPeriod): boolean {
  if (adjustment.period.length === 7) return period.start.slice(0, 7) === adjustment.period;
  return period.start <= adjustment.period && adjustment.period <= period.end;
}

/** The account's adjustments for the period, in the setup's order. */
export function adjustmentsFor(adjustments: readonly Adjustment[], account: string, period: BillingPeriod): Adjustment[] {
  return adjustments.filter((adjustment) => adjustment.account === account && inPeriod(adjustment, period));
}

/** The period's adjustments for accounts without an invoice (unknown, or not assigned a plan). */
export function adjustmentsWithoutInvoice(adjustments: readonly Adjustment[], invoiced: ReadonlySet<string>, period: BillingPeriod): Adjustment[] {
  return adjustments.filter((adjustment) => inPeriod(adjustment, period) && !invoiced.has(adjustment.account));
}

/** The one-off charges (positive adjustments) as lines. */
export function chargeLines(adjustments: readonly Adjustment[], policy: RoundingPolicy): InvoiceLine[] {
  return adjustments.filter((adjustment) => adjustment.amount.gte(0)).map((adjustment) => lineOf(adjustment, adjustment.amount, [], policy));
}

/**
 * The credits (negative adjustments) as lines, in order, each limited to `due` (what the invoice
 * comes to before it, never below zero) less the credits before it.
 *
 * @example creditLines([credit -25.00], exact('10.00'), policy) // line -10.00, unused 15.00
 */
export function creditLines(adjustments: readonly Adjustment[], due: Exact, policy: RoundingPolicy): { lines: InvoiceLine[]; unused: Exact } {
  const lines: InvoiceLine[] = [];
  let available = due.gt(0) ? due : exact(0);
  let unused = exact(0);
  for (const adjustment of adjustments.filter((a) => a.amount.lt(0))) {
    // Written in the currency's minor unit (the setup file checks it): nothing to round before the limit.
    const credit = adjustment.amount;
    const applied = credit.neg().gt(available) ? available.neg() : credit;
    const limit: Step[] =
      applied === credit ? [] : [{ kind: 'creditLimit', available: available.toFixed(), before: credit.toFixed(), after: applied.toFixed() }];
    unused = unused.plus(applied.minus(credit));
    available = available.plus(applied);
    lines.push(lineOf(adjustment, applied, limit, policy));
  }
  return { lines, unused };
}

function lineOf(adjustment: Adjustment, amount: Exact, limit: Step[], policy: RoundingPolicy): InvoiceLine {
  const rounded = roundLine(amount, policy);
  return {
    lineId: adjustment.id,
    label: adjustment.reason,
    kind: 'adjustment',
    quantity: '1',
    amount: formatAmount(rounded.value, policy.money.scale),
    steps: [{ kind: 'adjustment', amount: adjustment.amount.toFixed(), reason: adjustment.reason }, ...limit, ...rounded.steps],
  };
}
