/** Which invoices a client user sees: an account wholly theirs, by its billing code or every one of its client numbers. */
import { describe, expect, it } from 'vitest';
import type { ClientGrant } from '../../../engine/portal/client-grant.ts';
import { grantCovers } from '../../../engine/portal/invoice-access.ts';

const grant = (clientNumbers: string[], billingCodes: string[] = []): ClientGrant => ({ clientNumbers, billingCodes });
const account = (billingCode: string, ...clients: string[]) => ({ billingCode, clients: clients.map((clientNumber) => ({ clientNumber })) });

describe('grantCovers', () => {
  const check = (g: ClientGrant, a: ReturnType<typeof account>, expected: boolean) =>
    expect({ g, a, covered: grantCovers(g, a) }).toEqual({ g, a, covered: expected });

  it('decides by billing code, or by every client number of the account', () => {
    check(grant(['1001']), account('B1', '1001'), true);
    check(grant(['1001']), account('B1', '1001', '1002'), false);
    check(grant(['1001', '1002']), account('B1', '1001', '1002'), true);
    check(grant([], ['B1']), account('B1', '1001', '1002'), true);
    check(grant([], ['B2']), account('B1', '1001'), false);
    check(grant(['01001']), account('B1', '1001'), true);
    check(grant(['1001']), account('B1'), false);
    check(grant([], ['']), account('', '1001'), false);
    check(grant(['10x1']), account('B1', '10x1'), false);
  });
});
