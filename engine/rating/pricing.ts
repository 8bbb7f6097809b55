/**
 * Pricing a billable quantity: one unit price, graduated tiers (each band at its price), volume
 * tiers (every unit at the price of the band the quantity reaches), or packages (each started block
 * at a price). Returns the exact amount and the steps that made it.
 */
import { EngineError } from '../errors.ts';
import { exact, sum, type Exact } from './money.ts';
import type { Pricing, Step, Tier } from './model.ts';

export function price(quantity: Exact, pricing: Pricing): { amount: Exact; unitPrice?: Exact; steps: Step[] } {
  switch (pricing.kind) {
    case 'unit': {
      const amount = quantity.mul(pricing.price);
      return {
        amount,
        unitPrice: pricing.price,
        steps: [{ kind: 'unitPrice', units: quantity.toFixed(), price: pricing.price.toFixed(), amount: amount.toFixed() }],
      };
    }
    case 'graduated':
      return graduated(quantity, pricing.tiers);
    case 'volume': {
      const tier = volumeTier(quantity, pricing.tiers);
      const amount = quantity.mul(tier.price);
      return { amount, unitPrice: tier.price, steps: [{ kind: 'volume', units: quantity.toFixed(), price: tier.price.toFixed(), amount: amount.toFixed() }] };
    }
    case 'package': {
      const packages = quantity.lte(0) ? exact(0) : quantity.div(pricing.size).ceil();
      const amount = packages.mul(pricing.price);
      return {
        amount,
        steps: [{ kind: 'package', packages: packages.toFixed(), size: pricing.size.toFixed(), price: pricing.price.toFixed(), amount: amount.toFixed() }],
      };
    }
  }
}

/**
 * Splits the quantity over the bands; the parts add up to the whole quantity. The last band takes
 * every unit above the one before, even when it has an upTo (as volume pricing prices a quantity
 * beyond the last upTo at the last band).
 */
export function splitIntoTiers(quantity: Exact, tiers: readonly Tier[]): { tier: Tier; from: Exact; units: Exact }[] {
  const parts: { tier: Tier; from: Exact; units: Exact }[] = [];
  let from = exact(0);
  for (const [index, tier] of tiers.entries()) {
    if (quantity.lte(from)) break;
    const to = tier.upTo === null || index === tiers.length - 1 ? quantity : smaller(tier.upTo, quantity);
    if (to.gt(from)) parts.push({ tier, from, units: to.minus(from) });
    if (tier.upTo === null) break;
    from = tier.upTo;
  }
  return parts;
}

/**
 * Prices the units of `quantity` above the first `covered` ones (included or drawn from an
 * allowance) with tiers counted on the whole quantity (`tiersOn: total`): graduated bands by where
 * each billed unit falls, volume at the band of the whole quantity. A unit price or packages price
 * the billed units as `price` does.
 *
 * @example priceAbove(exact(250), exact(1200), graduated [upTo 1000 at 1.15, then 0.99]) // 750 x 1.15 + 200 x 0.99 = 1060.50
 */
export function priceAbove(covered: Exact, quantity: Exact, pricing: Pricing): { amount: Exact; unitPrice?: Exact; steps: Step[] } {
  const billable = quantity.gt(covered) ? quantity.minus(covered) : exact(0);
  if (pricing.kind === 'graduated') return pricedParts(partsAbove(covered, quantity, pricing.tiers));
  if (pricing.kind === 'volume') {
    const tier = volumeTier(quantity, pricing.tiers);
    const amount = billable.mul(tier.price);
    return { amount, unitPrice: tier.price, steps: [{ kind: 'volume', units: billable.toFixed(), price: tier.price.toFixed(), amount: amount.toFixed() }] };
  }
  return price(billable, pricing);
}

/** The bands of the units of `quantity` above the first `covered`, tiers counted on the whole quantity. */
function partsAbove(covered: Exact, quantity: Exact, tiers: readonly Tier[]): { tier: Tier; from: Exact; units: Exact }[] {
  return splitIntoTiers(quantity, tiers).flatMap(({ tier, from, units }) => {
    const start = from.gt(covered) ? from : covered;
    const end = from.plus(units);
    return end.gt(start) ? [{ tier, from: start, units: end.minus(start) }] : [];
  });
}

function graduated(quantity: Exact, tiers: readonly Tier[]): { amount: Exact; steps: Step[] } {
  return pricedParts(splitIntoTiers(quantity, tiers));
}

function pricedParts(parts: readonly { tier: Tier; from: Exact; units: Exact }[]): { amount: Exact; steps: Step[] } {
  // Each band's amount is made once, for its step and for the sum.
  const amounts = parts.map(({ tier, units }) => units.mul(tier.price));
  const steps: Step[] = parts.map(({ tier, from, units }, i) => ({
    kind: 'tier',
    from: from.toFixed(),
    to: tier.upTo === null || from.plus(units).gt(tier.upTo) ? null : tier.upTo.toFixed(),
    units: units.toFixed(),
    price: tier.price.toFixed(),
    amount: (amounts[i] as Exact).toFixed(),
  }));
  return { amount: sum(amounts), steps };
}

/** The band the whole quantity falls in (the last one beyond its upTo). */
function volumeTier(quantity: Exact, tiers: readonly Tier[]): Tier {
  return tiers.find((t) => t.upTo === null || quantity.lte(t.upTo)) ?? (tiers.at(-1) as Tier);
}

function smaller(a: Exact, b: Exact): Exact {
  return a.lt(b) ? a : b;
}

/**
 * How a quantity splits for pricing, worked out without the prices: the units to price and, for
 * graduated tiers, each band's units with their steps' text. A what-if that changes only prices
 * splits each account's quantity once (rating-memo.ts) and `priceSplit` prices it again and again;
 * the result is what `price` or `priceAbove` gives. Volume and package pricing are not split ahead.
 */
export type PricingSplit =
  | { readonly kind: 'unit'; readonly units: Exact; readonly unitsText: string }
  | { readonly kind: 'graduated'; readonly bands: readonly Band[] }
  | { readonly kind: 'whole'; readonly covered: Exact; readonly quantity: Exact; readonly billable: Exact; readonly tiersOnTotal: boolean };

interface Band {
  /** The band's tier, by its place in the pricing's tiers. */
  readonly tier: number;
  readonly units: Exact;
  readonly from: string;
  readonly to: string | null;
  readonly unitsText: string;
}

/** @param covered units included or drawn, not billed; @param tiersOnTotal tiers counted on the whole quantity (`tiersOn: total`) */
export function splitForPricing(covered: Exact, quantity: Exact, billable: Exact, pricing: Pricing, tiersOnTotal: boolean): PricingSplit {
  if (pricing.kind === 'unit') return { kind: 'unit', units: billable, unitsText: billable.toFixed() };
  if (pricing.kind !== 'graduated') return { kind: 'whole', covered, quantity, billable, tiersOnTotal };
  const parts = tiersOnTotal ? partsAbove(covered, quantity, pricing.tiers) : splitIntoTiers(billable, pricing.tiers);
  return {
    kind: 'graduated',
    bands: parts.map(({ tier, from, units }) => ({
      tier: pricing.tiers.indexOf(tier),
      units,
      from: from.toFixed(),
      to: tier.upTo === null || from.plus(units).gt(tier.upTo) ? null : tier.upTo.toFixed(),
      unitsText: units.toFixed(),
    })),
  };
}

/** Prices a split with `pricing`, whose tiers end where those of the pricing it was split for do. */
export function priceSplit(split: PricingSplit, pricing: Pricing): { amount: Exact; unitPrice?: Exact; steps: Step[] } {
  if (split.kind === 'whole') return split.tiersOnTotal ? priceAbove(split.covered, split.quantity, pricing) : price(split.billable, pricing);
  if (split.kind === 'unit' && pricing.kind === 'unit') {
    const amount = split.units.mul(pricing.price);
    return {
      amount,
      unitPrice: pricing.price,
      steps: [{ kind: 'unitPrice', units: split.unitsText, price: priceText(pricing.price), amount: amount.toFixed() }],
    };
  }
  if (split.kind !== 'graduated' || pricing.kind !== 'graduated')
    throw new EngineError('rating_error', `a ${split.kind} split cannot be priced as ${pricing.kind}`);
  const amounts = split.bands.map((band) => band.units.mul((pricing.tiers[band.tier] as Tier).price));
  const steps: Step[] = split.bands.map((band, i) => ({
    kind: 'tier',
    from: band.from,
    to: band.to,
    units: band.unitsText,
    price: priceText((pricing.tiers[band.tier] as Tier).price),
    amount: (amounts[i] as Exact).toFixed(),
  }));
  return { amount: sum(amounts), steps };
}

/** A price's text, written once per price object: every account's line shows the same few prices. */
const priceTexts = new WeakMap<Exact, string>();
export function priceText(price: Exact): string {
  let text = priceTexts.get(price);
  if (text === undefined) {
    text = price.toFixed();
    priceTexts.set(price, text);
  }
  return text;
}
