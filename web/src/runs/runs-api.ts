/**
 * Billing runs and their invoices over the API contract: start a run or a correction (jobs), list
 * runs, a run's invoices and credit notes, one document with its lines, finalise or discard a draft,
 * the addresses of the files to download, and the company profile the documents carry.
 */
import { call, endpoints, urlOf } from '../api/client.ts';
import type { CompanyProfileFields, JobView } from '../api/types.ts';

/** Newest first. */
export const listRuns = async () => [...(await call(endpoints.listRuns)).runs].reverse();

export const showRun = (id: string) => call(endpoints.showRun, { params: { id } });

/** Starts a billing run; `carriedFrom` names an earlier period's run whose carried state (rolled-over units, prepaid blocks) it starts from. */
export const startRun = (snapshot: string, setup: string, variant: 'legacy' | 'consensus', carriedFrom?: string) =>
  call(endpoints.startRun, { body: carriedFrom ? { snapshot, setup, variant, carriedFrom } : { snapshot, setup, variant } });

/** Whether a run left carried state (its state.json) that a later period's run may start from. */
export const carriesState = (run: { readonly outputs: Readonly<Record<string, string>> }) => 'state.json' in run.outputs;

export const listInvoices = (id: string) => call(endpoints.listInvoices, { params: { id } });

export type DocumentKind = 'invoice' | 'creditNote';

export const showDocument = (id: string, kind: DocumentKind, account: string) =>
  kind === 'invoice' ? call(endpoints.showInvoice, { params: { id, account } }) : call(endpoints.showCreditNote, { params: { id, account } });

export const finaliseRun = (id: string, body?: { overlapReason: string }) => call(endpoints.finaliseRun, { params: { id }, body });

export const discardRun = (id: string) => call(endpoints.discardRun, { params: { id } });

export const startCorrection = (id: string, setup: string, version?: number) =>
  call(endpoints.startCorrection, { params: { id }, body: version === undefined ? { setup } : { setup, version } });

export const runFileUrl = (id: string, name: string) => urlOf(endpoints.runFile, { params: { id, name } });

export const documentPdfUrl = (id: string, kind: DocumentKind, account: string) =>
  kind === 'invoice' ? urlOf(endpoints.invoicePdf, { params: { id, account } }) : urlOf(endpoints.creditNotePdf, { params: { id, account } });

export const documentsZipUrl = (id: string) => urlOf(endpoints.runDocuments, { params: { id } });

export const accountingExportUrl = (id: string, format: 'quickbooks' | 'xero') => urlOf(endpoints.accountingExport, { params: { id }, query: { format } });

export const showCompanyProfile = () => call(endpoints.showCompanyProfile);

export const saveCompanyProfile = (fields: CompanyProfileFields) => call(endpoints.saveCompanyProfile, { body: fields });

/** The stored setups with a version a run may bill with (an approved one). */
export const approvedSetups = async () => (await call(endpoints.listSetups)).setups.filter((setup) => setup.approvedVersion !== null);

/** The approved versions of a setup, newest first. */
export const approvedVersions = async (name: string) =>
  (await call(endpoints.listSetupVersions, { params: { name } })).versions
    .filter((version) => version.state === 'approved')
    .map((version) => version.version)
    .reverse();

/** The run a billing run or correction job made, once it succeeded (its result names it). */
export function runMadeBy(job: JobView | null | undefined): string | undefined {
  const run = job?.status === 'succeeded' ? job.result?.run : undefined;
  return typeof run === 'string' ? run : undefined;
}
