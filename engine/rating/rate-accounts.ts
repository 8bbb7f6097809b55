/**
 * The account loop of rating: for each account, the segments of the period in which its plan and
 * its billed clients stay the same (plan-periods.ts), and in each segment, in order:
 *
 *   usage lines, on that segment's statistics, with included units and line limits prorated to its
 *   days where the line says so -> fees billed in arrears, prorated to its days where they say so
 *   -> (after every segment) fees billed in advance, on the plans of the next period
 *   -> the plan minimum: each plan's for its days (prorated where it says so), over the lines that
 *   count toward it -> the invoice (invoice.ts).
 *
 * A period with one segment, the whole period with all clients billed, is rated as it always was:
 * the same lines, ids, labels and steps. Clients not billed (billing-status.ts) are reported with
 * their usage, not invoiced.
 */
import { EngineError } from '../errors.ts';
import { groupAccounts, type Account } from './accounts.ts';
import { clientStatus, type NotBilled } from './billing-status.ts';
import { CarriedUnits } from './carried-state.ts';
import { datesOf, rateFee, type FeeSpan } from './fees.ts';
import { invoiceOf } from './invoice.ts';
import { exact, sum, type Exact } from './money.ts';
import type { ClientInfo, FeeLine, Invoice, InvoiceLine, RatePlan, Step, UsageLine } from './model.ts';
import { nextPeriod, rangeKey, samePeriod, type BillingPeriod } from './period.ts';
import { planOf } from './assignments.ts';
import { planSegments, type PlanSegment } from './plan-periods.ts';
import { basisOf, prorate } from './proration.ts';
import type { RatingInput, RatingResult } from './rate.ts';
import { noMemo, type MemoContext, type RatedLine, type RatingMemo } from './rating-memo.ts';
import type { Statistics } from './statistics.ts';

/** Rates one usage line for an account on the given statistics (rate.ts). */
export type RateUsage = (line: UsageLine, account: Account, plan: RatePlan, input: RatingInput, context: MemoContext) => RatedLine;

export function rateAccounts(input: RatingInput, rateUsage: RateUsage): RatingResult {
  const invoices: Invoice[] = [];
  const unassigned: string[] = [];
  const notBilled: NotBilled[] = [];
  const memo = input.memo ?? noMemo;
  const explain = { clients: input.explainClients !== false, lines: input.explainLines !== false };
  const context = memo.context(input.setup, input.statistics, input.period, explain);
  const contexts = new Map<string, MemoContext>();
  const carried = new CarriedUnits(input.setup, input.period, input.carriedIn);
  const wholePeriod = { input, context };
  const on = (range: BillingPeriod): { input: RatingInput; context: MemoContext } => {
    if (samePeriod(range, input.period)) return wholePeriod;
    const statistics = statisticsOf(input, range);
    let known = contexts.get(rangeKey(range));
    if (!known) {
      known = memo.context(input.setup, statistics, input.period, explain);
      contexts.set(rangeKey(range), known);
    }
    return { input: { ...input, statistics }, context: known };
  };
  const advance = advancePlans(input);
  // A what-if rates the same clients again and again: the memo groups them once.
  const accounts = memo.accounts(input.clients, input.setup.accounts, () => groupAccounts(input.clients, input.setup.accounts));
  // Statuses and segments do not depend on prices: a what-if changing a price finds them in the memo.
  const structure = layoutStructure(input);
  const run: AccountRun = { memo, context, on, carried };
  for (const account of accounts) {
    let layout = memo.findLayout<AccountLayout>(account, structure);
    if (!layout) {
      layout = layoutOf(account, input, advance);
      memo.keepLayout(account, structure, layout);
    }
    const { statuses } = layout;
    for (let i = 0; i < layout.notBilled.length; i++) {
      const [client, part] = layout.notBilled[i] as (typeof layout.notBilled)[number];
      notBilled.push(reportKept(account, client, part, on(part.range).input));
    }
    const segments = withPlans(layout.segments, input.setup);
    const aheadSegments = withPlans(layout.ahead.segments, input.setup);
    const ahead = aheadSegments === layout.ahead.segments ? layout.ahead : { period: layout.ahead.period, segments: aheadSegments };
    if (segments.length === 0 && ahead.segments.length === 0) {
      if (!account.clients.every((client) => statuses.get(client)?.billed === undefined)) unassigned.push(account.id);
      continue;
    }
    invoices.push(rateAccount(account, segments, ahead, input, run, rateUsage));
  }
  const carriedOut = carried.out();
  return { invoices, unassigned, notBilled, ...(carriedOut ? { carriedOut } : {}) };
}

/** An account's clients' billing status and its plan segments, this period's and (for fees billed in advance) the next's. */
interface AccountLayout {
  readonly statuses: ReadonlyMap<ClientInfo, ReturnType<typeof clientStatus>>;
  /** The clients with days not billed, and those days (none, mostly: nothing to go through then). */
  readonly notBilled: readonly (readonly [ClientInfo, NotBilledPart])[];
  readonly segments: readonly PlanSegment[];
  readonly ahead: { readonly period: BillingPeriod; readonly segments: readonly PlanSegment[] };
}

function layoutOf(account: Account, input: RatingInput, advance: AdvancePlans): AccountLayout {
  const statuses = new Map(account.clients.map((client) => [client, clientStatus(client, account, input.setup, input.period)]));
  const segments = planSegments(account, input.setup, input.period, (client) => statuses.get(client)?.billed);
  // A plan billed in advance invoices its first period's fee in the period before it starts.
  const notBilled = [...statuses].flatMap(([client, status]) => (status.notBilled ? [[client, status.notBilled] as const] : []));
  return { statuses, notBilled, segments, ahead: advanceSegments(account, input, advance) };
}

/** Everything a layout depends on besides the account: assignments, billing status, the plans (which bill in advance) and the period. */
function layoutStructure({ setup, period }: RatingInput): string {
  return JSON.stringify([setup.assignments, setup.status ?? null, setup.plans.map((plan) => [plan.id, inAdvance(plan)]), period]);
}

/** Segments found on another setup with the same structure, with this setup's plans (the same ids, other prices). */
function withPlans(segments: readonly PlanSegment[], setup: RatingInput['setup']): readonly PlanSegment[] {
  // Loops, not callbacks: every account asks, every run.
  let same = true;
  for (const segment of segments) same &&= setup.plans.includes(segment.plan);
  if (same) return segments;
  // Sized once (map), not grown by pushes: a what-if re-plans every account's segments.
  return segments.map((segment) => ({
    range: segment.range,
    assignment: segment.assignment,
    plan: planOf(setup, segment.assignment),
    clients: segment.clients,
  }));
}

/** What rating an account shares with the run: the memo and its contexts, the carried units. */
interface AccountRun {
  readonly memo: RatingMemo;
  readonly context: MemoContext;
  /** The statistics (and memo context) of a range of days. */
  readonly on: (range: BillingPeriod) => { input: RatingInput; context: MemoContext };
  readonly carried: CarriedUnits;
}

function rateAccount(
  account: Account,
  segments: readonly PlanSegment[],
  ahead: { readonly period: BillingPeriod; readonly segments: readonly PlanSegment[] },
  input: RatingInput,
  run: AccountRun,
  rateUsage: RateUsage,
): Invoice {
  const { memo, context, on, carried } = run;
  const { period } = input;
  const split = segments.length > 1;
  const rated: RatedLine[] = [];
  // The amounts of lines that do not count toward the plan minimum.
  const notCounting: Exact[] = [];
  for (const segment of segments) {
    const whole = samePeriod(segment.range, period) && segment.clients.length === account.clients.length;
    const payer = whole ? account : withClients(account, segment.clients);
    for (const line of segment.plan.lines) {
      if (line.kind === 'usage') {
        const dated = on(segment.range);
        const shaped = usageForDays(line, period, segment.range);
        // Units carried from earlier periods add to the included ones, drawn after them (carried-state.ts).
        const extra = carried.concerns(account.id, line) ? carried.available(account.id, line) : undefined;
        const priced = extra?.gt(0) ? { ...shaped.line, included: shaped.line.included.plus(extra) } : shaped.line;
        let usage = memo.findUsage(dated.context, priced, payer);
        if (!usage) {
          usage = rateUsage(priced, payer, segment.plan, dated.input, dated.context);
          memo.keepUsage(dated.context, priced, payer, usage);
        }
        const steps = extra === undefined ? shaped.steps : [...shaped.steps, carried.draw(account.id, line, quantityOf(usage.line), shaped.line.included)];
        addRated(
          rated,
          notCounting,
          split || steps.length > 0 ? { line: onDays(usage.line, segment, split, steps), amount: usage.amount } : usage,
          line.countsTowardMinimum,
        );
      } else if (line.billed !== 'advance') {
        addRated(rated, notCounting, ratedFee(line, arrearsSpan(segment, period, split), input, memo, context), line.countsTowardMinimum);
      }
    }
  }
  for (const segment of ahead.segments) {
    for (const line of segment.plan.lines) {
      if (line.kind === 'fee' && line.billed === 'advance') {
        const span: FeeSpan = {
          range: segment.range,
          covered: ahead.period,
          assignmentFrom: segment.assignment.from,
          plan: segment.plan.id,
          dated: true,
          split: ahead.segments.length > 1,
        };
        addRated(rated, notCounting, ratedFee(line, span, input, memo, context), line.countsTowardMinimum);
      }
    }
  }
  const last = (segments.at(-1) ?? ahead.segments.at(-1)) as PlanSegment;
  const minimum = minimumOf(segments, period);
  const plan = planForInvoice(last.plan, minimum, notCounting.length === 0 ? ZERO : sum(notCounting));
  const payer = billedPayer(account, segments.length > 0 ? segments : ahead.segments);
  let invoice = memo.findInvoice(context, payer, plan, rated);
  if (!invoice) {
    invoice = invoiceOf(payer, plan, rated, input.setup, period, input.explainLines !== false);
    memo.keepInvoice(context, payer, plan, rated, invoice);
  }
  if (!split && minimum.steps.length === 0) return invoice;
  return {
    ...invoice,
    lines: invoice.lines.map((line) => (line.kind === 'minimum' && line.lineId === 'minimum' ? { ...line, steps: [...minimum.steps, ...line.steps] } : line)),
    ...(split ? { segments: segments.map((s) => ({ from: s.range.start, until: s.range.end, plan: s.plan.id })) } : {}),
  };
}

/** The account as its invoice names it: with the clients billed on it, not those billed on none of its days. */
function billedPayer(account: Account, segments: readonly PlanSegment[]): Account {
  // One segment billing every client (the usual case): nothing to filter.
  if (segments.length === 1 && (segments[0] as PlanSegment).clients.length === account.clients.length) return account;
  if (segments.length === 1) return withClients(account, (segments[0] as PlanSegment).clients);
  const billed = account.clients.filter((client) => segments.some((segment) => segment.clients.includes(client)));
  return billed.length === account.clients.length ? account : { ...account, clients: billed };
}

/**
 * The account with some of its clients (those billed on a segment's days): one object per client
 * list, which an account's kept layout holds run after run, so that the memo knows it again.
 */
const partAccounts = new WeakMap<readonly ClientInfo[], Account>();
function withClients(account: Account, clients: readonly ClientInfo[]): Account {
  const known = partAccounts.get(clients);
  if (known && known.id === account.id && known.billingCode === account.billingCode) return known;
  const part = { ...account, clients };
  partAccounts.set(clients, part);
  return part;
}

/**
 * The span of a fee billed in arrears on a segment's days: one object per segment's days, kept
 * while it is the same (an account's layout is kept, so its ranges are the same objects run after
 * run), for the memo to find the fee by.
 */
const arrearsSpans = new WeakMap<BillingPeriod, FeeSpan>();
function arrearsSpan(segment: PlanSegment, period: BillingPeriod, split: boolean): FeeSpan {
  const known = arrearsSpans.get(segment.range);
  if (
    known &&
    known.covered.start === period.start &&
    known.covered.end === period.end &&
    known.assignmentFrom === segment.assignment.from &&
    known.plan === segment.plan.id &&
    known.split === split
  )
    return known;
  const span: FeeSpan = { range: segment.range, covered: period, assignmentFrom: segment.assignment.from, plan: segment.plan.id, dated: split, split };
  arrearsSpans.set(segment.range, span);
  return span;
}

/** Adds a rated line (none for a fee not billed), keeping its amount apart when it does not count toward the plan minimum. */
function addRated(rated: RatedLine[], notCounting: Exact[], next: RatedLine | undefined, counts: boolean | undefined): void {
  if (!next) return;
  rated.push(next);
  if (counts === false) notCounting.push(next.amount);
}

/** A usage line's included units, minimum and maximum for the days of `range` (when the line prorates). */
function usageForDays(line: UsageLine, period: BillingPeriod, range: BillingPeriod): { line: UsageLine; steps: readonly Step[] } {
  if (!basisOf(line.prorate)) return unprorated(line);
  const included = line.included.gt(0) ? prorate(line.included, line.prorate, period, range, 'included') : { value: line.included, steps: [] };
  const minimum = line.minimum === undefined ? undefined : prorate(line.minimum, line.prorate, period, range, 'minimum');
  const maximum = line.maximum === undefined ? undefined : prorate(line.maximum, line.prorate, period, range, 'maximum');
  const steps = [...included.steps, ...(minimum?.steps ?? []), ...(maximum?.steps ?? [])];
  if (steps.length === 0) return { line, steps };
  return {
    line: { ...line, included: included.value, ...(minimum ? { minimum: minimum.value } : {}), ...(maximum ? { maximum: maximum.value } : {}) },
    steps,
  };
}

/** A line that does not prorate, as `usageForDays` gives it: one object per line (every account and day range shares it). */
const unproratedLines = new WeakMap<UsageLine, { line: UsageLine; steps: readonly Step[] }>();
function unprorated(line: UsageLine): { line: UsageLine; steps: readonly Step[] } {
  let known = unproratedLines.get(line);
  if (!known) {
    known = { line, steps: NO_STEPS };
    unproratedLines.set(line, known);
  }
  return known;
}

/** A usage line rated on some days: its prorate steps after the quantity, and its days on the label when the period is split. */
function onDays(line: InvoiceLine, { range, plan }: PlanSegment, split: boolean, prorated: readonly Step[]): InvoiceLine {
  const at = line.steps.findIndex((step) => step.kind === 'quantity') + 1;
  const service = { from: range.start, until: range.end, plan: plan.id };
  return {
    ...line,
    ...(split ? { lineId: `${line.lineId}@${range.start}`, label: `${line.label} (${datesOf(range)})`, service } : {}),
    steps: [...line.steps.slice(0, at), ...prorated, ...line.steps.slice(at)],
  };
}

/** The line's quantity before included units (its `quantity` step). */
function quantityOf(line: InvoiceLine): Exact {
  const step = line.steps.find((s) => s.kind === 'quantity');
  return exact(step?.kind === 'quantity' ? step.value : line.quantity);
}

function ratedFee(line: FeeLine, span: FeeSpan, input: RatingInput, memo: RatingMemo, context: MemoContext): RatedLine | undefined {
  let rated = memo.findFee(context, line, span);
  if (rated === undefined) {
    const fee = rateFee(line, span, input.setup.rounding);
    rated = fee ? ratedLine(fee) : null;
    memo.keepFee(context, line, span, rated);
  }
  return rated ?? undefined;
}

function ratedLine(line: InvoiceLine): RatedLine {
  return { line, amount: exact(line.amount) };
}

/** The period after this one, and whether any plan bills a fee in advance (worked out once per run). */
interface AdvancePlans {
  readonly next: BillingPeriod;
  readonly any: boolean;
}

function advancePlans(input: RatingInput): AdvancePlans {
  return { next: nextPeriod(input.period), any: input.setup.plans.some(inAdvance) };
}

const inAdvance = (plan: RatePlan) => plan.lines.some((line) => line.kind === 'fee' && line.billed === 'advance');

/** The plans of the period after this one, for fees billed in advance (none when no plan bills one). */
function advanceSegments(account: Account, input: RatingInput, { next, any }: AdvancePlans): { period: BillingPeriod; segments: PlanSegment[] } {
  if (!any) return { period: next, segments: [] };
  const statuses = new Map(account.clients.map((client) => [client, clientStatus(client, account, input.setup, next).billed]));
  return { period: next, segments: planSegments(account, input.setup, next, (client) => statuses.get(client)).filter((segment) => inAdvance(segment.plan)) };
}

/**
 * The plan minimum for the period: the plan's own when one plan is in force all period; else each
 * plan's minimum for its days, prorated where it says so (in full otherwise, once per plan), added up.
 */
function minimumOf(segments: readonly PlanSegment[], period: BillingPeriod): { amount?: Exact; label?: string; steps: readonly Step[] } {
  const first = segments[0];
  if (!first) return { steps: [] };
  if (segments.length === 1 && samePeriod(first.range, period)) return wholePeriodMinimum(first.plan);
  const parts: Exact[] = [];
  const steps: Step[] = [];
  const counted = new Set<string>();
  let label: string | undefined;
  for (const { plan, range } of segments) {
    if (!plan.minimum) continue;
    label ??= plan.minimum.label;
    if (!basisOf(plan.minimum.prorate)) {
      if (!counted.has(plan.id)) parts.push(plan.minimum.amount);
      counted.add(plan.id);
      continue;
    }
    const share = prorate(plan.minimum.amount, plan.minimum.prorate, period, range, 'planMinimum');
    parts.push(share.value);
    steps.push(...share.steps);
  }
  return parts.length === 0 ? { steps: [] } : { amount: sum(parts), ...(label ? { label } : {}), steps };
}

/** A plan's own minimum, for an account on it all period: one object per plan (every such account shares it). */
const wholePeriodMinimums = new WeakMap<RatePlan, { amount?: Exact; label?: string; steps: readonly Step[] }>();
const NO_STEPS: readonly Step[] = Object.freeze([]);
function wholePeriodMinimum(plan: RatePlan): { amount?: Exact; label?: string; steps: readonly Step[] } {
  let minimum = wholePeriodMinimums.get(plan);
  if (!minimum) {
    minimum = { ...(plan.minimum ?? {}), steps: NO_STEPS };
    wholePeriodMinimums.set(plan, minimum);
  }
  return minimum;
}

const ZERO = exact(0);

/**
 * The plan the invoice is made with: its minimum for the period, raised by the lines that do not
 * count toward it (so the true-up makes up only what the counted lines fall short of).
 */
function planForInvoice(plan: RatePlan, minimum: { amount?: Exact; label?: string }, notCounted: Exact): RatePlan {
  if (minimum.amount === undefined) {
    if (!plan.minimum) return plan;
    const { minimum: _none, ...withoutMinimum } = plan;
    return withoutMinimum;
  }
  // Every line counting toward the minimum (notCounted zero) leaves it as it is: no sum to make.
  const amount = notCounted.isZero() ? minimum.amount : minimum.amount.plus(notCounted);
  if (plan.minimum && (amount === plan.minimum.amount || amount.eq(plan.minimum.amount))) return plan;
  return { ...plan, minimum: { amount, label: minimum.label ?? plan.minimum?.label ?? 'Monthly minimum' } };
}

/** The statistics of a range of days other than the period, which the caller computed (rating-ranges.ts). */
function statisticsOf(input: RatingInput, range: BillingPeriod): Statistics {
  const statistics = input.statisticsByRange?.get(rangeKey(range));
  if (!statistics) {
    throw new EngineError(
      'rating_error',
      `rating needs the statistics of ${datesOf(range)} (a plan, a price or a client's billing changes inside the period ${datesOf(input.period)}); compute them with ratingRanges and computeRangeStatistics`,
      { field: 'statisticsByRange' },
    );
  }
  return statistics;
}

/**
 * A client's days not billed, reported once per statistics and status (a what-if rates the same
 * statistics again and again, and an account's statuses are kept with its layout).
 */
const reports = new WeakMap<Statistics, WeakMap<NotBilledPart, NotBilled>>();
function reportKept(account: Account, client: ClientInfo, part: NotBilledPart, input: RatingInput): NotBilled {
  let byPart = reports.get(input.statistics);
  if (!byPart) {
    byPart = new WeakMap();
    reports.set(input.statistics, byPart);
  }
  let report = byPart.get(part);
  if (!report || report.account !== account.id || report.clientNumber !== client.clientNumber || report.name !== client.name) {
    report = reportOf(account, client, part, input);
    byPart.set(part, report);
  }
  return report;
}

type NotBilledPart = NonNullable<ReturnType<typeof clientStatus>['notBilled']>;

/** A client's days not billed, with its usage on them: each statistic's value before modifiers. */
function reportOf(account: Account, client: ClientInfo, part: NotBilledPart, input: RatingInput): NotBilled {
  const usage = Object.fromEntries(
    [...input.statistics].sort(([a], [b]) => a.localeCompare(b)).map(([statistic, values]) => [statistic, values.values.get(client.cltID) ?? '0']),
  );
  return {
    account: account.id,
    clientNumber: client.clientNumber,
    name: client.name,
    reason: part.reason,
    ...(part.note === undefined ? {} : { note: part.note }),
    from: part.range.start,
    until: part.range.end,
    usage,
  };
}
