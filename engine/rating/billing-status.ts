/**
 * Billing status: whom rating does not bill. A client is not billed when it or its account is
 * excluded in the setup, when IS marks it inactive (unless the setup bills inactive clients), or
 * after its (or its account's) cancellation date. Its usage is still reported, with the reason,
 * but no invoice line is made of it. The first rule that applies is the reason, in that order.
 */
import type { Account } from './accounts.ts';
import type { BillingSetup, BillingStatusRules, ClientInfo, StatusScope } from './model.ts';
import { addDays, intersect, type BillingPeriod } from './period.ts';

export type NotBilledReason = 'excluded' | 'inactive' | 'cancelled';

/** A client's days not billed, why, and its usage on those days (each statistic's value before modifiers). */
export interface NotBilled {
  readonly account: string;
  readonly clientNumber: string;
  readonly name: string;
  readonly reason: NotBilledReason;
  /** The setup's words for it (a cancellation's or an exclusion's `reason`). */
  readonly note?: string;
  readonly from: string;
  readonly until: string;
  readonly usage: Readonly<Record<string, string>>;
}

const DEFAULT_RULES: BillingStatusRules = { inactiveClients: 'not-billed', cancelled: [], excluded: [] };

/** How a client stands for a range of days: the days it is billed, and the days it is not, with why. */
export interface ClientStatus {
  readonly billed?: BillingPeriod;
  readonly notBilled?: { readonly range: BillingPeriod; readonly reason: NotBilledReason; readonly note?: string };
}

/** @example clientStatus(client, account, setup, OCTOBER) // { billed: 2026-10-01..2026-10-14, notBilled: { range: 2026-10-15..2026-10-31, reason: 'cancelled' } } */
export function clientStatus(client: ClientInfo, account: Account, setup: Pick<BillingSetup, 'status'>, range: BillingPeriod): ClientStatus {
  const rules = setup.status ?? DEFAULT_RULES;
  const applies = (scope: StatusScope) => (scope.kind === 'client' ? scope.clientNumber === client.clientNumber : scope.account === account.id);
  const excluded = rules.excluded.find((rule) => applies(rule.scope));
  if (excluded) return { notBilled: { range, reason: 'excluded', ...note(excluded.reason) } };
  if (client.inactive === true && rules.inactiveClients !== 'billed') return { notBilled: { range, reason: 'inactive' } };
  const cancelled = rules.cancelled.filter((rule) => applies(rule.scope)).sort((a, b) => a.until.localeCompare(b.until))[0];
  if (!cancelled) return { billed: range };
  const billed = intersect(range, range.start, cancelled.until);
  const after = intersect(range, addDays(cancelled.until, 1), undefined);
  return { ...(billed ? { billed } : {}), ...(after ? { notBilled: { range: after, reason: 'cancelled', ...note(cancelled.reason) } } : {}) };
}

function note(reason: string | undefined): { note?: string } {
  return reason === undefined ? {} : { note: reason };
}
