import { describe, expect, it } from 'vitest';
import { accountTotals, compareInvoices } from '../../../engine/rating/compare.ts';
import type { Invoice } from '../../../engine/rating/model.ts';

const invoice = (account: string, total: string, names: string[] = [account]): Invoice => ({
  account,
  billingCode: account,
  clients: names.map((name, i) => ({ clientNumber: String(1000 + i), name })),
  plan: 'p',
  currency: 'USD',
  lines: [],
  total,
});

describe('accountTotals', () => {
  it('lists every account, changed or not, with the exact change and the client names', () => {
    const rows = accountTotals(
      [invoice('B', '150.00', ['Bay', 'Harbor']), invoice('A', '10.10')],
      [invoice('A', '10.10'), invoice('B', '152.5', ['Bay', 'Harbor'])],
    );
    expect(rows).toEqual([
      { account: 'A', clients: 'A', before: '10.10', after: '10.10', change: '0' },
      { account: 'B', clients: 'Bay, Harbor', before: '150.00', after: '152.5', change: '2.5' },
    ]);
  });

  it('counts an account billed on one side only as 0 on the other', () => {
    expect(accountTotals([], [invoice('N', '99.99')])).toEqual([{ account: 'N', clients: 'N', before: '0', after: '99.99', change: '99.99' }]);
  });

  it('agrees with compareInvoices on the totals and on which accounts changed', () => {
    const before = [invoice('A', '1.00'), invoice('B', '2.00'), invoice('C', '3.00')];
    const after = [invoice('A', '1.50'), invoice('B', '1.00'), invoice('C', '3.00')];
    const rows = accountTotals(before, after);
    const comparison = compareInvoices(before, after);
    expect(rows.filter((r) => r.change !== '0').map((r) => r.account)).toEqual(comparison.accounts.map((d) => d.key[0]));
    expect(rows.reduce((sum, r) => sum + Number(r.change), 0)).toBeCloseTo(Number(comparison.totals.change), 10);
  });
});
