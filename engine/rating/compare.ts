/**
 * Comparing two sets of invoices (a scenario against its baseline, a corrected run against the
 * issued one): per line and per account deltas, totals, and how many accounts' bills rise, fall
 * or stay.
 */
import { Decimal } from 'decimal.js';
import { changeBetween, movedTotal, textDifference } from '../diff/decimal-text.ts';
import { absent, changeOf, value, type Delta } from '../diff/delta.ts';
import { lineDeltas } from './compare-lines.ts';
import type { Invoice } from './model.ts';

/** Two sets of invoices compared by account total: what a what-if shows. */
export interface TotalsComparison {
  /** Keyed [account]; only accounts whose total differs. */
  readonly accounts: readonly Delta[];
  readonly totals: { readonly before: string; readonly after: string; readonly change: string };
  readonly counts: { readonly up: number; readonly down: number; readonly same: number };
}

export interface InvoiceComparison extends TotalsComparison {
  /** Keyed [account, lineId]; only lines that differ. */
  readonly lines: readonly Delta[];
}

/** Every line that differs, and the totals: what correcting an issued run lists. */
export function compareInvoices(before: readonly Invoice[], after: readonly Invoice[]): InvoiceComparison {
  const totals = compareTotals(before, after);
  return { lines: linesOfAccounts(before, after, accountsOf(sideOf(before), sideOf(after))), ...totals };
}

/**
 * The line deltas of the given accounts, account by account in the order given (lines in lineId
 * order): a what-if explains only the accounts it lists, not every account the change touches.
 */
export function linesOfAccounts(before: readonly Invoice[], after: readonly Invoice[], accounts: readonly string[]): Delta[] {
  const [was, is] = [sideOf(before).byAccount, sideOf(after).byAccount];
  return accounts.flatMap((account) => (was.get(account) === is.get(account) ? [] : lineDeltas(account, was.get(account), is.get(account))));
}

/** Per account totals, the grand totals and how many accounts' bills rise, fall or stay. */
export function compareTotals(before: readonly Invoice[], after: readonly Invoice[]): TotalsComparison {
  const beforeSide = sideOf(before);
  // An invoice that is the very same object on both sides (the rating memo hands back unchanged
  // invoices) has no delta: only the others are compared.
  const { all, changed } = changedInvoices(beforeSide, after);
  // Keyed [account], in account order (`changed` is): only the accounts whose totals differ.
  const accounts: Delta[] = [];
  for (let i = 0; i < changed.accounts.length; i++) {
    const account = changed.accounts[i] as string;
    const b = changed.was[i]?.total;
    const a = changed.is[i]?.total;
    if (b === undefined || a === undefined) {
      accounts.push({ key: [account], before: b === undefined ? absent : value(b), after: a === undefined ? absent : value(a) });
      continue;
    }
    const change = changeBetween(a, b);
    if (change !== undefined) accounts.push({ key: [account], before: value(b), after: value(a), change });
  }
  // Every account delta is a change (equal totals are left out), so its sign says up or down.
  let up = 0;
  let down = 0;
  for (const delta of accounts) {
    const sign = delta.change !== undefined ? (delta.change.startsWith('-') ? -1 : 1) : changeOf(delta).comparedTo(0);
    if (sign > 0) up++;
    else if (sign < 0) down++;
  }
  // The scenario's total is the baseline's moved by the accounts that changed (the others are the same invoices).
  const b = beforeSide.total();
  const a = movedTotal(b);
  for (let i = 0; i < changed.accounts.length; i++) {
    const [was, is] = [changed.was[i], changed.is[i]];
    if (was) a.minus(was.total);
    if (is) a.plus(is.total);
  }
  const afterTotal = a.text();
  return {
    accounts,
    totals: { before: b.toFixed(), after: afterTotal, change: textDifference(afterTotal, b.toFixed()) },
    counts: { up, down, same: all - up - down },
  };
}

/** The accounts whose invoice is not the same object on both sides, in account order, with each side's invoice (none where it has none). */
interface ChangedInvoices {
  readonly accounts: string[];
  readonly was: (Invoice | undefined)[];
  readonly is: (Invoice | undefined)[];
}

/** The changed invoices, and how many accounts either side has. */
function changedInvoices(beforeSide: Side, after: readonly Invoice[]): { all: number; changed: ChangedInvoices } {
  const changed: ChangedInvoices = { accounts: [], was: [], is: [] };
  const add = (account: string, was: Invoice | undefined, is: Invoice | undefined): void => {
    if (was === is) return;
    changed.accounts.push(account);
    changed.was.push(was);
    changed.is.push(is);
  };
  const before = beforeSide.invoices;
  // The usual what-if: the same accounts in the same places on both sides, read by position
  // without a map of the scenario's side (a new one every time).
  if (sameAccountsInPlace(beforeSide, after)) {
    for (const at of beforeSide.order()) add((before[at] as Invoice).account, before[at], after[at]);
    return { all: before.length, changed };
  }
  const afterSide = sideOf(after);
  const allAccounts = accountsOf(beforeSide, afterSide);
  for (const account of allAccounts) add(account, beforeSide.byAccount.get(account), afterSide.byAccount.get(account));
  return { all: allAccounts.length, changed };
}

/** Whether `after` invoices exactly the accounts of `before`, each once and in the same place. */
function sameAccountsInPlace(before: Side, after: readonly Invoice[]): boolean {
  if (after.length !== before.invoices.length || before.byAccount.size !== after.length) return false;
  for (let i = 0; i < after.length; i++) if ((after[i] as Invoice).account !== (before.invoices[i] as Invoice).account) return false;
  return true;
}

/** A list of invoices by account, its accounts in order, and its total: worked out once per list (a what-if compares against the same baseline list again and again). */
interface Side {
  readonly invoices: readonly Invoice[];
  readonly byAccount: ReadonlyMap<string, Invoice>;
  accounts(): readonly string[];
  /** Positions of the invoices in account order (for a list with each account once). */
  order(): readonly number[];
  total(): Decimal;
}

const sides = new WeakMap<readonly Invoice[], Side>();

function sideOf(invoices: readonly Invoice[]): Side {
  let side = sides.get(invoices);
  if (!side) {
    let total: Decimal | undefined;
    let accounts: string[] | undefined;
    let order: number[] | undefined;
    const byAccount = new Map<string, Invoice>();
    for (const invoice of invoices) byAccount.set(invoice.account, invoice);
    side = {
      invoices,
      byAccount,
      accounts: () => {
        accounts ??= [...byAccount.keys()].sort();
        return accounts;
      },
      order: () => {
        order ??= invoices.map((_, at) => at).sort((a, b) => ascending((invoices[a] as Invoice).account, (invoices[b] as Invoice).account));
        return order;
      },
      total: () => {
        total ??= sumOfTotals(invoices);
        return total;
      },
    };
    sides.set(invoices, side);
  }
  return side;
}

/** Every account of either side, in order: the baseline's own list when the scenario invoices no other account. */
function accountsOf(before: Side, after: Side): readonly string[] {
  const others: string[] = [];
  // Read from the list, not the map's keys: an iterator's step costs an object per account.
  for (const { account } of after.invoices) if (!before.byAccount.has(account)) others.push(account);
  return others.length === 0 ? before.accounts() : [...before.byAccount.keys(), ...others].sort();
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
  // Positions sorted rather than an object per delta: a what-if sorts thousands of accounts each time.
  const texts = deltas.map((delta) => delta.change ?? changeOf(delta).toFixed());
  const sizes = new Float64Array(texts.length);
  const order: number[] = [];
  for (let at = 0; at < texts.length; at++) {
    sizes[at] = Math.abs(Number(texts[at]));
    order.push(at);
  }
  const exact: (Decimal | undefined)[] = [];
  const exactOf = (at: number): Decimal => {
    exact[at] ??= new Decimal(texts[at] as string).abs();
    return exact[at];
  };
  // Equal doubles of texts of one size (many accounts change alike, up or down) tie without an exact comparison.
  // The comparison returns small integers, not the difference of two sizes: a double returned to
  // the sort is a number object made for each of its ~20,000 comparisons.
  order.sort(
    (a, b) =>
      ascending(sizes[b] as number, sizes[a] as number) || (sameSize(texts[a] as string, texts[b] as string) ? 0 : exactOf(b).comparedTo(exactOf(a))) || a - b,
  );
  return order.map((at) => deltas[at] as Delta);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`: for texts, the order `Array.prototype.sort` gives by default (UTF-16 code units). */
function ascending<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two decimal texts are the same but for a leading minus sign. */
function sameSize(a: string, b: string): boolean {
  const fromA = a.charCodeAt(0) === MINUS ? 1 : 0;
  const fromB = b.charCodeAt(0) === MINUS ? 1 : 0;
  if (a.length - fromA !== b.length - fromB) return false;
  for (let i = 0; i < a.length - fromA; i++) if (a.charCodeAt(fromA + i) !== b.charCodeAt(fromB + i)) return false;
  return true;
}

const MINUS = 45;

/** One account's total before and after, for a side-by-side view of every account (changed or not). */
export interface AccountTotals {
  readonly account: string;
  readonly clients: string;
  readonly before: string;
  readonly after: string;
  readonly change: string;
}

/**
 * How many of `after`'s invoices are not the very invoice `before` holds for their account: those
 * rated again (the rating memo hands back the same object for an account nothing changed for).
 */
export function invoicesMadeAgain(before: readonly Invoice[], after: readonly Invoice[]): number {
  const byAccount = sideOf(before).byAccount;
  let made = 0;
  for (const invoice of after) if (byAccount.get(invoice.account) !== invoice) made++;
  return made;
}

/** @example accountTotals(baseline, scenario)[0] // { account: 'BC1', clients: 'Acme', before: '150.00', after: '152.50', change: '2.5' } */
export function accountTotals(before: readonly Invoice[], after: readonly Invoice[]): AccountTotals[] {
  const beforeSide = sideOf(before);
  const afterSide = sideOf(after);
  return accountsOf(beforeSide, afterSide).map((account) => {
    const b = beforeSide.byAccount.get(account);
    const a = afterSide.byAccount.get(account);
    const [bt, at] = [b?.total ?? '0', a?.total ?? '0'];
    return { account, clients: clientNames((b ?? a) as Invoice), before: bt, after: at, change: textDifference(at, bt) };
  });
}

/** The names of an invoice's clients, as one text: made once per invoice (the baseline's are listed again and again). */
const namesOf = new WeakMap<Invoice, string>();
function clientNames(invoice: Invoice): string {
  let names = namesOf.get(invoice);
  if (names === undefined) {
    names = invoice.clients.map((c) => c.name).join(', ');
    namesOf.set(invoice, names);
  }
  return names;
}
