/**
 * Comparing two sets of invoices (a scenario against its baseline, a corrected run against the
 * issued one): per line and per account deltas, totals, and how many accounts' bills rise, fall
 * or stay.
 */
import { Decimal } from 'decimal.js';
import { changeOf, diffValues, type Delta } from '../diff/delta.ts';
import type { Invoice } from './model.ts';

export interface InvoiceComparison {
  /** Keyed [account, lineId]; only lines that differ. */
  readonly lines: readonly Delta[];
  /** Keyed [account]; only accounts whose total differs. */
  readonly accounts: readonly Delta[];
  readonly totals: { readonly before: string; readonly after: string; readonly change: string };
  readonly counts: { readonly up: number; readonly down: number; readonly same: number };
}

const SEPARATOR = '\u0000';

export function compareInvoices(before: readonly Invoice[], after: readonly Invoice[]): InvoiceComparison {
  // An invoice that is the very same object on both sides (the rating memo hands back unchanged
  // invoices) has no delta: only the others are compared line by line.
  const afterByAccount = new Map(after.map((invoice) => [invoice.account, invoice] as const));
  const unchanged = new Set(before.filter((invoice) => afterByAccount.get(invoice.account) === invoice));
  const changedBefore = before.filter((invoice) => !unchanged.has(invoice));
  const changedAfter = after.filter((invoice) => !unchanged.has(invoice));
  const lineAmounts = (invoices: readonly Invoice[]) => new Map(invoices.flatMap((invoice) => invoice.lines.map((line) => [`${invoice.account}${SEPARATOR}${line.lineId}`, line.amount] as const)));
  const totalsOf = (invoices: readonly Invoice[]) => new Map(invoices.map((invoice) => [invoice.account, invoice.total] as const));
  const lines = diffValues(lineAmounts(changedBefore), lineAmounts(changedAfter), (key) => key.split(SEPARATOR));
  const accounts = diffValues(totalsOf(changedBefore), totalsOf(changedAfter));
  const allAccounts = new Set([...before.map((i) => i.account), ...after.map((i) => i.account)]);
  // Every account delta is a change (equal totals are left out), so its sign says up or down.
  const signs = accounts.map((delta) => (delta.change !== undefined ? (delta.change.startsWith('-') ? -1 : 1) : changeOf(delta).comparedTo(0)));
  const up = signs.filter((sign) => sign > 0).length;
  const down = signs.filter((sign) => sign < 0).length;
  const [b, a] = [sumOfTotals(before), sumOfTotals(after)];
  return {
    lines,
    accounts,
    totals: { before: b.toFixed(), after: a.toFixed(), change: a.minus(b).toFixed() },
    counts: { up, down, same: allAccounts.size - up - down },
  };
}

/** Invoice totals parsed once per invoice object (a what-if compares the same baseline again and again). */
const parsedTotals = new WeakMap<Invoice, Decimal>();

function sumOfTotals(invoices: readonly Invoice[]): Decimal {
  let sum = new Decimal(0);
  for (const invoice of invoices) {
    let total = parsedTotals.get(invoice);
    if (total === undefined) {
      total = new Decimal(invoice.total);
      parsedTotals.set(invoice, total);
    }
    sum = sum.plus(total);
  }
  return sum;
}

/** One account's total before and after, for a side-by-side view of every account (changed or not). */
export interface AccountTotals {
  readonly account: string;
  readonly clients: string;
  readonly before: string;
  readonly after: string;
  readonly change: string;
}

/** @example accountTotals(baseline, scenario)[0] // { account: 'BC1', clients: 'Acme', before: '150.00', after: '152.50', change: '2.5' } */
export function accountTotals(before: readonly Invoice[], after: readonly Invoice[]): AccountTotals[] {
  const afterByAccount = new Map(after.map((invoice) => [invoice.account, invoice] as const));
  const accounts = [...new Set([...before.map((i) => i.account), ...after.map((i) => i.account)])].sort();
  const beforeByAccount = new Map(before.map((invoice) => [invoice.account, invoice] as const));
  return accounts.map((account) => {
    const b = beforeByAccount.get(account);
    const a = afterByAccount.get(account);
    const [bt, at] = [b?.total ?? '0', a?.total ?? '0'];
    return { account, clients: (b ?? a)?.clients.map((c) => c.name).join(', ') ?? '', before: bt, after: at, change: new Decimal(at).minus(bt).toFixed() };
  });
}
