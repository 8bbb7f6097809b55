/**
 * Billing accounts: the IS clients invoiced together. By default one account per BillingCode (the
 * code maps IS clients to invoicing accounts), or one per client; explicit master accounts take
 * their listed clients first (Amtelco Billing Link's "transfer master", practice case 13).
 */
import type { AccountRules, ClientInfo } from './model.ts';

export interface Account {
  readonly id: string;
  readonly billingCode: string;
  readonly clients: readonly ClientInfo[];
}

export function groupAccounts(clients: readonly ClientInfo[], rules: AccountRules): Account[] {
  const byId = new Map<string, ClientInfo[]>();
  const mastered = new Map<string, string>();
  for (const master of rules.masters) for (const clientNumber of master.clientNumbers) mastered.set(clientNumber, master.account);
  for (const client of clients) {
    const id = mastered.get(client.clientNumber) ?? (rules.groupBy === 'billingCode' && client.billingCode !== '' ? client.billingCode : client.clientNumber);
    byId.set(id, [...(byId.get(id) ?? []), client]);
  }
  return [...byId.entries()]
    .map(([id, members]) => {
      const sorted = [...members].sort((a, b) => compareClientNumbers(a.clientNumber, b.clientNumber));
      return { id, billingCode: (sorted[0] as ClientInfo).billingCode, clients: sorted };
    })
    .sort((a, b) => compareClientNumbers((a.clients[0] as ClientInfo).clientNumber, (b.clients[0] as ClientInfo).clientNumber) || a.id.localeCompare(b.id));
}

/** Client numbers are numeric text; compare them as numbers. */
export function compareClientNumbers(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
