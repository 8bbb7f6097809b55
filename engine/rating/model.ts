/**
 * The billing setup a site writes (plans, modifiers, assignments, accounts, rounding policy) and
 * what rating produces (invoices whose lines explain themselves). Readonly values; amounts and
 * quantities are exact decimals.
 */
import type { Exact, Rounding, RoundingMode } from './money.ts';
import type { ProratedPart, Proration } from './proration.ts';

/** Where a modifier or an assignment applies. */
export type Scope =
  | { readonly kind: 'global' }
  | { readonly kind: 'billingCode'; readonly billingCode: string }
  | { readonly kind: 'client'; readonly clientNumber: string };

export type TimeUnit = 'ticks' | 'milliseconds' | 'seconds' | 'minutes' | 'hours';

export type ModifierOperation =
  | { readonly op: 'multiply'; readonly factor: Exact }
  | { readonly op: 'add'; readonly amount: Exact }
  | { readonly op: 'limit'; readonly min?: Exact; readonly max?: Exact }
  | { readonly op: 'round'; readonly increment: Exact; readonly mode: RoundingMode }
  | { readonly op: 'convert'; readonly from: TimeUnit; readonly to: TimeUnit }
  /** Adds another statistic times a factor, e.g. inbound messages x 6 seconds-equivalents. */
  | { readonly op: 'addStatistic'; readonly statistic: string; readonly factor: Exact };

/** A rule applied to a statistic before pricing, per client, in `order`. */
export interface Modifier {
  readonly kind: 'modifier';
  readonly id: string;
  readonly statistic: string;
  readonly scope: Scope;
  readonly order: number;
  readonly description: string;
  readonly operation: ModifierOperation;
  /** 'account': applies to the account's total of the statistic, after the sum over its clients (absent: per client). */
  readonly per?: 'client' | 'account';
}

/** A band of a tiered price: units up to `upTo` (cumulative; null = no upper bound) cost `price` each. */
export interface Tier {
  readonly upTo: Exact | null;
  readonly price: Exact;
}

export type Pricing =
  | { readonly kind: 'unit'; readonly price: Exact }
  /** Each band's units at its own price. */
  | { readonly kind: 'graduated'; readonly tiers: readonly Tier[] }
  /** All units at the price of the band the whole quantity falls in. */
  | { readonly kind: 'volume'; readonly tiers: readonly Tier[] }
  /** Each started block of `size` units costs `price`. */
  | { readonly kind: 'package'; readonly size: Exact; readonly price: Exact };

/** A charge on a (modified) statistic. */
export interface UsageLine {
  readonly kind: 'usage';
  readonly id: string;
  readonly label: string;
  readonly statistic: string;
  /** Units covered by the plan's fee before any usage charge. */
  readonly included: Exact;
  readonly pricing: Pricing;
  readonly minimum?: Exact;
  readonly maximum?: Exact;
  readonly multiplier: Exact;
  /** With included units or an allowance: tiers count every unit (`total`) or the units after them (`billable`, the default). */
  readonly tiersOn?: 'total' | 'billable';
  /** The plan's allowance this line shares with other lines (instead of included units of its own). */
  readonly allowance?: SharedAllowance;
  /** Prorate the included units and the line minimum and maximum by the days the plan is in force (absent: no). */
  readonly prorate?: Proration;
  /** Whether the line's amount counts toward the plan minimum (absent: it does). */
  readonly countsTowardMinimum?: boolean;
  /** Unused included units carried to later periods (absent: they lapse). */
  readonly rollover?: Rollover;
}

/** Unused included units kept for later periods, at most `cap` units, each period's for `expiresAfter` periods. */
export interface Rollover {
  readonly cap?: Exact;
  readonly expiresAfter?: number;
}

/**
 * A flat fee: recurring (prorated by days when the plan starts or ends inside the period, if the
 * line prorates) or once, in the period the plan starts.
 */
export interface FeeLine {
  readonly kind: 'fee';
  readonly id: string;
  readonly label: string;
  readonly amount: Exact;
  readonly recurrence: 'monthly' | 'quarterly' | 'annual' | 'once';
  /** true is 'period': the days in force over the period's days; 'month': over each calendar month's. */
  readonly prorate: Proration;
  /** Quarterly and annual fees: the month (1-12) their quarters or years start (absent: 1, January). */
  readonly anchorMonth?: number;
  /** 'advance': the fee for the period after the one rated (usage stays in arrears); absent: arrears. */
  readonly billed?: 'arrears' | 'advance';
  /** Whether the fee counts toward the plan minimum (absent: it does). */
  readonly countsTowardMinimum?: boolean;
}

export type ChargeLine = UsageLine | FeeLine;

/**
 * Units included once for several usage lines of a plan (e.g. 500 minutes for day and night calls
 * priced apart), drawn down by the lines in `lines` order, per account and period.
 */
export interface SharedAllowance {
  readonly id: string;
  readonly units: Exact;
  /** In draw-down order: each line's statistic. */
  readonly lines: readonly { readonly line: string; readonly statistic: string }[];
}

export interface RatePlan {
  readonly kind: 'plan';
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly lines: readonly ChargeLine[];
  /** The least an account on this plan pays; a true-up line makes up the difference. */
  readonly minimum?: { readonly amount: Exact; readonly label: string; readonly prorate?: Proration };
}

/** Which plan bills whom, from when (inclusive) until when (inclusive, open when absent). */
export interface Assignment {
  readonly plan: string;
  readonly scope: Scope;
  readonly from: string;
  readonly until?: string;
}

/** How IS clients are grouped into invoiced accounts. */
export interface AccountRules {
  /** Default grouping: one account per BillingCode, or one per client. */
  readonly groupBy: 'billingCode' | 'client';
  /** Explicit master accounts: these client numbers are billed together under `account`. */
  readonly masters: readonly { readonly account: string; readonly clientNumbers: readonly string[] }[];
}

export interface RoundingPolicy {
  /** The rounding of money amounts (the currency's minor unit and a mode). */
  readonly money: Rounding;
  /** Round each line and add the rounded lines, or keep lines exact and round the invoice total once. */
  readonly apply: 'per-line' | 'total';
}

/**
 * A statistic defined in the setup: a library formula with parameter values of its own, e.g.
 * `LiveWork30` = WorkSecondsRoundedUp with increment_seconds 30. Plan lines and modifiers name
 * statistics; a name not defined here is the formula of that id with the run's parameters.
 */
export interface StatisticDefinition {
  readonly id: string;
  readonly formula: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A one-off charge (positive) or money credit (negative) on an account, for one period: `period` is
 * a month `YYYY-MM` (the period that starts in it) or a day `YYYY-MM-DD` (the period that holds it).
 */
export interface Adjustment {
  readonly id: string;
  readonly account: string;
  readonly period: string;
  readonly amount: Exact;
  readonly reason: string;
}

/** What becomes of a credit larger than the invoice: never a negative invoice; the rest is carried or not applied. */
export interface CreditPolicy {
  readonly carryForward: boolean;
}

export type PercentageKind = 'discount' | 'surcharge' | 'tax';

/** The lines a percentage is taken of: all lines before it, chosen line ids, or chosen line kinds. */
export type PercentageBase =
  | { readonly kind: 'subtotal' }
  | { readonly kind: 'lines'; readonly lineIds: readonly string[] }
  | { readonly kind: 'kinds'; readonly kinds: readonly InvoiceLine['kind'][] };

/** An invoice-level percentage: a discount, surcharge or tax, its own line with its own rounding. */
export interface InvoicePercentage {
  readonly id: string;
  readonly label: string;
  readonly kind: PercentageKind;
  /** In percent: 6.25 is 6.25 %. */
  readonly percent: Exact;
  readonly on: PercentageBase;
  readonly scope: Scope;
  /** The line's own rounding; absent: the setup's policy, as any line. */
  readonly rounding?: Rounding;
}

/** Accounts no tax applies to: by account id, billing code, or (all of the account's) client numbers. */
export interface TaxExemption {
  readonly accounts: readonly string[];
  readonly billingCodes: readonly string[];
  readonly clientNumbers: readonly string[];
}

/** A client (by number) or a billing account (by id) whose billing status the setup states. */
export type StatusScope = { readonly kind: 'client'; readonly clientNumber: string } | { readonly kind: 'account'; readonly account: string };

/** Whom rating does not bill; their usage is reported, not invoiced. */
export interface BillingStatusRules {
  /** The IS client's Inactive flag: such clients are not billed unless this says 'billed'. */
  readonly inactiveClients: 'not-billed' | 'billed';
  /** Billed through `until` (inclusive), not after. */
  readonly cancelled: readonly { readonly scope: StatusScope; readonly until: string; readonly reason?: string }[];
  readonly excluded: readonly { readonly scope: StatusScope; readonly reason?: string }[];
}

/** Units bought ahead (e.g. 1000 minutes) for a usage line of an account, drawn down across periods until used. */
export interface PrepaidBlock {
  readonly id: string;
  readonly account: string;
  readonly line: string;
  readonly units: Exact;
  /** The day the block is bought: it counts from the period that holds this day. */
  readonly from: string;
}

export interface BillingSetup {
  readonly statistics: readonly StatisticDefinition[];
  readonly plans: readonly RatePlan[];
  readonly modifiers: readonly Modifier[];
  readonly assignments: readonly Assignment[];
  readonly accounts: AccountRules;
  readonly rounding: RoundingPolicy;
  /** Whom not to bill (absent: inactive IS clients are not billed, everyone else is). */
  readonly status?: BillingStatusRules;
  /** Prepaid blocks of units (absent: none). */
  readonly prepaid?: readonly PrepaidBlock[];
  /** One-off charges and credits (absent: none). */
  readonly adjustments?: readonly Adjustment[];
  /** Absent: credits are not carried forward. */
  readonly credits?: CreditPolicy;
  /** Invoice-level discounts, surcharges and taxes (absent: none). */
  readonly percentages?: readonly InvoicePercentage[];
  readonly taxExempt?: TaxExemption;
}

/** An IS client as rating sees it. */
export interface ClientInfo {
  readonly cltID: number;
  readonly clientNumber: string;
  readonly name: string;
  readonly billingCode: string;
  /** The IS client's Inactive flag (absent: active). */
  readonly inactive?: boolean;
}

/** One step of how a line's amount was made, in order; values are exact decimal strings. */
export type Step =
  | { readonly kind: 'statistic'; readonly clientNumber: string; readonly statistic: string; readonly value: string }
  | {
      readonly kind: 'modifier';
      readonly clientNumber: string;
      readonly modifier: string;
      readonly description: string;
      readonly before: string;
      readonly after: string;
    }
  | { readonly kind: 'quantity'; readonly value: string }
  | { readonly kind: 'included'; readonly units: string; readonly billable: string }
  | { readonly kind: 'unitPrice'; readonly units: string; readonly price: string; readonly amount: string }
  | { readonly kind: 'tier'; readonly from: string; readonly to: string | null; readonly units: string; readonly price: string; readonly amount: string }
  | { readonly kind: 'volume'; readonly units: string; readonly price: string; readonly amount: string }
  | { readonly kind: 'package'; readonly packages: string; readonly size: string; readonly price: string; readonly amount: string }
  | { readonly kind: 'lineMinimum' | 'lineMaximum'; readonly limit: string; readonly before: string; readonly after: string }
  | { readonly kind: 'multiplier'; readonly factor: string; readonly before: string; readonly after: string }
  | { readonly kind: 'fee'; readonly amount: string }
  | {
      readonly kind: 'prorate';
      readonly days: number;
      readonly daysInPeriod: number;
      readonly before: string;
      readonly after: string;
      /** Absent: the period's days; 'month': each day over its calendar month's days. */
      readonly basis?: 'month';
      /** What was prorated when not the line's fee. */
      readonly of?: ProratedPart;
    }
  | { readonly kind: 'round'; readonly scale: number; readonly mode: RoundingMode; readonly before: string; readonly after: string }
  /** Units carried from earlier periods (rolled over, prepaid), the part drawn by this line, and what is carried on. */
  | { readonly kind: 'carried'; readonly rolledOver: string; readonly prepaid: string; readonly drawn: string; readonly carriedOut: string }
  | { readonly kind: 'adjustment'; readonly amount: string; readonly reason: string }
  /** A credit limited to what the invoice came to before it, so the invoice is not negative. */
  | { readonly kind: 'creditLimit'; readonly available: string; readonly before: string; readonly after: string }
  | { readonly kind: 'percentage'; readonly percent: string; readonly lines: readonly string[]; readonly base: string; readonly amount: string }
  /** A discount limited so the invoice is not negative. */
  | { readonly kind: 'discountLimit'; readonly available: string; readonly before: string; readonly after: string }
  /** A modifier on the account's total of a statistic (`per: account`). */
  | {
      readonly kind: 'accountModifier';
      readonly account: string;
      readonly modifier: string;
      readonly description: string;
      readonly before: string;
      readonly after: string;
    }
  /** Units drawn from a shared allowance: `available` before this line, `drawn` by it. */
  | { readonly kind: 'allowance'; readonly allowance: string; readonly available: string; readonly drawn: string; readonly billable: string };

export interface InvoiceLine {
  readonly lineId: string;
  readonly label: string;
  readonly kind: 'usage' | 'fee' | 'minimum' | 'adjustment' | PercentageKind;
  readonly statistic?: string;
  /** Billable quantity (after modifiers and included units); 1 for fees. */
  readonly quantity: string;
  /** The unit price when one price applies to the whole quantity. */
  readonly unitPrice?: string;
  /** Exact amount; rounded to the money scale under the per-line policy. */
  readonly amount: string;
  readonly steps: readonly Step[];
  /**
   * The days the line bills and the plan it bills them under, when not the whole period under the
   * invoice's plan: a plan that changes inside the period, or a fee billed in advance.
   */
  readonly service?: { readonly from: string; readonly until: string; readonly plan: string };
}

export interface Invoice {
  readonly account: string;
  readonly billingCode: string;
  readonly clients: readonly Pick<ClientInfo, 'clientNumber' | 'name'>[];
  readonly plan: string;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  /** Rounded to the money scale. */
  readonly total: string;
  /** When the plan changes inside the period: each plan and the days it was in force, in order. */
  readonly segments?: readonly { readonly from: string; readonly until: string; readonly plan: string }[];
  /** Credit beyond the invoice amount, kept for a later invoice (credits: carryForward). */
  readonly carriedCredit?: string;
  /** Credit beyond the invoice amount that was not applied (no carry-forward). */
  readonly unappliedCredit?: string;
}
