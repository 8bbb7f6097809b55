/**
 * Rating: statistics to invoices. For each account, and in each segment of the period in which its
 * plan stays the same (rate-accounts.ts), a usage line's order of operations is (docs/rating.md):
 *
 *   statistic per client -> modifiers in declared order -> sum over the account's clients
 *   -> included units -> unit price, tiers or packages -> per-line minimum / maximum -> multiplier
 *   -> line amount rounded (per-line policy) -> plan minimum (true-up line) -> total rounded.
 *
 * Every step is recorded on the line, so each number explains how it was made. Pure: no I/O.
 */
import { EngineError } from '../errors.ts';
import type { Account } from './accounts.ts';
import type { NotBilled } from './billing-status.ts';
import { roundLine } from './line-rounding.ts';
import { applyModifiers } from './modifiers.ts';
import { exact, formatAmount, sum, type Exact } from './money.ts';
import type { BillingSetup, ClientInfo, Invoice, InvoiceLine, RatePlan, Step, UsageLine } from './model.ts';
import type { BillingPeriod } from './period.ts';
import { price } from './pricing.ts';
import { rateAccounts } from './rate-accounts.ts';
import type { MemoContext, RatingMemo } from './rating-memo.ts';
import type { Statistics } from './statistics.ts';

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
  /**
   * Statistics of date ranges inside the period, by rangeKey: needed when a plan, a price or a
   * client's billing changes inside the period (rating-ranges.ts lists the ranges and computes them).
   */
  readonly statisticsByRange?: ReadonlyMap<string, Statistics>;
}

export interface RatingResult {
  readonly invoices: readonly Invoice[];
  /** Accounts no assignment covers for the period: nothing is billed to them. */
  readonly unassigned: readonly string[];
  /** Clients not billed (excluded, inactive, cancelled), with their usage on the days not billed. */
  readonly notBilled: readonly NotBilled[];
}

export function rate(input: RatingInput): RatingResult {
  return rateAccounts(input, rateUsage);
}

function rateUsage(line: UsageLine, account: Account, plan: RatePlan, input: RatingInput, context: MemoContext): InvoiceLine {
  const valueOf = (statistic: string, client: ClientInfo): Exact => {
    const values = input.statistics.get(statistic);
    if (!values) {
      throw new EngineError(
        'unknown_statistic',
        `plan ${plan.id}, line ${line.id}: statistic ${statistic} was not computed (no formula of that id in the run)`,
        { field: `plans.${plan.id}.lines.${line.id}` },
      );
    }
    return parsedValue(context.parsed(statistic), values.values, client.cltID);
  };
  const steps: Step[] = [];
  const explain = input.explainClients !== false;
  const perClient = account.clients.map((client) => {
    const value = valueOf(line.statistic, client);
    if (explain) steps.push({ kind: 'statistic', clientNumber: client.clientNumber, statistic: line.statistic, value: value.toFixed() });
    const modified = applyModifiers(value, line.statistic, client, input.setup.modifiers, valueOf, explain);
    steps.push(...modified.steps);
    return modified.value;
  });
  const quantity = sum(perClient);
  steps.push({ kind: 'quantity', value: quantity.toFixed() });
  const billable = larger(quantity.minus(line.included), exact(0));
  if (line.included.gt(0)) steps.push({ kind: 'included', units: line.included.toFixed(), billable: billable.toFixed() });
  const priced = price(billable, line.pricing);
  steps.push(...priced.steps);
  let amount = priced.amount;
  if (line.minimum !== undefined && amount.lt(line.minimum)) {
    steps.push({ kind: 'lineMinimum', limit: line.minimum.toFixed(), before: amount.toFixed(), after: line.minimum.toFixed() });
    amount = line.minimum;
  }
  if (line.maximum !== undefined && amount.gt(line.maximum)) {
    steps.push({ kind: 'lineMaximum', limit: line.maximum.toFixed(), before: amount.toFixed(), after: line.maximum.toFixed() });
    amount = line.maximum;
  }
  if (!line.multiplier.eq(1)) {
    const multiplied = amount.mul(line.multiplier);
    steps.push({ kind: 'multiplier', factor: line.multiplier.toFixed(), before: amount.toFixed(), after: multiplied.toFixed() });
    amount = multiplied;
  }
  const rounded = roundLine(amount, input.setup.rounding);
  return {
    lineId: line.id,
    label: line.label,
    kind: 'usage',
    statistic: line.statistic,
    quantity: billable.toFixed(),
    ...(priced.unitPrice ? { unitPrice: priced.unitPrice.toFixed() } : {}),
    amount: formatAmount(rounded.value, input.setup.rounding.money.scale),
    steps: [...steps, ...rounded.steps],
  };
}

const ZERO = exact(0);

/**
 * Statistic values arrive as exact text; each is parsed once into `parsed` (the run's, or the memo's
 * for values of the same content), so re-rating the same statistics (a what-if) does not parse them again.
 */
function parsedValue(parsed: Map<number, Exact>, values: ReadonlyMap<number, string>, cltID: number): Exact {
  let value = parsed.get(cltID);
  if (value === undefined) {
    const text = values.get(cltID);
    value = text === undefined ? ZERO : exact(text);
    parsed.set(cltID, value);
  }
  return value;
}

function larger(a: Exact, b: Exact): Exact {
  return a.gt(b) ? a : b;
}
