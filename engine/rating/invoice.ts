/**
 * An account's invoice from its rated plan lines, in this order (docs/rating.md):
 *   plan lines -> plan minimum (true-up line) -> one-off charges -> discounts -> surcharges -> taxes
 *   -> credits (never below zero; the rest carried or not applied) -> total rounded.
 */
import type { Account } from './accounts.ts';
import { adjustmentsFor, chargeLines, creditLines } from './adjustments.ts';
import { roundLine } from './line-rounding.ts';
import { fixedUnitsText, minorUnits, minorUnitsText, withPlaces } from '../diff/decimal-text.ts';
import { exact, formatAmount, round, sum, type Exact } from './money.ts';
import type { BillingSetup, Invoice, InvoiceLine, RatePlan } from './model.ts';
import { percentageLines } from './percentages.ts';
import type { BillingPeriod } from './period.ts';
import type { RatedLine } from './rating-memo.ts';

/**
 * @param explain record the minimum true-up's steps (rate.ts `explainLines`)
 * @example invoiceOf(account, plan, [{ line, amount: exact('95.00') }], setup, october).total // '95.00'
 */
export function invoiceOf(account: Account, plan: RatePlan, rated: readonly RatedLine[], setup: BillingSetup, period: BillingPeriod, explain = true): Invoice {
  return invoiceInMinorUnits(account, plan, rated, setup, period, explain) ?? exactInvoiceOf(account, plan, rated, setup, period, explain);
}

/**
 * The invoice worked out with decimal.js, whatever its lines: `invoiceOf` makes the usual case
 * faster (invoiceInMinorUnits) and gives this very invoice (tested against it).
 */
export function exactInvoiceOf(
  account: Account,
  plan: RatePlan,
  rated: readonly RatedLine[],
  setup: BillingSetup,
  period: BillingPeriod,
  explain = true,
): Invoice {
  const policy = setup.rounding;
  const lines: InvoiceLine[] = [];
  let subtotal = ZERO;
  for (const r of rated) {
    lines.push(r.line);
    subtotal = subtotal.plus(r.amount);
  }
  const minimum = plan.minimum && subtotal.lt(plan.minimum.amount) ? plan.minimum : undefined;
  let unrounded = subtotal;
  if (minimum) {
    const shortfall = minimum.amount.minus(subtotal);
    const trueUp = roundLine(shortfall, policy);
    const amount = trueUp.text;
    lines.push({
      lineId: 'minimum',
      label: minimum.label,
      kind: 'minimum',
      quantity: '1',
      amount,
      steps: explain ? [{ kind: 'fee', amount: shortfall.toFixed() }, ...trueUp.steps] : [],
    });
    // Rounding the total: with a true-up the lines come to the minimum by definition. Adding them back
    // instead could leave a last working-precision digit (a prorated fee such as 20.804 × 1/31 has no
    // end) that rounding up would turn into an extra cent.
    unrounded = policy.apply === 'total' ? minimum.amount : subtotal.plus(trueUp.value);
  }
  const extra = invoiceLevelLines(account, lines, unrounded, setup, period);
  if (extra.lines.length > 0) {
    lines.push(...extra.lines.map((priced) => priced.line));
    unrounded = unrounded.plus(sum(extra.lines.map((priced) => priced.amount)));
  }
  const total = round(unrounded, policy.money);
  const invoice = invoiceWith(account, plan, lines, total.toFixed(policy.money.scale));
  // Most invoices leave no credit over: no spread of an empty object for them.
  if (!extra.unusedCredit.gt(0)) return invoice;
  const leftOver = formatAmount(extra.unusedCredit, policy.money.scale);
  return { ...invoice, ...(setup.credits?.carryForward ? { carriedCredit: leftOver } : { unappliedCredit: leftOver }) };
}

const ZERO = exact(0);

function invoiceWith(account: Account, plan: RatePlan, lines: InvoiceLine[], total: string): Invoice {
  return { account: account.id, billingCode: account.billingCode, clients: invoiceClients(account), plan: plan.id, currency: plan.currency, lines, total };
}

/**
 * The usual invoice in whole units of the money scale (cents), which doubles hold exactly: lines
 * rounded one by one, no invoice-level lines (charges, percentages, credits), and every amount and
 * the minimum plain with at most the scale's places. Each line then already is at the scale, so
 * no rounding has anything to do, and the true-up and total are sums. Undefined for any other
 * case, which `exactInvoiceOf` makes; a what-if makes thousands of these, each with a few lines.
 */
function invoiceInMinorUnits(
  account: Account,
  plan: RatePlan,
  rated: readonly RatedLine[],
  setup: BillingSetup,
  period: BillingPeriod,
  explain: boolean,
): Invoice | undefined {
  const policy = setup.rounding;
  const { scale, mode } = policy.money;
  if (policy.apply !== 'per-line' || (setup.percentages?.length ?? 0) > 0) return undefined;
  if (setup.adjustments?.length && adjustmentsFor(setup.adjustments, account.id, period).length > 0) return undefined;
  let subtotal = 0;
  for (const r of rated) {
    subtotal += minorUnits(r.line.amount, scale);
    // NaN (an amount not plain or too long) stays NaN; a sum past 2^53 is no longer exact.
    if (!Number.isSafeInteger(subtotal)) return undefined;
  }
  const lines = rated.map((r) => r.line);
  const minimum = plan.minimum;
  if (!minimum) return invoiceWith(account, plan, lines, fixedUnitsText(subtotal, scale));
  const floor = minimumUnits(minimum.amount, scale);
  if (Number.isNaN(floor)) return undefined;
  if (subtotal >= floor) return invoiceWith(account, plan, lines, fixedUnitsText(subtotal, scale));
  // The true-up is at the scale already: its rounding step leaves it as it is.
  const shortfall = minorUnitsText(floor - subtotal, scale);
  lines.push({
    lineId: 'minimum',
    label: minimum.label,
    kind: 'minimum',
    quantity: '1',
    amount: withPlaces(shortfall, scale),
    steps: explain
      ? [
          { kind: 'fee', amount: shortfall },
          { kind: 'round', scale, mode, before: shortfall, after: shortfall },
        ]
      : [],
  });
  return invoiceWith(account, plan, lines, fixedUnitsText(floor, scale));
}

/** A plan minimum in units of the scale (NaN when it has more places), read once per minimum. */
const minimumsInUnits = new WeakMap<Exact, Map<number, number>>();
function minimumUnits(amount: Exact, scale: number): number {
  let byScale = minimumsInUnits.get(amount);
  if (!byScale) {
    byScale = new Map();
    minimumsInUnits.set(amount, byScale);
  }
  let units = byScale.get(scale);
  if (units === undefined) {
    units = minorUnits(amount.toFixed(), scale);
    byScale.set(scale, units);
  }
  return units;
}

/** The clients an invoice names: listed once per account object (a what-if invoices the same accounts again and again). */
const clientLists = new WeakMap<Account, Invoice['clients']>();
function invoiceClients(account: Account): Invoice['clients'] {
  let clients = clientLists.get(account);
  if (!clients) {
    clients = account.clients.map(({ clientNumber, name }) => ({ clientNumber, name }));
    clientLists.set(account, clients);
  }
  return clients;
}

/** The lines after the plan's: one-off charges, percentages, then credits against the amount due. */
function invoiceLevelLines(
  account: Account,
  planLines: readonly InvoiceLine[],
  due: Exact,
  setup: BillingSetup,
  period: BillingPeriod,
): { lines: RatedLine[]; unusedCredit: Exact } {
  const adjustments = adjustmentsFor(setup.adjustments ?? [], account.id, period);
  const percentages = setup.percentages ?? [];
  if (adjustments.length === 0 && percentages.length === 0) return { lines: [], unusedCredit: ZERO };
  const priced = (line: InvoiceLine): RatedLine => ({ line, amount: exact(line.amount) });
  const charges = chargeLines(adjustments, setup.rounding).map(priced);
  let running = due.plus(sum(charges.map((c) => c.amount)));
  const percent = percentageLines(percentages, account, [...planLines.map(priced), ...charges], running, setup.rounding, setup.taxExempt);
  running = running.plus(sum(percent.map((p) => p.amount)));
  const credits = creditLines(adjustments, running, setup.rounding);
  return { lines: [...charges, ...percent, ...credits.lines.map(priced)], unusedCredit: credits.unused };
}
