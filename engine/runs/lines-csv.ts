/**
 * Invoice lines as CSV: one row per line with the client(s), billing code, service period, line,
 * quantity, rate, amount, and the ids of the formula and plan versions behind it.
 */
import Papa from 'papaparse';
import { csvCells } from '../csv-cell.ts';
import type { Invoice } from '../rating/model.ts';
import type { BillingPeriod } from '../rating/period.ts';

export interface LineProvenance {
  /** statistic -> "formulaId@contentHash". */
  readonly formulas: ReadonlyMap<string, string>;
  /** plan id -> "planId@hash". */
  readonly plans: ReadonlyMap<string, string>;
}

export const LINE_COLUMNS = [
  'account',
  'billing_code',
  'clients',
  'period_start',
  'period_end',
  'line',
  'label',
  'quantity',
  'rate',
  'amount',
  'currency',
  'formula',
  'plan',
] as const;

export function invoiceLinesCsv(invoices: readonly Invoice[], period: BillingPeriod, provenance: LineProvenance): string {
  const rows = invoices.flatMap((invoice) =>
    invoice.lines.map((line) => [
      invoice.account,
      invoice.billingCode,
      invoice.clients.map((client) => client.clientNumber).join(' '),
      line.service?.from ?? period.start,
      line.service?.until ?? period.end,
      line.lineId,
      line.label,
      line.quantity,
      line.unitPrice ?? '',
      line.amount,
      invoice.currency,
      line.statistic ? (provenance.formulas.get(line.statistic) ?? line.statistic) : '',
      provenance.plans.get(line.service?.plan ?? invoice.plan) ?? line.service?.plan ?? invoice.plan,
    ]),
  );
  return `${Papa.unparse({ fields: [...LINE_COLUMNS], data: rows.map(csvCells) }, { newline: '\r\n' })}\r\n`;
}
