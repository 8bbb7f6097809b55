/**
 * Rating: statistics to invoices. For each account, with the plan assigned to it, the order of
 * operations is (docs/rating.md):
 *
 *   usage lines (usage.ts) -> fees -> plan minimum, adjustments, percentages, credits and the
 *   total (invoice.ts).
 *
 * Every step is recorded on the line, so each number explains how it was made. Pure: no I/O.
 */
import { groupAccounts, type Account } from './accounts.ts';
import { assignmentFor } from './assignments.ts';
import { invoiceOf } from './invoice.ts';
import { roundLine } from './line-rounding.ts';
import { exact, formatAmount } from './money.ts';
import type { Assignment, BillingSetup, ClientInfo, FeeLine, Invoice, InvoiceLine, RatePlan, RoundingPolicy, Step } from './model.ts';
import { daysBetween, overlapDays, type BillingPeriod } from './period.ts';
import { noMemo, type MemoContext, type RatedLine, type RatingMemo } from './rating-memo.ts';
import type { Statistics } from './statistics.ts';
import { rateUsage } from './usage.ts';

export interface RatingInput {
  readonly setup: BillingSetup;
  readonly clients: readonly ClientInfo[];
  /** Statistic (formula id) -> its values (cltID -> exact value as text; absent is 0) and their content key. */
  readonly statistics: Statistics;
  readonly period: BillingPeriod;
  /**
   * Record each client's statistic and modifier steps on the lines (default true). A what-if that
   * only compares amounts can leave them out; line-level steps are always kept.
   */
  readonly explainClients?: boolean;
  /**
   * Rated lines and invoices kept between runs (rating-memo.ts): a what-if that changes one price
   * then re-rates only the lines that price touches. Results are the same with or without it; rating
   * keeps nothing between runs anywhere else.
   */
  readonly memo?: RatingMemo;
}

export interface RatingResult {
  readonly invoices: readonly Invoice[];
  /** Accounts no assignment covers for the period: nothing is billed to them. */
  readonly unassigned: readonly string[];
}

export function rate(input: RatingInput): RatingResult {
  const invoices: Invoice[] = [];
  const unassigned: string[] = [];
  const memo = input.memo ?? noMemo;
  const context = memo.context(input.setup, input.statistics, input.period, input.explainClients !== false);
  // A what-if rates the same clients again and again: the memo groups them once.
  const accounts = memo.accounts(input.clients, input.setup.accounts, () => groupAccounts(input.clients, input.setup.accounts));
  for (const account of accounts) {
    const chosen = assignmentFor(account, input.setup, input.period);
    if (!chosen) unassigned.push(account.id);
    else invoices.push(rateAccount(account, chosen.plan, chosen.assignment, input, memo, context));
  }
  return { invoices, unassigned };
}

function rateAccount(account: Account, plan: RatePlan, assignment: Assignment, input: RatingInput, memo: RatingMemo, context: MemoContext): Invoice {
  const rated: RatedLine[] = [];
  for (const line of plan.lines) {
    const next =
      line.kind === 'usage'
        ? memo.usage(context, line, account, () => ratedLine(rateUsage(line, account, plan, input, context)))
        : memo.fee(context, line, assignment, () => ratedFee(line, assignment, input));
    if (next) rated.push(next);
  }
  return memo.invoice(context, account, plan, rated, () => invoiceOf(account, plan, rated, input.setup, input.period));
}

function ratedFee(line: FeeLine, assignment: Assignment, input: RatingInput): RatedLine | undefined {
  const fee = rateFee(line, assignment, input.period, input.setup.rounding);
  return fee && ratedLine(fee);
}

function ratedLine(line: InvoiceLine): RatedLine {
  return { line, amount: exact(line.amount) };
}

/**
 * A monthly fee is charged every period the plan is in force, prorated by days when the plan starts
 * or ends inside the period (if the line prorates); a one-time fee in the period the plan starts.
 */
function rateFee(line: FeeLine, assignment: Assignment, period: BillingPeriod, policy: RoundingPolicy): InvoiceLine | undefined {
  if (line.recurrence === 'once' && !(assignment.from >= period.start && assignment.from <= period.end)) return undefined;
  const steps: Step[] = [{ kind: 'fee', amount: line.amount.toFixed() }];
  let amount = line.amount;
  const periodDays = daysBetween(period.start, period.end);
  const activeDays = overlapDays(period, assignment.from, assignment.until);
  if (line.recurrence === 'monthly' && line.prorate && activeDays < periodDays) {
    const prorated = amount.mul(activeDays).div(periodDays);
    steps.push({ kind: 'prorate', days: activeDays, daysInPeriod: periodDays, before: amount.toFixed(), after: prorated.toFixed() });
    amount = prorated;
  }
  const rounded = roundLine(amount, policy);
  return {
    lineId: line.id,
    label: line.label,
    kind: 'fee',
    quantity: '1',
    amount: formatAmount(rounded.value, policy.money.scale),
    steps: [...steps, ...rounded.steps],
  };
}
