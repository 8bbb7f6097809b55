/**
 * A usage line for an account, in order (docs/rating.md): the statistic per client -> its modifiers
 * -> the sum over the account's clients -> modifiers on the account's total (`per: account`) ->
 * included units, or units drawn from an allowance the line shares -> pricing (tiers counted on the
 * billable units, or on the total when the line says `tiersOn: total`) -> line minimum / maximum
 * -> multiplier -> the line amount rounded (per-line policy).
 */
import { EngineError } from '../errors.ts';
import type { Account } from './accounts.ts';
import { drawn } from './allowances.ts';
import { roundLine } from './line-rounding.ts';
import { applyAccountModifiers, applyModifiers } from './modifiers.ts';
import { exact, sum, type Exact } from './money.ts';
import type { ClientInfo, InvoiceLine, RatePlan, Step, UsageLine } from './model.ts';
import { pricedInUnits } from './priced-in-units.ts';
import { priceSplit, priceText, splitForPricing, type PricingSplit } from './pricing.ts';
import type { RatingInput } from './rate.ts';
import type { AccountQuantity, MemoContext, RatedLine } from './rating-memo.ts';

/** The line, and its amount as an exact value (the one its text is written from), so the invoice total does not parse it again. */
export function rateUsage(line: UsageLine, account: Account, plan: RatePlan, input: RatingInput, context: MemoContext): RatedLine {
  // Callbacks are made inline, not named: a what-if rates thousands of lines, each making its own.
  const rating: LineRating = { line, account, plan, input, context };
  const measured = quantityFor(line.statistic, true, rating);
  // Everything before the prices, found again for the same quantity and line shape: a new price re-prices only.
  const unpriced = line.allowance ? unpricedOf(measured, rating) : keptUnpriced(measured, rating); // drawn from other lines' quantities: not kept
  const policy = input.setup.rounding;
  const explain = input.explainLines !== false;
  // The usual line (no limits, no multiplier, rounded on its own) in whole units; any other with decimal.js.
  const inUnits =
    line.minimum === undefined && line.maximum === undefined && policy.apply === 'per-line' && isOne(line.multiplier)
      ? pricedInUnits(unpriced.split, line.pricing, policy.money, explain)
      : undefined;
  if (inUnits) {
    const pricing = line.pricing;
    // Unexplained, the line keeps its quantity steps, shared with every line priced from them.
    const lineSteps = explain ? [...unpriced.steps, ...inUnits.steps] : unpriced.steps;
    return new TextAmountLine(usageLine(line, unpriced.billableText, pricing.kind === 'unit' ? pricing.price : undefined, inUnits.text, lineSteps));
  }
  const priced = priceSplit(unpriced.split, line.pricing);
  const steps: Step[] = [...unpriced.steps, ...priced.steps];
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
  const rounded = roundLine(amount, policy);
  steps.push(...rounded.steps);
  return { line: usageLine(line, unpriced.billableText, priced.unitPrice, rounded.text, explain ? steps : unpriced.steps), amount: rounded.value };
}

/** A usage line as the invoice shows it. */
function usageLine(line: UsageLine, quantity: string, unitPrice: Exact | undefined, amount: string, steps: readonly Step[]): InvoiceLine {
  // Written out twice rather than with a spread of a choice: a what-if makes thousands, and the keys keep their order.
  const { id: lineId, label, statistic } = line;
  return unitPrice
    ? { lineId, label, kind: 'usage', statistic, quantity, unitPrice: priceText(unitPrice), amount, steps }
    : { lineId, label, kind: 'usage', statistic, quantity, amount, steps };
}

/**
 * A rated line whose exact amount is read from its text when first asked for: the usual invoice
 * adds its lines in cents from their text (invoice.ts), and never asks.
 */
class TextAmountLine implements RatedLine {
  #amount: Exact | undefined;
  constructor(readonly line: InvoiceLine) {}
  get amount(): Exact {
    this.#amount ??= exact(this.line.amount);
    return this.#amount;
  }
}

/** Whether a multiplier is 1, decided once per multiplier object. */
const ones = new WeakMap<Exact, boolean>();
function isOne(multiplier: Exact): boolean {
  let one = ones.get(multiplier);
  if (one === undefined) {
    one = multiplier.eq(1);
    ones.set(multiplier, one);
  }
  return one;
}

/** What a line's quantities are read with. */
interface LineRating {
  readonly line: UsageLine;
  readonly account: Account;
  readonly plan: RatePlan;
  readonly input: RatingInput;
  readonly context: MemoContext;
}

/** The account's quantity of a statistic, from the memo or summed (with its clients' steps when explained and `withSteps`). */
function quantityFor(statistic: string, withSteps: boolean, rating: LineRating): AccountQuantity {
  const explain = withSteps && rating.input.explainClients !== false;
  const { context, account } = rating;
  let quantity = context.findQuantity(statistic, account, explain);
  if (!quantity) {
    quantity = accountQuantity(statistic, account, rating.input, (of, client) => valueFor(of, client, rating), explain);
    context.keepQuantity(statistic, account, explain, quantity);
  }
  return quantity;
}

/** The line's unpriced units for the account's quantity, from the memo or worked out. */
function keptUnpriced(measured: AccountQuantity, rating: LineRating): Unpriced {
  const { context, line } = rating;
  let unpriced = context.findUnpriced<Unpriced>(line, measured, unpricedShape);
  if (!unpriced) {
    unpriced = unpricedOf(measured, rating);
    context.keepUnpriced(line, measured, unpricedShape, unpriced);
  }
  return unpriced;
}

/** A client's value of a statistic, parsed once per run (or per values, in a memo). */
function valueFor(statistic: string, client: ClientInfo, { line, plan, input, context }: LineRating): Exact {
  const values = input.statistics.get(statistic);
  if (!values) {
    throw new EngineError('unknown_statistic', `plan ${plan.id}, line ${line.id}: statistic ${statistic} was not computed (no formula of that id in the run)`, {
      field: `plans.${plan.id}.lines.${line.id}`,
    });
  }
  return parsedValue(context.parsed(statistic), values.values, client.cltID);
}

/** A usage line's billable units, the steps that made them and their split for pricing: none of it depends on a price. */
interface Unpriced {
  readonly steps: readonly Step[];
  readonly billableText: string;
  readonly split: PricingSplit;
}

function unpricedOf(measured: AccountQuantity, rating: LineRating): Unpriced {
  const { line } = rating;
  const steps: Step[] = [...measured.steps];
  const quantity = measured.value;
  let covered = line.included;
  if (line.allowance) {
    const draw = drawn(line.allowance, line.id, (statistic) => quantityFor(statistic, false, rating).value);
    covered = draw.drawn;
    steps.push({
      kind: 'allowance',
      allowance: line.allowance.id,
      available: draw.available.toFixed(),
      drawn: draw.drawn.toFixed(),
      billable: draw.billable.toFixed(),
    });
  }
  const billable = larger(quantity.minus(covered), ZERO);
  if (!line.allowance && line.included.gt(0)) steps.push({ kind: 'included', units: line.included.toFixed(), billable: billable.toFixed() });
  const split = splitForPricing(smaller(covered, quantity), quantity, billable, line.pricing, line.tiersOn === 'total');
  return { steps, billableText: billable.toFixed(), split };
}

/** What `unpricedOf` reads of a line besides the quantity (not its prices). */
function unpricedShape(line: UsageLine): string {
  const tiers = line.pricing.kind === 'graduated' ? line.pricing.tiers.map((tier) => tier.upTo) : null;
  return JSON.stringify([line.included, line.tiersOn ?? null, line.pricing.kind, tiers]);
}

/** The account's quantity of a statistic: each client's value with its modifiers, summed, then the account's modifiers. */
function accountQuantity(
  statistic: string,
  account: Account,
  input: RatingInput,
  valueOf: (statistic: string, client: ClientInfo) => Exact,
  explain: boolean,
): AccountQuantity {
  const steps: Step[] = [];
  const perClient = account.clients.map((client) => {
    const value = valueOf(statistic, client);
    if (explain) steps.push({ kind: 'statistic', clientNumber: client.clientNumber, statistic, value: value.toFixed() });
    const modified = applyModifiers(value, statistic, client, input.setup.modifiers, valueOf, explain);
    if (explain) steps.push(...modified.steps);
    return modified.value;
  });
  const total = sum(perClient);
  steps.push({ kind: 'quantity', value: total.toFixed() });
  const pooled = applyAccountModifiers(total, statistic, account, input.setup.modifiers);
  steps.push(...pooled.steps);
  return { value: pooled.value, steps };
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

function smaller(a: Exact, b: Exact): Exact {
  return a.lt(b) ? a : b;
}
