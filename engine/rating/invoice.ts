/**
 * An account's invoice from its rated plan lines, in this order (docs/rating.md):
 *   plan lines -> plan minimum (true-up line) -> one-off charges -> discounts -> surcharges -> taxes
 *   -> credits (never below zero; the rest carried or not applied) -> total rounded.
 */
import type { Account } from './accounts.ts';
import { adjustmentsFor, chargeLines, creditLines } from './adjustments.ts';
import { roundLine } from './line-rounding.ts';
import { exact, formatAmount, round, sum, type Exact } from './money.ts';
import type { BillingSetup, Invoice, InvoiceLine, RatePlan } from './model.ts';
import { percentageLines } from './percentages.ts';
import type { BillingPeriod } from './period.ts';
import type { RatedLine } from './rating-memo.ts';

/** @example invoiceOf(account, plan, [{ line, amount: exact('95.00') }], setup, october).total // '95.00' */
export function invoiceOf(account: Account, plan: RatePlan, rated: readonly RatedLine[], setup: BillingSetup, period: BillingPeriod): Invoice {
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
      steps: [{ kind: 'fee', amount: shortfall.toFixed() }, ...trueUp.steps],
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
  const invoice: Invoice = {
    account: account.id,
    billingCode: account.billingCode,
    clients: invoiceClients(account),
    plan: plan.id,
    currency: plan.currency,
    lines,
    total: total.toFixed(policy.money.scale),
  };
  // Most invoices leave no credit over: no spread of an empty object for them.
  if (!extra.unusedCredit.gt(0)) return invoice;
  const leftOver = formatAmount(extra.unusedCredit, policy.money.scale);
  return { ...invoice, ...(setup.credits?.carryForward ? { carriedCredit: leftOver } : { unappliedCredit: leftOver }) };
}

const ZERO = exact(0);

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
