/**
 * An invoice or credit note as a printable PDF (pdfkit): the company
 * profile's name, address and logo; the number, or DRAFT before the run is finalised; invoice date,
 * due date, period, account and clients; the lines; subtotal and total in the currency; payment
 * terms and the footer note, in an embedded font. A draft shows the dates it would carry if finalised today.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { documentDates } from './document-dates.ts';
import type { CompanyProfile } from './company-profile.ts';
import type { InvoiceView } from './invoices.ts';

const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const COLUMNS = [
  { title: 'Description', x: 50, width: 235, align: 'left' },
  { title: 'Quantity', x: 290, width: 80, align: 'right' },
  { title: 'Unit price', x: 375, width: 80, align: 'right' },
  { title: 'Amount', x: 460, width: 85, align: 'right' },
] as const;
const GREY = '#555555';

/**
 * DejaVu Sans, embedded (only the glyphs used): names and addresses in Polish, Czech, Greek or
 * Cyrillic print as written, where the PDF standard fonts know only Western European letters.
 */
const fontFile = (name: string): string => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const FONTS = { body: fontFile('DejaVuSans.ttf'), bold: fontFile('DejaVuSans-Bold.ttf') } as const;
const BODY = 'body';
const BOLD = 'bold';

/**
 * @example const pdf = await documentPdf(await showRunDocument(deps, id, 'invoice', 'BC1'), profile, { today: '2026-11-05' })
 */
export function documentPdf(view: InvoiceView, profile: CompanyProfile, { today }: { today: string }): Promise<Buffer> {
  const { invoiceDate, dueDate } = documentDates(view, profile.paymentTermsDays, today);
  const title = view.kind === 'invoice' ? 'INVOICE' : 'CREDIT NOTE';
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    // Fixed dates: the same document downloaded twice is the same file.
    info: { Title: `${title} ${view.number ?? 'DRAFT'} ${view.account}`, Author: profile.name, CreationDate: new Date(`${invoiceDate}T00:00:00Z`) },
  });
  doc.registerFont(BODY, FONTS.body);
  doc.registerFont(BOLD, FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, profile);
  doc.font(BOLD).fontSize(20).fillColor('black').text(title, PAGE.margin, 140);
  doc.fontSize(12).text(view.number ?? 'DRAFT', PAGE.margin, 166);
  if (view.number === null) doc.font(BODY).fontSize(9).fillColor(GREY).text('Not issued: the billing run is not finalised yet.', PAGE.margin, 182);

  const meta: [string, string][] = [
    [view.kind === 'invoice' ? 'Invoice date' : 'Credit note date', invoiceDate],
    ...(view.kind === 'invoice' ? ([['Due date', dueDate]] as [string, string][]) : []),
    ['Period', `${view.period.start} to ${view.period.end}`],
    ...(view.credits ? ([['Credits invoice', view.credits.number ?? `of run ${view.credits.run}`]] as [string, string][]) : []),
  ];
  labelled(doc, meta, PAGE.margin, 205, 230);
  const clients = view.clients.map((client) => `${client.clientNumber} ${client.name}`).join(', ');
  labelled(
    doc,
    [
      ['Account', view.account],
      ['Billing code', view.billingCode],
      ['Plan', view.plan],
      ['Clients', clients],
    ],
    310,
    205,
    235,
  );

  let y = Math.max(doc.y, 270) + 20;
  y = tableHeader(doc, y);
  for (const line of view.lines) {
    const [description] = COLUMNS;
    doc.font(BODY).fontSize(9);
    const labelHeight = doc.heightOfString(line.label, { width: description.width });
    const height = Math.max(labelHeight + (line.statistic ? 11 : 0), 12) + 6;
    if (y + height > PAGE.height - PAGE.margin - 60) {
      doc.addPage();
      y = tableHeader(doc, PAGE.margin);
      doc.font(BODY).fontSize(9);
    }
    const cells = [line.label, line.quantity, line.unitPrice ?? '', line.amount];
    COLUMNS.forEach((column, i) => {
      doc.fillColor('black').text(cells[i] as string, column.x, y, { width: column.width, align: column.align });
    });
    // The statistic the line bills, under its label, as the workbench names it.
    if (line.statistic)
      doc
        .fontSize(8)
        .fillColor(GREY)
        .text(line.statistic, description.x, y + labelHeight + 1, { width: description.width });
    y += height;
  }
  // The totals and the terms stay together, above the footer.
  if (y + 100 > PAGE.height - PAGE.margin - 30) {
    doc.addPage();
    y = PAGE.margin;
  }
  doc
    .moveTo(PAGE.margin, y)
    .lineTo(PAGE.width - PAGE.margin, y)
    .strokeColor('#999999')
    .stroke();
  y += 8;
  const amountColumn = COLUMNS[3];
  const totals: [string, string, string][] = [
    ['Subtotal', view.subtotal, BODY],
    [`Total ${view.currency}`, view.total, BOLD],
  ];
  for (const [label, amount, font] of totals) {
    doc.font(font).fontSize(10).fillColor('black');
    doc.text(label, 300, y, { width: 150, align: 'right' });
    doc.text(amount, amountColumn.x, y, { width: amountColumn.width, align: 'right' });
    y += 16;
  }
  y += 12;
  doc.font(BODY).fontSize(9).fillColor('black');
  const terms =
    view.kind === 'invoice'
      ? `Payment terms: ${profile.paymentTermsDays} days. Please pay ${view.total} ${view.currency} by ${dueDate}${view.number ? `, quoting ${view.number}` : ''}.`
      : `This credit note reduces the amount due by ${view.total.replace(/^-/, '')} ${view.currency}.`;
  doc.text(terms, PAGE.margin, y, { width: PAGE.width - 2 * PAGE.margin });
  footer(doc, profile);
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, profile: CompanyProfile): void {
  if (profile.logo) doc.image(Buffer.from(profile.logo.base64, 'base64'), PAGE.margin, PAGE.margin, { fit: [160, 70] });
  const x = 300;
  const width = PAGE.width - PAGE.margin - x;
  doc.font(BOLD).fontSize(14).fillColor('black').text(profile.name, x, PAGE.margin, { width, align: 'right' });
  if (profile.address) doc.font(BODY).fontSize(9).fillColor(GREY).text(profile.address, { width, align: 'right' });
}

function labelled(doc: PDFKit.PDFDocument, rows: readonly [string, string][], x: number, y: number, width: number): void {
  doc.y = y;
  for (const [label, value] of rows) {
    doc.font(BOLD).fontSize(9).fillColor('black').text(`${label}: `, x, doc.y, { continued: true, width });
    doc.font(BODY).text(value, { width });
  }
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.font(BOLD).fontSize(9).fillColor('black');
  for (const column of COLUMNS) doc.text(column.title, column.x, y, { width: column.width, align: column.align });
  const below = y + 14;
  doc
    .moveTo(PAGE.margin, below)
    .lineTo(PAGE.width - PAGE.margin, below)
    .strokeColor('#999999')
    .stroke();
  return below + 6;
}

/** The footer note and "page n of m" on every page (written once all pages exist). */
function footer(doc: PDFKit.PDFDocument, profile: CompanyProfile): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin while writing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const text = [profile.footer, `Page ${i - range.start + 1} of ${range.count}`].filter(Boolean).join('   |   ');
    doc
      .font(BODY)
      .fontSize(8)
      .fillColor(GREY)
      .text(text, PAGE.margin, PAGE.height - 40, { width: PAGE.width - 2 * PAGE.margin, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
}
