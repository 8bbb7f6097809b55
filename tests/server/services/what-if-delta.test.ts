import { describe, expect, it } from 'vitest';
import { createShownRows } from '../../../server/services/what-if-delta.ts';

const row = (account: string, after: string) => ({ account, clients: `${account} Ltd`, before: '10', after, change: String(Number(after) - 10) });

describe('account rows sent since a version the page shows', () => {
  it('sends every row first, then only the rows that changed and the accounts gone', () => {
    const shown = createShownRows();
    const first = shown.answer([row('A', '10'), row('B', '10'), row('C', '10')], undefined);
    expect(first.everyAccount).toHaveLength(3);
    const second = shown.answer([row('A', '10'), row('B', '12')], first.version);
    expect(second.everyAccount).toBeUndefined();
    expect(second.changedAccounts).toEqual({ since: first.version, rows: [row('B', '12')], removed: ['C'] });
    expect(second.version).not.toBe(first.version);
  });

  it('names equal rows by the same version, and answers every row to a version it does not know or has forgotten', () => {
    const shown = createShownRows(1);
    const first = shown.answer([row('A', '10')], undefined);
    expect(shown.answer([row('A', '10')], 'f00').everyAccount).toHaveLength(1);
    expect(shown.answer([row('A', '10')], undefined).version).toBe(first.version);
    shown.answer([row('A', '11')], undefined); // only one answer is kept: the first is forgotten
    const late = shown.answer([row('A', '12')], first.version);
    expect(late.everyAccount).toEqual([row('A', '12')]);
  });
});
