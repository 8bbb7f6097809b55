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

export function compareInvoices(before: readonly Invoice[], after: readonly Invoice[]): InvoiceComparison {
  const beforeSide = sideOf(before);
  const afterSide = sideOf(after);
  const beforeByAccount = beforeSide.byAccount;
  const afterByAccount = afterSide.byAccount;
  // An invoice that is the very same object on both sides (the rating memo hands back unchanged
  // invoices) has no delta: only the others are compared, account by account, line by line.
  const allAccounts = new Set([...beforeByAccount.keys(), ...afterByAccount.keys()]);
  const changed = [...allAccounts].filter((account) => beforeByAccount.get(account) !== afterByAccount.get(account)).sort();
  const lines = changed.flatMap((account) => {
    const amounts = (invoice: Invoice | undefined) => new Map(invoice?.lines.map((line) => [line.lineId, line.amount] as const));
    return diffValues(amounts(beforeByAccount.get(account)), amounts(afterByAccount.get(account)), (lineId) => [account, lineId]);
  });
  const totalsOf = (byAccount: ReadonlyMap<string, Invoice>) =>
    new Map(
      changed.flatMap((account) => {
        const invoice = byAccount.get(account);
        return invoice ? [[account, invoice.total] as const] : [];
      }),
    );
  const accounts = diffValues(totalsOf(beforeByAccount), totalsOf(afterByAccount));
  // Every account delta is a change (equal totals are left out), so its sign says up or down.
  const signs = accounts.map((delta) => (delta.change !== undefined ? (delta.change.startsWith('-') ? -1 : 1) : changeOf(delta).comparedTo(0)));
  const up = signs.filter((sign) => sign > 0).length;
  const down = signs.filter((sign) => sign < 0).length;
  // The scenario's total is the baseline's moved by the accounts that changed (the others are the same invoices).
  const b = beforeSide.total();
  let a = b;
  for (const account of changed) {
    const [was, is] = [beforeByAccount.get(account), afterByAccount.get(account)];
    if (was) a = a.minus(was.total);
    if (is) a = a.plus(is.total);
  }
  return {
    lines,
    accounts,
    totals: { before: b.toFixed(), after: a.toFixed(), change: a.minus(b).toFixed() },
    counts: { up, down, same: allAccounts.size - up - down },
  };
}

/** A list of invoices by account, and its total: worked out once per list (a what-if compares against the same baseline list again and again). */
interface Side {
  readonly byAccount: ReadonlyMap<string, Invoice>;
  total(): Decimal;
}

const sides = new WeakMap<readonly Invoice[], Side>();

function sideOf(invoices: readonly Invoice[]): Side {
  let side = sides.get(invoices);
  if (!side) {
    let total: Decimal | undefined;
    side = {
      byAccount: new Map(invoices.map((invoice) => [invoice.account, invoice] as const)),
      total: () => {
        total ??= sumOfTotals(invoices);
        return total;
      },
    };
    sides.set(invoices, side);
  }
  return side;
}

function sumOfTotals(invoices: readonly Invoice[]): Decimal {
  let sum = new Decimal(0);
  for (const invoice of invoices) sum = sum.plus(invoice.total);
  return sum;
}

/**
 * Deltas by the size of their change, largest first; equal changes keep their order. Sizes are
 * compared as numbers first (exact where they differ as doubles, since rounding to a double keeps
 * order), and as exact decimals only where the doubles tie.
 *
 * @example largestChangeFirst(compareInvoices(before, after).accounts)[0].key // the account that changes most
 */
export function largestChangeFirst(deltas: readonly Delta[]): Delta[] {
  const sized = deltas.map((delta, at) => {
    const text = delta.change ?? changeOf(delta).toFixed();
    return { delta, at, text, size: Math.abs(Number(text)), exact: undefined as Decimal | undefined };
  });
  const exactOf = (entry: (typeof sized)[number]): Decimal => {
    entry.exact ??= new Decimal(entry.text).abs();
    return entry.exact;
  };
  return sized.sort((a, b) => b.size - a.size || exactOf(b).comparedTo(exactOf(a)) || a.at - b.at).map(({ delta }) => delta);
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
