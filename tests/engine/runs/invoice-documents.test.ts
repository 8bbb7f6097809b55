import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceLine } from '../../../engine/rating/model.ts';
import { correctionDocuments, invoiceDocuments, negate } from '../../../engine/runs/invoice-documents.ts';

const line = (lineId: string, amount: string): InvoiceLine => ({
  lineId,
  label: lineId,
  kind: 'usage',
  statistic: 'SecCalls',
  quantity: '10',
  amount,
  steps: [],
});

const invoice = (account: string, lines: InvoiceLine[], total: string): Invoice => ({
  account,
  billingCode: account,
  clients: [{ clientNumber: '1001', name: 'Alpha Plumbing' }],
  plan: 'standard',
  currency: 'USD',
  lines,
  total,
});

const cents = { scale: 2, mode: 'half-up' } as const;

describe('invoice documents', () => {
  it('makes one invoice per account of an ordinary run, in account order, with the rated lines and total', () => {
    const documents = invoiceDocuments([invoice('B', [line('calls', '12.50')], '12.50'), invoice('A', [line('calls', '3.00'), line('fee', '20.00')], '23.00')]);
    expect(documents.map((d) => [d.kind, d.account, d.subtotal, d.total, d.accountTotal])).toEqual([
      ['invoice', 'A', '23.00', '23.00', '23.00'],
      ['invoice', 'B', '12.50', '12.50', '12.50'],
    ]);
  });

  it('credits exactly the issued lines that changed, negated, and re-invoices them as corrected', () => {
    const issued = [invoice('A', [line('calls', '13.50'), line('fee', '20.00')], '33.50'), invoice('B', [line('calls', '5.00')], '5.00')];
    const corrected = [invoice('A', [line('calls', '16.20'), line('fee', '20.00')], '36.20'), invoice('B', [line('calls', '5.00')], '5.00')];
    const documents = correctionDocuments(issued, corrected, cents);
    expect(documents.map((d) => [d.kind, d.account, d.lines.map((l) => [l.lineId, l.amount]), d.total, d.accountTotal])).toEqual([
      ['creditNote', 'A', [['calls', '-13.50']], '-13.50', '36.20'],
      ['invoice', 'A', [['calls', '16.20']], '16.20', '36.20'],
    ]);
  });

  it('credits a line that is gone and invoices a line that is new, and an account new to the run gets an invoice only', () => {
    const issued = [invoice('A', [line('calls', '10.00'), line('minimum', '40.00')], '50.00')];
    const corrected = [invoice('A', [line('calls', '55.00'), line('patches', '1.00')], '56.00'), invoice('C', [line('calls', '2.00')], '2.00')];
    const documents = correctionDocuments(issued, corrected, cents);
    expect(documents.map((d) => [d.kind, d.account, d.lines.map((l) => `${l.lineId} ${l.amount}`)])).toEqual([
      ['creditNote', 'A', ['calls -10.00', 'minimum -40.00']],
      ['invoice', 'A', ['calls 55.00', 'patches 1.00']],
      ['invoice', 'C', ['calls 2.00']],
    ]);
  });

  it('treats equal amounts written differently as unchanged, and issues nothing when nothing changed', () => {
    expect(correctionDocuments([invoice('A', [line('calls', '10.0')], '10.00')], [invoice('A', [line('calls', '10.00')], '10.00')], cents)).toEqual([]);
  });

  it("rounds a correction's total once, with the setup's money rounding, when its lines are exact", () => {
    const issued = [invoice('A', [line('calls', '1.005'), line('fee', '2.001')], '3.01')];
    const corrected = [invoice('A', [line('calls', '1.115'), line('fee', '2.111')], '3.23')];
    const [credit, reissue] = correctionDocuments(issued, corrected, cents);
    expect([credit?.subtotal, credit?.total, reissue?.subtotal, reissue?.total]).toEqual(['-3.006', '-3.01', '3.226', '3.23']);
  });

  it('negates an amount as written, keeping its scale, and never writes minus zero', () => {
    expect([negate('12.50'), negate('-3'), negate('0.00'), negate('-0.00')]).toEqual(['-12.50', '3', '0.00', '0.00']);
  });
});
