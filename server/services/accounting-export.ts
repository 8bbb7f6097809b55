/**
 * A run's invoice and credit note lines as CSV in the column layouts the accounting packages import:
 * QuickBooks Online (Sales > Invoices > Import: InvoiceNo, Customer, InvoiceDate, DueDate, Terms,
 * Item(Product/Service), ItemDescription, ItemQuantity, ItemRate, ItemAmount…) and Xero (Sales >
 * Invoices > Import, the template's *ContactName, *InvoiceNumber, *InvoiceDate, *DueDate,
 * Description, *Quantity, *UnitAmount, *AccountCode, *TaxType, Currency…). One row per line; a
 * credit note's lines have negative quantities, which Xero imports as a credit note.
 */
import Papa from 'papaparse';
import { csvCells } from '../../engine/csv-cell.ts';
import { exact } from '../../engine/rating/money.ts';
import type { CompanyProfile } from './company-profile.ts';
import type { InvoiceView } from './invoices.ts';
import { documentDates } from './document-dates.ts';

export type AccountingFormat = 'quickbooks' | 'xero';
export type DateStyle = 'mdy' | 'dmy' | 'iso';

/** What each package's own region default reads: QuickBooks Online (US) month first, Xero (NZ, AU, UK) day first. */
export const DEFAULT_DATES: Readonly<Record<AccountingFormat, DateStyle>> = { quickbooks: 'mdy', xero: 'dmy' };

const QUICKBOOKS = [
  'InvoiceNo',
  'Customer',
  'InvoiceDate',
  'DueDate',
  'Terms',
  'Memo',
  'Item(Product/Service)',
  'ItemDescription',
  'ItemQuantity',
  'ItemRate',
  'ItemAmount',
  'Service Date',
] as const;

const XERO = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'InventoryItemCode',
  'Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const;

/** One line as both layouts need it; every cell is neutralised when written (engine/csv-cell.ts: CSV injection). */
interface ExportLine {
  readonly number: string;
  readonly customer: string;
  readonly invoiceDate: string;
  readonly dueDate: string;
  readonly item: string;
  readonly description: string;
  readonly quantity: string;
  readonly rate: string;
  readonly amount: string;
  readonly reference: string;
  readonly currency: string;
  readonly serviceDate: string;
}

/**
 * The CSV (CRLF lines, header first). A draft's documents are numbered `DRAFT-<account>` and dated
 * as if finalised `today`.
 * @example accountingCsv(await allRunDocuments(deps, id), profile, { format: 'xero', today: '2026-11-05' })
 */
export function accountingCsv(
  documents: readonly InvoiceView[],
  profile: CompanyProfile,
  { format, dates = DEFAULT_DATES[format], today }: { format: AccountingFormat; dates?: DateStyle | undefined; today: string },
): string {
  const lines = documents.flatMap((document) => linesOf(document, profile, today));
  const date = (iso: string) => formatDate(iso, dates);
  const rows =
    format === 'quickbooks'
      ? lines.map((line) => [
          line.number,
          line.customer,
          date(line.invoiceDate),
          date(line.dueDate),
          `Net ${profile.paymentTermsDays}`,
          line.reference,
          line.item,
          line.description,
          line.quantity,
          line.rate,
          line.amount,
          date(line.serviceDate),
        ])
      : lines.map((line) => [
          line.customer,
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          line.number,
          line.reference,
          date(line.invoiceDate),
          date(line.dueDate),
          '',
          line.description,
          line.quantity,
          line.rate,
          '',
          profile.accountCode,
          profile.taxType,
          '',
          '',
          '',
          '',
          line.currency,
          '',
        ]);
  const fields = format === 'quickbooks' ? [...QUICKBOOKS] : [...XERO];
  return `${Papa.unparse({ fields, data: rows.map(csvCells) }, { newline: '\r\n' })}\r\n`;
}

function linesOf(document: InvoiceView, profile: CompanyProfile, today: string): ExportLine[] {
  const { invoiceDate, dueDate } = documentDates(document, profile.paymentTermsDays, today);
  const clients = document.clients.map((client) => client.clientNumber).join(' ');
  return document.lines.map((line) => {
    const magnitude = exact(line.amount).abs();
    // A credit note's lines are negative: the sign goes on the quantity, the rate stays a price.
    const sign = exact(line.amount).isNegative() ? -1 : 1;
    // The packages compute quantity x rate: when the line's quantity times its unit price is not
    // exactly its amount (a minimum, a multiplier, tiers), the line goes as 1 x its amount.
    const priced = line.unitPrice !== null && exact(line.quantity).mul(line.unitPrice).eq(magnitude);
    const quantity = priced ? exact(line.quantity) : exact(1);
    return {
      number: document.number ?? `DRAFT-${document.account}`,
      customer: document.account,
      invoiceDate,
      dueDate,
      item: line.label,
      description: `${line.label}${line.statistic ? ` (${line.statistic}: ${line.quantity})` : ''} ${document.period.start} to ${document.period.end}`,
      quantity: quantity.mul(sign).toFixed(),
      rate: priced ? (line.unitPrice as string) : line.amount.replace(/^-/, ''),
      amount: line.amount,
      reference: `${document.credits ? `credits ${document.credits.number ?? document.credits.run} ` : ''}clients ${clients}`.trim(),
      currency: document.currency,
      serviceDate: document.period.end,
    };
  });
}

function formatDate(iso: string, style: DateStyle): string {
  const [year, month, day] = iso.split('-');
  return style === 'iso' ? iso : style === 'mdy' ? `${month}/${day}/${year}` : `${day}/${month}/${year}`;
}
