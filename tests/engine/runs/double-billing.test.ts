import { describe, expect, it } from 'vitest';
import { alreadyBilled, alreadyBilledText } from '../../../engine/runs/double-billing.ts';

const october = { start: '2026-10-01', end: '2026-10-31' };
const november = { start: '2026-11-01', end: '2026-11-30' };

describe('alreadyBilled', () => {
  it('names the finalised runs of overlapping days that invoice some of the same accounts, with those accounts', () => {
    const candidate = { run: 'new', period: october, accounts: ['C', 'A', 'B'] };
    const finalised = [
      { run: 'same-days', period: october, accounts: ['B', 'A', 'Z'] },
      { run: 'last-week', period: { start: '2026-10-25', end: '2026-11-07' }, accounts: ['C'] },
      { run: 'next-month', period: november, accounts: ['A', 'B', 'C'] },
      { run: 'other-accounts', period: october, accounts: ['X', 'Y'] },
    ];
    expect(alreadyBilled(candidate, finalised)).toEqual([
      { run: 'same-days', period: october, accounts: ['A', 'B'] },
      { run: 'last-week', period: { start: '2026-10-25', end: '2026-11-07' }, accounts: ['C'] },
    ]);
  });

  it('counts a shared first or last day as overlapping, and ignores the candidate itself', () => {
    const candidate = { run: 'new', period: october, accounts: ['A'] };
    const touching = { run: 'touch', period: { start: '2026-10-31', end: '2026-11-30' }, accounts: ['A'] };
    expect(alreadyBilled(candidate, [touching, { ...candidate }]).map((c) => c.run)).toEqual(['touch']);
  });

  it('says which run, days and accounts, listing five accounts and counting the rest', () => {
    const accounts = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    expect(alreadyBilledText([{ run: 'r1', period: october, accounts }])).toBe(
      'finalised run r1 (2026-10-01 to 2026-10-31) already invoices 7 of these accounts (A, B, C, D, E and 2 more)',
    );
  });
});
