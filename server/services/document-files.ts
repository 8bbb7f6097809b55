/**
 * A run's documents as files to download: one invoice or credit note as a PDF, all of them as one
 * ZIP (invoices/ACCOUNT.pdf, credit-notes/ACCOUNT.pdf), and the accounting export as CSV. A finalised
 * run's documents carry the company profile version it was finalised with.
 */
import { zipSync } from 'fflate';
import type { DocumentKind } from '../../engine/runs/invoice-documents.ts';
import { runLifecycles } from '../runs/run-events.ts';
import { type AccountingFormat, accountingCsv, type DateStyle } from './accounting-export.ts';
import { type CompanyProfile, companyProfile } from './company-profile.ts';
import { documentPdf } from './invoice-pdf.ts';
import { allRunDocuments, type InvoiceDeps, showRunDocument } from './invoices.ts';

export interface DownloadFile {
  readonly name: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

const FOLDER: Readonly<Record<DocumentKind, string>> = { invoice: 'invoices', creditNote: 'credit-notes' };

/** @example await documentFile(deps, id, 'invoice', 'BC1') // { name: 'INV-000001-BC1.pdf', contentType: 'application/pdf', body } */
export async function documentFile(deps: InvoiceDeps, id: string, kind: DocumentKind, account: string): Promise<DownloadFile> {
  const view = await showRunDocument(deps, id, kind, account);
  const pdf = await documentPdf(view, await profileOf(deps, view.run), { today: today(deps) });
  return { name: `${view.number ?? `DRAFT-${view.run}`}-${safeName(account)}.pdf`, contentType: 'application/pdf', body: pdf };
}

/** Every document of the run as PDFs in one ZIP. */
export async function documentsZip(deps: InvoiceDeps, id: string): Promise<DownloadFile> {
  const views = await allRunDocuments(deps, id);
  const run = views[0]?.run ?? id;
  const profile = await profileOf(deps, run);
  const entries: Record<string, Uint8Array> = {};
  for (const view of views) entries[`${FOLDER[view.kind]}/${safeName(view.account)}.pdf`] = await documentPdf(view, profile, { today: today(deps) });
  // PDFs are compressed already; the fixed time keeps the archive the same from one download to the next.
  const body = zipSync(entries, { level: 0, mtime: new Date('2000-01-01T00:00:00Z') });
  return { name: `${run}-documents.zip`, contentType: 'application/zip', body };
}

/** The run's document lines in an accounting package's import layout. */
export async function accountingFile(deps: InvoiceDeps, id: string, format: AccountingFormat, dates?: DateStyle): Promise<DownloadFile> {
  const views = await allRunDocuments(deps, id);
  const run = views[0]?.run ?? id;
  const csv = accountingCsv(views, await profileOf(deps, run), { format, dates, today: today(deps) });
  return { name: `${run}-${format}.csv`, contentType: 'text/csv; charset=utf-8', body: new TextEncoder().encode(csv) };
}

async function profileOf(deps: InvoiceDeps, run: string): Promise<CompanyProfile> {
  const version = (await runLifecycles(deps.db))(run).profileVersion;
  return companyProfile(deps.db, version ?? undefined);
}

const today = (deps: InvoiceDeps): string => deps.now().toISOString().slice(0, 10);

/** An account as a file name: anything but letters, digits, . _ - becomes _. */
const safeName = (account: string): string => account.replace(/[^A-Za-z0-9._-]/g, '_');
