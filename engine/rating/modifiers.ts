/**
 * Statistic modifiers: the rules a site applies to a client's statistic before pricing (multiply,
 * add, limit, round to an increment, convert units, add another statistic as equivalents), in
 * their declared order, each application recorded as a step.
 */
import { exact, Exact, roundToIncrement } from './money.ts';
import type { ClientInfo, Modifier, Scope, Step, TimeUnit } from './model.ts';

/** Seconds in each time unit, exactly. */
const SECONDS: Readonly<Record<TimeUnit, string>> = { ticks: '0.0000001', milliseconds: '0.001', seconds: '1', minutes: '60', hours: '3600' };

/**
 * A conversion to a larger unit divides by 60 or 3600, which does not end: it keeps two digits beyond
 * the working precision, so that converting back (a multiplication, rounded to the working precision)
 * returns the original value exactly.
 */
const Guarded = Exact.clone({ precision: Exact.precision + 2 });

export function inScope(scope: Scope, client: ClientInfo): boolean {
  if (scope.kind === 'global') return true;
  if (scope.kind === 'billingCode') return scope.billingCode === client.billingCode;
  return scope.clientNumber === client.clientNumber;
}

/** The modifiers of a statistic that apply to a client, in their declared order (then by id, for a stable tie-break). */
export function modifiersFor(modifiers: readonly Modifier[], statistic: string, client: ClientInfo): Modifier[] {
  return modifiers
    .filter((modifier) => modifier.statistic === statistic && inScope(modifier.scope, client))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/**
 * Applies the client's modifiers of `statistic` to its value.
 *
 * @example applyModifiers(exact(125), ..., [{ operation: { op: 'convert', from: 'seconds', to: 'minutes' } }])
 *   // value 2.0833..., one step recorded
 */
export function applyModifiers(
  value: Exact,
  statistic: string,
  client: ClientInfo,
  modifiers: readonly Modifier[],
  valueOf: (statistic: string, client: ClientInfo) => Exact,
  explain = true,
): { value: Exact; steps: Step[] } {
  const steps: Step[] = [];
  let current = value;
  for (const modifier of modifiersFor(modifiers, statistic, client)) {
    const before = current;
    current = applyOne(current, modifier, client, valueOf);
    if (explain)
      steps.push({
        kind: 'modifier',
        clientNumber: client.clientNumber,
        modifier: modifier.id,
        description: modifier.description,
        before: before.toFixed(),
        after: current.toFixed(),
      });
  }
  return { value: current, steps };
}

function applyOne(value: Exact, modifier: Modifier, client: ClientInfo, valueOf: (statistic: string, client: ClientInfo) => Exact): Exact {
  const operation = modifier.operation;
  switch (operation.op) {
    case 'multiply':
      return value.mul(operation.factor);
    case 'add':
      return value.plus(operation.amount);
    case 'limit': {
      let limited = value;
      if (operation.min !== undefined && limited.lt(operation.min)) limited = operation.min;
      if (operation.max !== undefined && limited.gt(operation.max)) limited = operation.max;
      return limited;
    }
    case 'round':
      return roundToIncrement(value, operation.increment, operation.mode);
    case 'convert':
      return new Exact(new Guarded(value.mul(exact(SECONDS[operation.from]))).div(SECONDS[operation.to]));
    case 'addStatistic':
      return value.plus(valueOf(operation.statistic, client).mul(operation.factor));
  }
}
