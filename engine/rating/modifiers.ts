/**
 * Statistic modifiers: the rules a site applies to a client's statistic before pricing (multiply,
 * add, limit, round to an increment, convert units, add another statistic as equivalents), in
 * their declared order, each application recorded as a step. A statistic added to another counts
 * with its own modifiers applied first (its caps and rounding hold wherever it is used).
 */
import { EngineError } from '../errors.ts';
import { exact, Exact, roundToIncrement } from './money.ts';
import type { ClientInfo, Modifier, ModifierOperation, Scope, Step, TimeUnit } from './model.ts';

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
  return modifiers.filter((modifier) => modifier.per !== 'account' && modifier.statistic === statistic && inScope(modifier.scope, client)).sort(inOrder);
}

function inOrder(a: Modifier, b: Modifier): number {
  return a.order - b.order || a.id.localeCompare(b.id);
}

/**
 * Applies the modifiers declared `per: account` to an account's total of `statistic` (after the
 * sum over its clients), in order: a cap or a rounding on the pooled value. A modifier applies when
 * its scope takes in any of the account's clients.
 *
 * @example applyAccountModifiers(exact(1250), 'Minutes', account, [{ per: 'account', operation: { op: 'limit', max: 1000 } }]).value // 1000
 */
export function applyAccountModifiers(
  value: Exact,
  statistic: string,
  account: { readonly id: string; readonly clients: readonly ClientInfo[] },
  modifiers: readonly Modifier[],
): { value: Exact; steps: Step[] } {
  const steps: Step[] = [];
  let current = value;
  const pooled = modifiers.filter((m) => m.per === 'account' && m.statistic === statistic && account.clients.some((client) => inScope(m.scope, client)));
  for (const modifier of pooled.sort(inOrder)) {
    const operation = modifier.operation;
    if (operation.op === 'addStatistic')
      throw new EngineError('rating_error', `modifier ${modifier.id}: statistics are added per client, not per account`, { field: `modifiers.${modifier.id}` });
    const before = current;
    current = applyOne(current, operation);
    steps.push({
      kind: 'accountModifier',
      account: account.id,
      modifier: modifier.id,
      description: modifier.description,
      before: before.toFixed(),
      after: current.toFixed(),
    });
  }
  return { value: current, steps };
}

type ValueOf = (statistic: string, client: ClientInfo) => Exact;

/**
 * Applies the client's modifiers of `statistic` to its value. A statistic that an `addStatistic`
 * modifier adds is taken with its own modifiers applied (their steps come first, after the added
 * statistic's raw value); statistics that add each other in a cycle are an error naming the cycle.
 *
 * @example applyModifiers(exact(125), ..., [{ operation: { op: 'convert', from: 'seconds', to: 'minutes' } }])
 *   // value 2.0833..., one step recorded
 */
export function applyModifiers(
  value: Exact,
  statistic: string,
  client: ClientInfo,
  modifiers: readonly Modifier[],
  valueOf: ValueOf,
  explain = true,
): { value: Exact; steps: Step[] } {
  return modify(value, [statistic], client, modifiers, valueOf, explain);
}

/** `path` is the chain of statistics being modified, the last one `value`'s: a repeat is a cycle. */
function modify(
  value: Exact,
  path: readonly string[],
  client: ClientInfo,
  modifiers: readonly Modifier[],
  valueOf: ValueOf,
  explain: boolean,
): { value: Exact; steps: Step[] } {
  const statistic = path.at(-1) as string;
  const steps: Step[] = [];
  let current = value;
  for (const modifier of modifiersFor(modifiers, statistic, client)) {
    const before = current;
    const operation = modifier.operation;
    if (operation.op === 'addStatistic') {
      const added = addedValue(operation.statistic, path, modifier, client, modifiers, valueOf, explain);
      steps.push(...added.steps);
      current = current.plus(added.value.mul(operation.factor));
    } else {
      current = applyOne(current, operation);
    }
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

/** The value an `addStatistic` modifier adds: the statistic with its own modifiers for the client. */
function addedValue(
  statistic: string,
  path: readonly string[],
  by: Modifier,
  client: ClientInfo,
  modifiers: readonly Modifier[],
  valueOf: ValueOf,
  explain: boolean,
): { value: Exact; steps: Step[] } {
  if (path.includes(statistic)) {
    const cycle = [...path.slice(path.indexOf(statistic)), statistic].join(' → ');
    throw new EngineError('reference_cycle', `modifier ${by.id} adds ${statistic} to ${path.at(-1)}, and the statistics add each other in a cycle: ${cycle}`, {
      field: `modifiers.${by.id}`,
    });
  }
  const raw = valueOf(statistic, client);
  if (modifiersFor(modifiers, statistic, client).length === 0) return { value: raw, steps: [] };
  const modified = modify(raw, [...path, statistic], client, modifiers, valueOf, explain);
  const shown: Step[] = explain ? [{ kind: 'statistic', clientNumber: client.clientNumber, statistic, value: raw.toFixed() }, ...modified.steps] : [];
  return { value: modified.value, steps: shown };
}

function applyOne(value: Exact, operation: Exclude<ModifierOperation, { op: 'addStatistic' }>): Exact {
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
  }
}
