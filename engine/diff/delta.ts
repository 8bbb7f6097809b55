/**
 * One delta type for every comparison: scenario against baseline, our numbers against the legacy
 * report, one version against another. A side is a value, absent (the row or column does not exist
 * there) or unknown (it exists but could not be read).
 */
import { Decimal } from 'decimal.js';
import { sameAmount, textDifference } from './decimal-text.ts';

export type Side = { readonly kind: 'value'; readonly value: string } | { readonly kind: 'absent' } | { readonly kind: 'unknown'; readonly reason: string };

export interface Delta {
  /** What is compared, from the coarsest part down, e.g. [account, line] or [client, statistic]. */
  readonly key: readonly string[];
  readonly before: Side;
  readonly after: Side;
  /** after - before when both are numbers. */
  readonly change?: string;
}

export const value = (text: string): Side => ({ kind: 'value', value: text });
export const absent: Side = { kind: 'absent' };

/**
 * Compares two keyed sets of numbers; returns only the keys that differ (or exist on one side only),
 * in key order.
 *
 * @example diffValues(new Map([['a', '1']]), new Map([['a', '2'], ['b', '3']]))
 *   // [{ key: ['a'], change: '1' ... }, { key: ['b'], before: absent, ... }]
 */
export function diffValues(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  splitKey: (key: string) => string[] = (key) => [key],
): Delta[] {
  // Most keys of a what-if are equal on both sides: find the ones that differ first, then sort only those.
  const differing: string[] = [];
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a === undefined || !sameAmount(b, a)) differing.push(key);
  }
  for (const key of after.keys()) if (!before.has(key)) differing.push(key);
  return differing.sort().map((key) => {
    const b = before.get(key);
    const a = after.get(key);
    return {
      key: splitKey(key),
      before: b === undefined ? absent : value(b),
      after: a === undefined ? absent : value(a),
      ...(b !== undefined && a !== undefined ? { change: textDifference(a, b) } : {}),
    };
  });
}

/** Numeric change of a delta, counting an absent side as 0 (what a bill goes up or down by). */
export function changeOf(delta: Delta): Decimal {
  const side = (s: Side) => (s.kind === 'value' ? new Decimal(s.value) : new Decimal(0));
  return side(delta.after).minus(side(delta.before));
}
