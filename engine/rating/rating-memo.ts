/**
 * A memo of rated usage lines, so that re-rating after a change (a what-if's new price) recomputes
 * only the lines the change touches: a usage line's result depends only on the line's definition,
 * the values of the statistics it reads, the modifiers, the rounding policy, whether clients are
 * explained, and the account's clients. All of that is the memo's key, so a hit is exactly what
 * rating again would give. Statistic values are identified by the identity of their (immutable)
 * maps, as the result cache hands them out; a map with new values is a new key.
 */
import type { Exact } from './money.ts';
import type { Account } from './accounts.ts';
import type { InvoiceLine, Modifier, RoundingPolicy, UsageLine } from './model.ts';

export interface RatedLine {
  readonly line: InvoiceLine;
  /** The line's amount as an exact value, so the invoice total does not parse it again. */
  readonly amount: Exact;
}

export interface RatingMemo {
  /** The memo key of a usage line for an account, or undefined when it cannot be keyed safely. */
  keyOf(context: MemoContext, line: UsageLine, account: Account): string | undefined;
  get(key: string): RatedLine | undefined;
  set(key: string, rated: RatedLine): void;
  readonly size: number;
}

/** What one rating run shares between its lines (computed once per run). */
export interface MemoContext {
  readonly statistics: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** The modifiers, the rounding policy and the explanation mode, as one fingerprint. */
  readonly setupKey: string;
}

/** Beyond this many memoised lines the memo starts again (a bound on memory, not a cache policy). */
const DEFAULT_MAX_LINES = 200_000;

export function createRatingMemo(maxLines = DEFAULT_MAX_LINES): RatingMemo {
  const lines = new Map<string, RatedLine>();
  const lineKeys = new WeakMap<UsageLine, string>();
  const accountKeys = new WeakMap<Account, string>();
  return {
    keyOf(context, line, account) {
      const values = context.statistics.get(line.statistic);
      if (!values) return undefined; // rating reports the missing statistic itself
      let lineKey = lineKeys.get(line);
      if (lineKey === undefined) {
        lineKey = JSON.stringify(line);
        lineKeys.set(line, lineKey);
      }
      let accountKey = accountKeys.get(account);
      if (accountKey === undefined) {
        accountKey = `${account.id}:${account.clients.map((c) => `${c.cltID}/${c.clientNumber}/${c.billingCode}`).join(',')}`;
        accountKeys.set(account, accountKey);
      }
      return `${identityOf(values)}|${context.setupKey}|${lineKey}|${accountKey}`;
    },
    get: (key) => lines.get(key),
    set(key, rated) {
      if (lines.size >= maxLines) lines.clear();
      lines.set(key, rated);
    },
    get size() {
      return lines.size;
    },
  };
}

/**
 * The fingerprint of everything besides the line and the account that a usage line's result
 * depends on: modifiers (with the identity of the statistics that `addStatistic` reads), the
 * rounding policy and whether clients are explained.
 */
export function setupKeyOf(
  modifiers: readonly Modifier[],
  rounding: RoundingPolicy,
  statistics: ReadonlyMap<string, ReadonlyMap<number, string>>,
  explainClients: boolean,
): string {
  const added = modifiers.flatMap((m) => (m.operation.op === 'addStatistic' ? [`${m.operation.statistic}=${identityOrNone(statistics.get(m.operation.statistic))}`] : []));
  return JSON.stringify([modifiers, rounding, added, explainClients]);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

function identityOrNone(value: object | undefined): string {
  return value === undefined ? 'none' : String(identityOf(value));
}
