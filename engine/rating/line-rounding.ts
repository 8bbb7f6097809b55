/** The rounding of one invoice line under the setup's policy, recorded as a step. */
import { round, type Exact, type Rounding } from './money.ts';
import type { RoundingPolicy, Step } from './model.ts';

/** Under the per-line policy a line's amount is rounded here, with a step; under the total policy it stays exact. */
export function roundLine(amount: Exact, policy: RoundingPolicy): { value: Exact; steps: Step[] } {
  if (policy.apply !== 'per-line') return { value: amount, steps: [] };
  return roundWith(amount, policy.money);
}

/** Rounds with a named rounding, always (a line with a rounding of its own, such as a tax). */
export function roundWith(amount: Exact, rounding: Rounding): { value: Exact; steps: Step[] } {
  const value = round(amount, rounding);
  return { value, steps: [{ kind: 'round', scale: rounding.scale, mode: rounding.mode, before: amount.toFixed(), after: value.toFixed() }] };
}
