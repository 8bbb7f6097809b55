/**
 * Adjustments: one-off charges and money credits the setup gives an account for a period, each
 * with its reason. Charges are lines like any other (before invoice percentages, so a tax on the
 * subtotal includes them). Credits come last, against the amount due: each is limited to what
 * the invoice comes to before it, so an invoice is never negative; the credit left over is carried
 * forward when the setup allows it (reported on the invoice), else reported as not applied.
 */
import { CARRIED_FORMAT, type CarriedState } from './carried-state.ts';
import { exact, formatAmount, type Exact } from './money.ts';
import type { Adjustment, Invoice, InvoiceLine, RoundingPolicy, Step } from './model.ts';
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
    amount: rounded.text,
    steps: [{ kind: 'adjustment', amount: adjustment.amount.toFixed(), reason: adjustment.reason }, ...limit, ...rounded.steps],
  };
}

/** The line id of a credit carried in from an earlier period. */
export const CARRIED_CREDIT = 'carried-credit';

/**
 * The credits an earlier period carried forward, as this period's first credits (one per account).
 *
 * @example carriedCredits({ period: september, credits: { BC1: '30.00' }, ... }, october) // [{ id: 'carried-credit', account: 'BC1', amount: -30.00, ... }]
 */
export function carriedCredits(state: CarriedState | undefined, period: BillingPeriod): Adjustment[] {
  if (!state?.credits) return [];
  return Object.entries(state.credits).map(([account, amount]) => ({
    id: CARRIED_CREDIT,
    account,
    period: period.start,
    amount: exact(amount).neg(),
    reason: `Credit carried from ${state.period.start} to ${state.period.end}`,
  }));
}

/**
 * The state this period leaves with the credits it carries forward: what its invoices could not
 * absorb (`carriedCredit`), and the carried-in credits of accounts that got no invoice.
 */
export function withCarriedCredits(
  state: CarriedState | undefined,
  invoices: readonly Invoice[],
  unapplied: readonly Adjustment[],
  period: BillingPeriod,
  scale: number,
): CarriedState | undefined {
  const credits: Record<string, string> = {};
  for (const invoice of invoices) if (invoice.carriedCredit !== undefined) credits[invoice.account] = invoice.carriedCredit;
  for (const adjustment of unapplied) if (adjustment.id === CARRIED_CREDIT) credits[adjustment.account] = formatAmount(adjustment.amount.neg(), scale);
  if (Object.keys(credits).length === 0) return state;
  const sorted = Object.fromEntries(Object.entries(credits).sort(([a], [b]) => a.localeCompare(b)));
  return { ...(state ?? { format: CARRIED_FORMAT, period, accounts: {} }), credits: sorted };
}
