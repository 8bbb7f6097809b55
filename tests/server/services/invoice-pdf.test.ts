import { describe, expect, it } from 'vitest';
import { documentPdf } from '../../../server/services/invoice-pdf.ts';
import { pdfPages, pdfText } from '../support/documents.ts';
import { invoiceView, PNG_1X1, profile, usageLine } from './support-documents.ts';

const TODAY = '2026-11-05';

describe('invoice documents as PDF', () => {
  it('shows the company, the number, dates, period, account and clients, the lines, totals and payment terms of a finalised invoice', async () => {
    const view = invoiceView({ number: 'INV-000042', status: 'finalised', invoiceDate: '2026-11-01', dueDate: '2026-11-15' });
    const company = profile({ address: '1 Main Street\nSpringfield', footer: 'Thank you for your business', logo: { type: 'image/png', base64: PNG_1X1 } });
    const pdf = await documentPdf(view, company, { today: TODAY });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const expected of [
      'Answer Co',
      '1 Main Street',
      'Springfield',
      'INVOICE',
      'INV-000042',
      'Invoice date: 2026-11-01',
      'Due date: 2026-11-15',
      'Period: 2026-10-01 to 2026-10-31',
      'Account: BC-A',
      'Clients: 1001 Alpha Plumbing',
      'Secretarial calls',
      '1.35',
      '54.00',
      'Total USD',
      'Payment terms: 14 days',
      'Thank you for your business',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('DRAFT');
  });

  it('says DRAFT before the run is finalised, dated as if finalised today', async () => {
    const text = await pdfText(await documentPdf(invoiceView(), profile(), { today: TODAY }));
    expect(text).toContain('DRAFT');
    expect(text).toContain('Invoice date: 2026-11-05');
    expect(text).toContain('Due date: 2026-11-19');
  });

  it('titles a credit note as such, with the invoice it credits and its negative amounts', async () => {
    const note = invoiceView({
      kind: 'creditNote',
      number: 'CN-000001',
      credits: { run: 'r1', number: 'INV-000003' },
      total: '-54.00',
      lines: [usageLine({ amount: '-54.00' })],
    });
    const text = await pdfText(await documentPdf(note, profile(), { today: TODAY }));
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('Credits invoice: INV-000003');
    expect(text).toContain('-54.00');
  });

  it('continues a long invoice on further pages, each numbered', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => usageLine({ lineId: `l${i}`, label: `Line ${i + 1}` }));
    const pages = await pdfPages(await documentPdf(invoiceView({ lines }), profile(), { today: TODAY }));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages.join('\n')).toContain('Line 80');
  });

  it('prints names with letters beyond Western European ones as written', async () => {
    const view = invoiceView({ clients: [{ clientNumber: '1001', name: 'Łódź Dental, Škoda Servis, Ελληνικά, Москва' }] });
    const text = (await pdfText(await documentPdf(view, profile(), { today: TODAY }))).replace(/\s+/g, ' ');
    expect(text).toContain('Clients: 1001 Łódź Dental, Škoda Servis, Ελληνικά, Москва');
  });

  it('is the same file when made twice', async () => {
    const view = invoiceView({ number: 'INV-000001', invoiceDate: '2026-11-01', dueDate: '2026-11-15' });
    expect(Buffer.compare(await documentPdf(view, profile(), { today: TODAY }), await documentPdf(view, profile(), { today: '2027-01-01' }))).toBe(0);
  });
});
