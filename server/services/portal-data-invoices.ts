/**
 * A client user's finalised invoices and their PDFs: the invoices issued (numbered) by finalised
 * runs, for accounts wholly in the user's grant (engine/portal/invoice-access.ts). Any other number
 * answers 404, as a number that does not exist.
 */
import { grantCovers } from '../../engine/portal/invoice-access.ts';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { ApiError } from '../errors.ts';
import { runLifecycles } from '../runs/run-events.ts';
import { listRuns } from '../runs/run-store.ts';
import { type DownloadFile, documentFile } from './document-files.ts';
import { documentKey, runDocumentSet } from './invoices.ts';
import type { PortalDataDeps } from './portal-data-periods.ts';
import { versionedPerWorkspace } from './portal-data-state.ts';

export interface PortalInvoice {
  readonly number: string;
  readonly runId: string;
  readonly period: string;
  readonly account: string;
  readonly total: string;
  readonly currency: string;
  readonly issuedAt: string;
}

interface IssuedInvoice extends PortalInvoice {
  readonly billingCode: string;
  readonly clients: readonly { readonly clientNumber: string }[];
}

/** A finalised run's numbered invoices never change: read once per run. */
const issuedOf = new Map<string, readonly IssuedInvoice[]>();

/** Every invoice issued, read again only when runs or their events change (portal-data-state.ts). */
const issuedInvoices = versionedPerWorkspace(readIssued);

async function readIssued(deps: PortalDataDeps): Promise<IssuedInvoice[]> {
  const lifecycleOf = await runLifecycles(deps.db);
  const all: IssuedInvoice[] = [];
  for (const record of listRuns(deps.workspace)) {
    const lifecycle = lifecycleOf(record.id);
    if (lifecycle.status === 'draft') continue;
    const key = `${deps.workspace.runsDir}\n${record.id}`;
    let issued = issuedOf.get(key);
    if (!issued) {
      const set = await runDocumentSet(deps, record.id);
      issued = set.documents.flatMap((document) => {
        const number = set.numbers.get(documentKey(document.kind, document.account));
        if (document.kind !== 'invoice' || number === undefined) return [];
        return [
          {
            number,
            runId: record.id,
            period: record.inputs.stamps.start.slice(0, 7),
            account: document.account,
            total: document.total,
            currency: document.currency,
            issuedAt: lifecycle.invoiceDate ?? (lifecycle.finalisedAt ?? '').slice(0, 10),
            billingCode: document.billingCode,
            clients: document.clients.map((client) => ({ clientNumber: client.clientNumber })),
          },
        ];
      });
      issuedOf.set(key, issued);
    }
    all.push(...issued);
  }
  return all;
}

/** The user's invoices, newest first. */
export async function portalInvoices(deps: PortalDataDeps, grant: ClientGrant): Promise<{ invoices: PortalInvoice[] }> {
  const mine = (await issuedInvoices(deps)).filter((invoice) => grantCovers(grant, invoice));
  return {
    invoices: mine.sort((a, b) => b.number.localeCompare(a.number)).map(({ billingCode: _code, clients: _clients, ...invoice }) => invoice),
  };
}

/** The PDF of one of the user's invoices; 404 for any other number. */
export async function portalInvoicePdf(deps: PortalDataDeps, grant: ClientGrant, number: string): Promise<DownloadFile> {
  const invoice = /^[A-Z]{1,8}-\d{1,12}$/.test(number) ? (await issuedInvoices(deps)).find((candidate) => candidate.number === number) : undefined;
  if (!invoice || !grantCovers(grant, invoice)) throw new ApiError(404, 'invoice_unknown', `no invoice ${number.slice(0, 30)}`, 'number');
  return documentFile(deps, invoice.runId, 'invoice', invoice.account);
}
