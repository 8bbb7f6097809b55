/** Small factories for invoice-level tests: an account, a plan, rated plan lines and a setup. */
import type { Account } from '../../../engine/rating/accounts.ts';
import { exact } from '../../../engine/rating/money.ts';
import type { BillingSetup, ClientInfo, InvoiceLine, RatePlan } from '../../../engine/rating/model.ts';
import type { BillingPeriod } from '../../../engine/rating/period.ts';
import type { RatedLine } from '../../../engine/rating/rating-memo.ts';

export const OCTOBER: BillingPeriod = { start: '2026-10-01', end: '2026-10-31' };

export function accountOf(id: string, clients: readonly [number, string][] = [[1001, id]]): Account {
  const members: ClientInfo[] = clients.map(([number, billingCode]) => ({
    cltID: number,
    clientNumber: String(number),
    name: `Client ${number}`,
    billingCode,
  }));
  return { id, billingCode: members[0]?.billingCode ?? id, clients: members };
}

export const PLAN: RatePlan = { kind: 'plan', id: 'p', name: 'p', currency: 'USD', lines: [] };

/** A rated plan line with its amount (already rounded, as under the per-line policy). */
export function planLine(lineId: string, kind: InvoiceLine['kind'], amount: string): RatedLine {
  return { line: { lineId, label: lineId, kind, quantity: '1', amount, steps: [] }, amount: exact(amount) };
}

export function setupWith(extra: Partial<BillingSetup> = {}): BillingSetup {
  return {
    statistics: [],
    plans: [PLAN],
    modifiers: [],
    assignments: [],
    accounts: { groupBy: 'client', masters: [] },
    rounding: { money: { scale: 2, mode: 'half-up' }, apply: 'per-line' },
    ...extra,
  };
}

/** The invoice's lines as [id, amount]. */
export const amounts = (lines: readonly InvoiceLine[]) => lines.map((line) => [line.lineId, line.amount]);
