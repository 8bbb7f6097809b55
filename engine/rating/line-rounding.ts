/** The rounding of one invoice line under the setup's policy, recorded as a step. */
import { withPlaces } from '../diff/decimal-text.ts';
import { formatAmount, round, type Exact, type Rounding } from './money.ts';
import type { RoundingPolicy, Step } from './model.ts';

/** A line's amount after the policy's rounding, the step that recorded it, and its text as the line shows it. */
export interface RoundedLine {
  readonly value: Exact;
  readonly steps: Step[];
  /** The amount with at least the money scale's places, as `formatAmount` writes it. */
  readonly text: string;
}

/** Under the per-line policy a line's amount is rounded here, with a step; under the total policy it stays exact. */
export function roundLine(amount: Exact, policy: RoundingPolicy): RoundedLine {
  if (policy.apply !== 'per-line') return { value: amount, steps: [], text: formatAmount(amount, policy.money.scale) };
  return roundWith(amount, policy.money);
}

/** Rounds with a named rounding, always (a line with a rounding of its own, such as a tax). */
export function roundWith(amount: Exact, rounding: Rounding): RoundedLine {
  const value = round(amount, rounding);
  // The step's text, written once, is the line's text too: a what-if writes thousands of them.
  const after = value.toFixed();
  return {
    value,
    steps: [{ kind: 'round', scale: rounding.scale, mode: rounding.mode, before: amount.toFixed(), after }],
    text: withPlaces(after, rounding.scale),
  };
}
