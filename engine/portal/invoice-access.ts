/**
 * Which invoices a client user may see: those of an account that is wholly theirs. An account's
 * invoice names every client it bills and their usage, so an account billing a granted client with
 * one that is not granted stays unseen; the grant covers it by its billing code, or by every one of
 * its client numbers.
 */
import type { ClientGrant } from './client-grant.ts';

export interface InvoicedAccount {
  readonly billingCode: string;
  readonly clients: readonly { readonly clientNumber: string }[];
}

/** Client numbers compared as numbers (IS's column is numeric): '01001' is 1001. */
const sameNumber = (a: string, b: string): boolean => /^\d{1,18}$/.test(a) && /^\d{1,18}$/.test(b) && BigInt(a) === BigInt(b);

/**
 * @example grantCovers({ clientNumbers: ['1001'], billingCodes: [] }, { billingCode: 'B1', clients: [{ clientNumber: '1001' }] }) // true
 * @example grantCovers({ clientNumbers: ['1001'], billingCodes: [] }, { billingCode: 'B1', clients: [{ clientNumber: '1001' }, { clientNumber: '1002' }] }) // false
 */
export function grantCovers(grant: ClientGrant, account: InvoicedAccount): boolean {
  if (account.billingCode !== '' && grant.billingCodes.includes(account.billingCode)) return true;
  return account.clients.length > 0 && account.clients.every((client) => grant.clientNumbers.some((number) => sameNumber(number, client.clientNumber)));
}
