import { describe, expect, it } from 'vitest';
import { value } from '../../../engine/diff/delta.ts';
import { accountTotals, compareInvoices, compareTotals, largestChangeFirst } from '../../../engine/rating/compare.ts';
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

describe('compareInvoices against one baseline list, again and again', () => {
  it('totals each scenario exactly, whatever was compared against the same baseline before', () => {
    const before = [invoice('A', '1.10'), invoice('B', '2.20'), invoice('C', '3.30')];
    const [a, c] = [before[0] as Invoice, before[2] as Invoice];
    expect(compareInvoices(before, [a, invoice('B', '2.25'), c]).totals).toEqual({ before: '6.6', after: '6.65', change: '0.05' });
    expect(compareInvoices(before, [a, invoice('B', '0.1'), invoice('C', '0.2')]).totals).toEqual({ before: '6.6', after: '1.4', change: '-5.2' });
    // An account gone and one new: its whole total leaves or joins.
    expect(compareInvoices(before, [a, c, invoice('D', '0.01')]).totals).toEqual({ before: '6.6', after: '4.41', change: '-2.19' });
  });
});

describe('compareTotals', () => {
  it("gives the same comparison whether the scenario lists the accounts in the baseline's places or not", () => {
    // Baseline not in account order, one account's invoice the very same object on both sides.
    const before = [invoice('C', '3.00'), invoice('A', '1.00'), invoice('D', '4.00'), invoice('B', '2.00')];
    const inPlace = [invoice('C', '2.50'), before[1] as Invoice, invoice('D', '4.00'), invoice('B', '2.75')];
    const shuffled = [inPlace[3], inPlace[0], inPlace[2], inPlace[1]] as Invoice[];
    const comparison = compareTotals(before, inPlace);
    expect(comparison).toEqual(compareTotals(before, shuffled));
    expect(comparison.accounts.map((delta) => [delta.key[0], delta.change])).toEqual([
      ['B', '0.75'],
      ['C', '-0.5'],
    ]);
    expect(comparison.counts).toEqual({ up: 1, down: 1, same: 2 });
    expect(comparison.totals).toEqual({ before: '10', after: '10.25', change: '0.25' });
  });
});

describe('largestChangeFirst', () => {
  const delta = (key: string, change: string) => ({ key: [key], before: value('0'), after: value(change), change });

  it('orders by the size of the change, rises and falls alike, equal changes in their order', () => {
    const ordered = largestChangeFirst([delta('A', '1'), delta('B', '-3'), delta('C', '2'), delta('D', '-1'), delta('E', '3')]);
    expect(ordered.map((d) => d.key[0])).toEqual(['B', 'E', 'C', 'A', 'D']);
  });

  it('tells apart changes a double cannot (exact decimals decide)', () => {
    const ordered = largestChangeFirst([delta('A', '0.30000000000000001'), delta('B', '0.30000000000000002'), delta('C', '0.3')]);
    expect(ordered.map((d) => d.key[0])).toEqual(['B', 'A', 'C']);
    // A fall and a rise the doubles tie: the exact sizes decide, whatever the sign; the same size keeps the order.
    const signed = largestChangeFirst([delta('A', '0.30000000000000001'), delta('B', '-0.30000000000000002'), delta('C', '-0.3'), delta('D', '0.3')]);
    expect(signed.map((d) => d.key[0])).toEqual(['B', 'A', 'C', 'D']);
  });
});
