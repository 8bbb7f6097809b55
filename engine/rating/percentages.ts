/**
 * Invoice-level percentages: discounts, then surcharges, then taxes (each kind in the setup's
 * order), each taken of the lines it names (the subtotal of every line before it, chosen line ids,
 * or chosen line kinds) and written as its own line with its own rounding. A base below zero
 * counts as zero; a discount never takes the invoice below zero; taxes skip exempt accounts.
 */
import type { Account } from './accounts.ts';
import { roundLine, roundWith } from './line-rounding.ts';
import { exact, formatAmount, sum, type Exact } from './money.ts';
import type { InvoicePercentage, PercentageKind, RoundingPolicy, Step, TaxExemption } from './model.ts';
import { inScope } from './modifiers.ts';
import type { RatedLine } from './rating-memo.ts';

/** The order percentage kinds apply in: a surcharge is on the discounted amount, a tax on both. */
export const PERCENTAGE_ORDER: readonly PercentageKind[] = ['discount', 'surcharge', 'tax'];

/**
 * The percentage lines for an account, given the lines so far and what they come to (`due`).
 *
 * @example 10 % discount on subtotal 200.00, then 6.25 % tax on subtotal: lines -20.00 and 11.25
 */
export function percentageLines(
  percentages: readonly InvoicePercentage[],
  account: Account,
  lines: readonly RatedLine[],
  due: Exact,
  policy: RoundingPolicy,
  exempt: TaxExemption | undefined,
): RatedLine[] {
  const added: RatedLine[] = [];
  let running = due;
  for (const kind of PERCENTAGE_ORDER) {
    for (const percentage of percentages) {
      if (percentage.kind !== kind || !applies(percentage, account, exempt)) continue;
      const line = percentageLine(percentage, [...lines, ...added], running, policy);
      added.push(line);
      running = running.plus(line.amount);
    }
  }
  return added;
}

function applies(percentage: InvoicePercentage, account: Account, exempt: TaxExemption | undefined): boolean {
  if (!account.clients.some((client) => inScope(percentage.scope, client))) return false;
  return percentage.kind !== 'tax' || !exempt || !isExempt(account, exempt);
}

/** An account is tax-exempt when its id or billing code is listed, or every one of its clients is. */
export function isExempt(account: Account, exempt: TaxExemption): boolean {
  return (
    exempt.accounts.includes(account.id) ||
    exempt.billingCodes.includes(account.billingCode) ||
    (account.clients.length > 0 && account.clients.every((client) => exempt.clientNumbers.includes(client.clientNumber)))
  );
}

function percentageLine(percentage: InvoicePercentage, before: readonly RatedLine[], due: Exact, policy: RoundingPolicy): RatedLine {
  const on = percentage.on;
  const chosen = before.filter(({ line }) => on.kind === 'subtotal' || (on.kind === 'lines' ? on.lineIds.includes(line.lineId) : on.kinds.includes(line.kind)));
  const chosenSum = sum(chosen.map((c) => c.amount));
  const base = chosenSum.gt(0) ? chosenSum : exact(0);
  const factor = percentage.percent.div(100).mul(percentage.kind === 'discount' ? -1 : 1);
  const exactAmount = base.mul(factor);
  const steps: Step[] = [
    { kind: 'percentage', percent: percentage.percent.toFixed(), lines: chosen.map((c) => c.line.lineId), base: base.toFixed(), amount: exactAmount.toFixed() },
  ];
  const rounded = percentage.rounding ? roundWith(exactAmount, percentage.rounding) : roundLine(exactAmount, policy);
  steps.push(...rounded.steps);
  let amount = rounded.value;
  const available = due.gt(0) ? due : exact(0);
  if (amount.neg().gt(available)) {
    steps.push({ kind: 'discountLimit', available: available.toFixed(), before: amount.toFixed(), after: available.neg().toFixed() });
    amount = available.neg();
  }
  const scale = percentage.rounding?.scale ?? policy.money.scale;
  return {
    line: {
      lineId: percentage.id,
      label: percentage.label,
      kind: percentage.kind,
      quantity: base.toFixed(),
      unitPrice: factor.toFixed(),
      amount: formatAmount(amount, scale),
      steps,
    },
    amount,
  };
}
