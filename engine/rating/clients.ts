/**
 * The IS clients of a snapshot as rating sees them, in ClientNumber order (the report's order, so
 * invoices, grids and listings come out the same way whoever asks).
 */
import type { Sandbox } from '../formulas/sandbox.ts';
import type { ClientInfo } from './model.ts';

// BillingCode is nullable in IS; rating groups accounts by it, so a missing code is ''.
// Inactive (IS's flag, never NULL in IS) decides whether the client is billed (billing-status.ts).
const CLIENTS =
  "SELECT cltID, ClientNumber::VARCHAR AS n, ClientName, coalesce(BillingCode, '') AS b, coalesce(Inactive, false) AS inactive FROM cltClients ORDER BY ClientNumber";

/** @example (await listClients(sandbox))[0] // { cltID: 1, clientNumber: '1000', name: 'Acme', billingCode: 'B1', inactive: false } */
export async function listClients(sandbox: Sandbox): Promise<readonly ClientInfo[]> {
  const rows = await sandbox.query(CLIENTS, { values: {}, types: {} }, 'client list');
  return rows.map((row) => ({
    cltID: Number(row.cltID),
    clientNumber: String(row.n),
    name: String(row.ClientName),
    billingCode: String(row.b),
    inactive: row.inactive === true,
  }));
}
