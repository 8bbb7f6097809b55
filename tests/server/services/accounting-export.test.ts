import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { accountingCsv } from '../../../server/services/accounting-export.ts';
import { invoiceView, profile, usageLine } from './support-documents.ts';

const rowsOf = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
const TODAY = '2026-11-05';

describe('the accounting export', () => {
  it("writes QuickBooks Online's invoice import columns, one row per line, with US dates and the payment terms", () => {
    const finalised = invoiceView({ number: 'INV-000007', invoiceDate: '2026-11-01', dueDate: '2026-11-15', status: 'finalised' });
    const csv = accountingCsv([finalised], profile(), { format: 'quickbooks', today: TODAY });
    expect(csv.split('\r\n')[0]).toBe(
      'InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Service Date',
    );
    expect(rowsOf(csv)).toEqual([
      {
        InvoiceNo: 'INV-000007',
        Customer: 'BC-A',
        InvoiceDate: '11/01/2026',
        DueDate: '11/15/2026',
        Terms: 'Net 14',
        Memo: 'clients 1001',
        'Item(Product/Service)': 'Secretarial calls',
        ItemDescription: 'Secretarial calls (SecCalls: 40) 2026-10-01 to 2026-10-31',
        ItemQuantity: '40',
        ItemRate: '1.35',
        ItemAmount: '54.00',
        'Service Date': '10/31/2026',
      },
    ]);
  });

  it("writes Xero's sales invoice template columns with day-first dates, the profile's account code and tax type, and the currency", () => {
    const csv = accountingCsv(
      [invoiceView({ number: 'INV-000007', invoiceDate: '2026-11-01', dueDate: '2026-11-15' })],
      profile({ accountCode: '4000', taxType: 'No VAT' }),
      {
        format: 'xero',
        today: TODAY,
      },
    );
    expect(csv.split('\r\n')[0]).toBe(
      '*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme',
    );
    expect(rowsOf(csv)[0]).toMatchObject({
      '*ContactName': 'BC-A',
      '*InvoiceNumber': 'INV-000007',
      '*InvoiceDate': '01/11/2026',
      '*DueDate': '15/11/2026',
      '*Quantity': '40',
      '*UnitAmount': '1.35',
      '*AccountCode': '4000',
      '*TaxType': 'No VAT',
      Currency: 'USD',
    });
  });

  it('numbers a draft DRAFT-<account> and dates it as if finalised today, the due date after the payment terms', () => {
    const [row] = rowsOf(accountingCsv([invoiceView()], profile(), { format: 'quickbooks', dates: 'iso', today: TODAY }));
    expect([row?.InvoiceNo, row?.InvoiceDate, row?.DueDate]).toEqual(['DRAFT-BC-A', '2026-11-05', '2026-11-19']);
  });

  it('writes a line whose quantity times unit price is not its amount as 1 x the amount, so the package computes the same amount', () => {
    const minimum = usageLine({ quantity: '10', unitPrice: '1.35', amount: '50.00' });
    const tiered = usageLine({ lineId: 'live', quantity: '1200', unitPrice: null, amount: '1348.00' });
    const rows = rowsOf(accountingCsv([invoiceView({ lines: [minimum, tiered] })], profile(), { format: 'xero', today: TODAY }));
    expect(rows.map((row) => [row['*Quantity'], row['*UnitAmount']])).toEqual([
      ['1', '50.00'],
      ['1', '1348.00'],
    ]);
  });

  it("writes a credit note's lines with negative quantities and the invoice it credits in the reference", () => {
    const note = invoiceView({
      kind: 'creditNote',
      number: 'CN-000001',
      credits: { run: 'r1', number: 'INV-000003' },
      lines: [usageLine({ amount: '-54.00' })],
    });
    const [row] = rowsOf(accountingCsv([note], profile(), { format: 'xero', today: TODAY }));
    expect([row?.['*InvoiceNumber'], row?.['*Quantity'], row?.['*UnitAmount'], row?.Reference]).toEqual([
      'CN-000001',
      '-40',
      '1.35',
      'credits INV-000003 clients 1001',
    ]);
  });

  it('neutralises text that a spreadsheet would run as a formula, and leaves negative numbers as numbers', () => {
    const hostile = invoiceView({
      account: '=HYPERLINK("http://evil.example")',
      kind: 'creditNote',
      lines: [usageLine({ label: '+SUM(A1:A9)', amount: '-54.00' })],
    });
    const [row] = rowsOf(accountingCsv([hostile], profile(), { format: 'quickbooks', today: TODAY }));
    expect(row?.Customer).toBe('\'=HYPERLINK("http://evil.example")');
    expect(row?.['Item(Product/Service)']).toBe("'+SUM(A1:A9)");
    expect([row?.ItemQuantity, row?.ItemAmount]).toEqual(['-40', '-54.00']);
  });
});
