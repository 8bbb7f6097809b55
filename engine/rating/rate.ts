/**
 * Rating: statistics to invoices. For each account, and in each segment of the period in which its
 * plan stays the same (rate-accounts.ts), a usage line's order of operations is (docs/rating.md):
 *
 *   usage lines (usage.ts) and fees (fees.ts) -> plan minimum, adjustments, percentages, credits
 *   and the total (invoice.ts).
 *
 * Every step is recorded on the line, so each number explains how it was made. Pure: no I/O.
 */
import { adjustmentsWithoutInvoice, carriedCredits, withCarriedCredits } from './adjustments.ts';
import type { NotBilled } from './billing-status.ts';
import type { CarriedState } from './carried-state.ts';
import type { Adjustment, BillingSetup, ClientInfo, Invoice } from './model.ts';
import type { BillingPeriod } from './period.ts';
import { rateAccounts } from './rate-accounts.ts';
import type { RatingMemo } from './rating-memo.ts';
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
   * only compares amounts can leave them out (line-level steps: `explainLines`).
   */
  readonly explainClients?: boolean;
  /**
   * Record each usage line's pricing and rounding steps and the minimum true-up's (default true).
   * A comparison reads amounts only and leaves them out; a line's quantity steps stay (units carried
   * between periods are drawn by them).
   */
  readonly explainLines?: boolean;
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
  /** The state the previous period left (rolled-over units, prepaid blocks): carried-state.ts. */
  readonly carriedIn?: CarriedState;
}

export interface RatingResult {
  readonly invoices: readonly Invoice[];
  /** Accounts no assignment covers for the period: nothing is billed to them. */
  readonly unassigned: readonly string[];
  /** Clients not billed (excluded, inactive, cancelled), with their usage on the days not billed. */
  readonly notBilled: readonly NotBilled[];
  /** The state this period leaves for the next (absent when nothing is carried). */
  readonly carriedOut?: CarriedState;
  /** The period's adjustments for accounts that got no invoice (an account mistyped, or not billed): absent when none. */
  readonly unappliedAdjustments?: readonly Adjustment[];
}

export function rate(input: RatingInput): RatingResult {
  // Credits an earlier period carried forward are this period's first credits (adjustments.ts).
  const carriedIn = carriedCredits(input.carriedIn, input.period);
  const setup = carriedIn.length > 0 ? { ...input.setup, adjustments: [...carriedIn, ...(input.setup.adjustments ?? [])] } : input.setup;
  const result = rateAccounts(setup === input.setup ? input : { ...input, setup }, rateUsage);
  // An adjustment whose account got no invoice is reported, never dropped without a word.
  // The set of accounts invoiced only when there are adjustments to look up in it.
  const adjustments = setup.adjustments ?? [];
  const unapplied =
    adjustments.length === 0 ? [] : adjustmentsWithoutInvoice(adjustments, new Set(result.invoices.map((invoice) => invoice.account)), input.period);
  const carriedOut = withCarriedCredits(result.carriedOut, result.invoices, unapplied, input.period, setup.rounding.money.scale);
  return {
    ...result,
    ...(carriedOut ? { carriedOut } : {}),
    ...(unapplied.length > 0 ? { unappliedAdjustments: unapplied } : {}),
  };
}
