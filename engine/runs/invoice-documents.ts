/**
 * The documents a run issues. An ordinary run: one invoice per account, its lines as rated. A
 * correction run: for each account whose lines changed against the issued run, a credit note of
 * the issued lines that changed (negated) and a new invoice of those lines as corrected, so the
 * credit note plus the new invoice is exactly the change; an issued document is never rewritten.
 */
import type { Invoice, InvoiceLine } from '../rating/model.ts';
import { exact, formatAmount, round, type Rounding, sum } from '../rating/money.ts';

export type DocumentKind = 'invoice' | 'creditNote';

export interface InvoiceDocument {
  readonly kind: DocumentKind;
  readonly account: string;
  readonly billingCode: string;
  readonly clients: Invoice['clients'];
  readonly plan: string;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  /** The sum of the lines, exact, written to the money scale at least. */
  readonly subtotal: string;
  /** The subtotal rounded with the setup's money rounding (a rated invoice: its own total). */
  readonly total: string;
  /** The account's whole rated total in the run the document belongs to. */
  readonly accountTotal: string;
}

/** An ordinary run's invoices, one per account, in account order. */
export function invoiceDocuments(invoices: readonly Invoice[]): InvoiceDocument[] {
  return [...invoices]
    .sort((a, b) => a.account.localeCompare(b.account))
    .map((invoice) => ({
      ...header(invoice),
      kind: 'invoice',
      lines: invoice.lines,
      subtotal: formatAmount(sum(invoice.lines.map((line) => exact(line.amount))), scaleOf(invoice.total)),
      total: invoice.total,
      accountTotal: invoice.total,
    }));
}

/**
 * A correction run's documents against the issued run's invoices: per account whose lines changed
 * (by amount, or present on one side only), a credit note of the issued lines that changed, each
 * amount negated, and a new invoice of the corrected lines that changed. Totals are rounded with `money`.
 *
 * @example correctionDocuments(issued, corrected, { scale: 2, mode: 'half-up' }) // [{ kind: 'creditNote', account: 'BC1', total: '-12.50', ... }, { kind: 'invoice', account: 'BC1', total: '15.00', ... }]
 */
export function correctionDocuments(issued: readonly Invoice[], corrected: readonly Invoice[], money: Rounding): InvoiceDocument[] {
  const before = new Map(issued.map((invoice) => [invoice.account, invoice]));
  const after = new Map(corrected.map((invoice) => [invoice.account, invoice]));
  const accounts = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a.localeCompare(b));
  return accounts.flatMap((account) => {
    const old = before.get(account);
    const now = after.get(account);
    const changed = changedLineIds(old?.lines ?? [], now?.lines ?? []);
    if (changed.size === 0) return [];
    const documents: InvoiceDocument[] = [];
    const credited = (old?.lines ?? []).filter((line) => changed.has(line.lineId)).map(negated);
    if (old && credited.length > 0) documents.push(documentOf(old, 'creditNote', credited, money, now?.total ?? '0'));
    const reissued = (now?.lines ?? []).filter((line) => changed.has(line.lineId));
    if (now && reissued.length > 0) documents.push(documentOf(now, 'invoice', reissued, money, now.total));
    return documents;
  });
}

/** The decimal places a rated total is written with: the setup's money scale. */
const scaleOf = (amount: string): number => amount.split('.')[1]?.length ?? 0;

function changedLineIds(before: readonly InvoiceLine[], after: readonly InvoiceLine[]): Set<string> {
  const amounts = new Map(after.map((line) => [line.lineId, line.amount]));
  const changed = new Set<string>();
  for (const line of before) {
    const now = amounts.get(line.lineId);
    if (now === undefined || !exact(now).eq(line.amount)) changed.add(line.lineId);
  }
  const had = new Set(before.map((line) => line.lineId));
  for (const line of after) if (!had.has(line.lineId)) changed.add(line.lineId);
  return changed;
}

function documentOf(invoice: Invoice, kind: DocumentKind, lines: readonly InvoiceLine[], money: Rounding, accountTotal: string): InvoiceDocument {
  const subtotal = sum(lines.map((line) => exact(line.amount)));
  return {
    ...header(invoice),
    kind,
    lines,
    subtotal: formatAmount(subtotal, money.scale),
    // The lines of a correction are a part of an invoice: their sum is rounded once, as a total is.
    total: formatAmount(round(subtotal, money), money.scale),
    accountTotal,
  };
}

function header(invoice: Invoice): Pick<InvoiceDocument, 'account' | 'billingCode' | 'clients' | 'plan' | 'currency'> {
  return { account: invoice.account, billingCode: invoice.billingCode, clients: invoice.clients, plan: invoice.plan, currency: invoice.currency };
}

/** A line credited: the same line, its amount negated (written as the original, with a sign). */
function negated(line: InvoiceLine): InvoiceLine {
  return { ...line, amount: negate(line.amount) };
}

/** @example negate('12.50') // '-12.50'; negate('-3') // '3'; negate('0.00') // '0.00' */
export function negate(amount: string): string {
  if (exact(amount).isZero()) return amount.replace(/^-/, '');
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
