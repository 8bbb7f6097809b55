/**
 * A run's invoices as the workbench, the documents and the accounting export show them: each
 * document (an invoice, or a correction run's credit note) with its number once the run is
 * finalised, its dates, the lines with the chain that made them, and the change against the
 * latest earlier run of the same period. `GET /api/runs/{id}/invoices…` and `billing run invoices` call these.
 */
import type { z } from 'zod';
import type { Invoice } from '../../engine/rating/model.ts';
import { exact } from '../../engine/rating/money.ts';
import { parseSetupFile } from '../../engine/rating/setup-file.ts';
import { correctionDocuments, type DocumentKind, type InvoiceDocument, invoiceDocuments } from '../../engine/runs/invoice-documents.ts';
import type { RunLifecycle } from '../../engine/runs/lifecycle.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { invoiceDocument, invoiceList, invoiceSummary } from '../api/invoices-api.ts';
import { ApiError } from '../errors.ts';
import { issuedDocuments, runLifecycles } from '../runs/run-events.ts';
import { listRuns, readRun, type StoredRun } from '../runs/run-store.ts';
import type { Reader } from '../store/database.ts';
import { companyProfile } from './company-profile.ts';
import { type DocumentDates, documentDates } from './document-dates.ts';
import type { NotBilled } from '../../engine/rating/billing-status.ts';

export interface InvoiceDeps {
  readonly workspace: Workspace;
  readonly db: Reader;
  readonly now: () => Date;
}

export type InvoiceSummary = z.input<typeof invoiceSummary>;
export type InvoiceView = z.input<typeof invoiceDocument>;
export type InvoiceList = z.input<typeof invoiceList>;

/** A run with everything its documents need. */
export interface RunDocumentSet {
  readonly run: StoredRun;
  readonly lifecycle: RunLifecycle;
  readonly documents: readonly InvoiceDocument[];
  /** A usage line's formula by its statistic: a setup statistic is a library formula with parameters of its own. */
  readonly formulaOf: (statistic: string) => string;
  /** Numbers issued, by `${kind}:${account}`. */
  readonly numbers: ReadonlyMap<string, string>;
  /** A correction run: by account, the number of the invoice its credit note credits (when one was issued). */
  readonly credited: ReadonlyMap<string, string>;
}

export const documentKey = (kind: DocumentKind, account: string): string => `${kind}:${account}`;

/** The documents of a run: an ordinary run's invoices, or a correction run's credit notes and new invoices. */
export async function runDocumentSet(deps: Pick<InvoiceDeps, 'workspace' | 'db'>, id: string): Promise<RunDocumentSet> {
  const run = readRun(deps.workspace, id);
  const lifecyclesOf = await runLifecycles(deps.db);
  const lifecycle = lifecyclesOf(run.record.id);
  const { documents, numbers } = await documentsOf(deps, run, lifecycle);
  const credited = new Map<string, string>();
  if (lifecycle.corrects !== null) {
    const standing = await standingInvoices(deps, lifecycle.corrects, lifecyclesOf);
    for (const note of documents.filter((document) => document.kind === 'creditNote')) {
      // The invoice the credited lines were last billed on (the latest, should they span several).
      const candidates = note.lines.map((line) => standing.get(lineKey(note.account, line.lineId))).filter((number) => number !== undefined);
      const latest = candidates.sort().at(-1);
      if (latest !== undefined) credited.set(note.account, latest);
    }
  }
  const setup = parseSetupFile(run.setupText, run.record.inputs.setup.file);
  const formulas = new Map(setup.statistics.map((statistic) => [statistic.id, statistic.formula]));
  return { run, lifecycle, documents, numbers, credited, formulaOf: (statistic) => formulas.get(statistic) ?? statistic };
}

async function documentsOf(
  deps: Pick<InvoiceDeps, 'workspace' | 'db'>,
  run: StoredRun,
  lifecycle: RunLifecycle,
): Promise<{ documents: InvoiceDocument[]; numbers: Map<string, string> }> {
  const numbers = new Map((await issuedDocuments(deps.db, run.record.id)).map((issued) => [documentKey(issued.kind, issued.account), issued.number]));
  if (lifecycle.corrects === null) return { documents: invoiceDocuments(invoicesOf(run)), numbers };
  const issuedRun = readRun(deps.workspace, lifecycle.corrects);
  const money = parseSetupFile(run.setupText, run.record.inputs.setup.file).rounding.money;
  return { documents: correctionDocuments(invoicesOf(issuedRun), invoicesOf(run), money), numbers };
}

const lineKey = (account: string, lineId: string): string => `${account}\t${lineId}`;

/**
 * By account and line, the number of the invoice the line was last billed on once `run` is issued:
 * its own invoices, else (a correction run re-invoices only the lines that changed) those of the
 * run it corrects, and so on back.
 */
async function standingInvoices(
  deps: Pick<InvoiceDeps, 'workspace' | 'db'>,
  run: string,
  lifecyclesOf: (run: string) => RunLifecycle,
): Promise<Map<string, string>> {
  const standing = new Map<string, string>();
  for (let at: string | null = run; at !== null; at = lifecyclesOf(at).corrects) {
    const { documents, numbers } = await documentsOf(deps, readRun(deps.workspace, at), lifecyclesOf(at));
    for (const invoice of documents.filter((document) => document.kind === 'invoice')) {
      const number = numbers.get(documentKey('invoice', invoice.account));
      if (number === undefined) continue;
      for (const line of invoice.lines) if (!standing.has(lineKey(invoice.account, line.lineId))) standing.set(lineKey(invoice.account, line.lineId), number);
    }
  }
  return standing;
}

/** A run's documents listed: invoices and credit notes with numbers, totals and the change against the previous run. */
export async function listRunInvoices(deps: InvoiceDeps, id: string): Promise<InvoiceList> {
  const set = await runDocumentSet(deps, id);
  const previous = previousTotals(deps.workspace, set.run);
  const summaries = set.documents.map((document) => summaryOf(set, document, previous));
  const invoices = summaries.filter((summary) => summary.kind === 'invoice');
  const creditNotes = summaries.filter((summary) => summary.kind === 'creditNote');
  const totalOf = (list: readonly InvoiceSummary[]) => list.reduce((total, summary) => total.plus(summary.total), exact(0)).toFixed();
  return {
    lifecycle: lifecycleView(set.lifecycle),
    period: set.run.record.inputs.period,
    currency: set.run.record.totals.currency,
    invoiceDate: set.lifecycle.invoiceDate,
    dueDate: set.lifecycle.dueDate,
    invoices,
    creditNotes,
    totals: { invoices: totalOf(invoices), creditNotes: totalOf(creditNotes) },
    notBilled: notBilledOf(set.run),
  };
}

/** One document of a run with its lines; 404 when the run has no such document. */
export async function showRunDocument(deps: InvoiceDeps, id: string, kind: DocumentKind, account: string): Promise<InvoiceView> {
  const set = await runDocumentSet(deps, id);
  return documentView(set, findDocument(set, kind, account), previousTotals(deps.workspace, set.run), await provisionalDates(deps, set));
}

/** Every document of a run with its lines, invoices first. */
export async function allRunDocuments(deps: InvoiceDeps, id: string): Promise<InvoiceView[]> {
  const set = await runDocumentSet(deps, id);
  const previous = previousTotals(deps.workspace, set.run);
  const order = (document: InvoiceDocument) => (document.kind === 'invoice' ? 0 : 1);
  const provisional = await provisionalDates(deps, set);
  return [...set.documents].sort((a, b) => order(a) - order(b)).map((document) => documentView(set, document, previous, provisional));
}

/** A draft's documents: the dates they would carry if the run were finalised today; null once finalised. */
async function provisionalDates(deps: InvoiceDeps, set: RunDocumentSet): Promise<DocumentDates | null> {
  if (set.lifecycle.status !== 'draft') return null;
  const { paymentTermsDays } = await companyProfile(deps.db);
  return documentDates(set.lifecycle, paymentTermsDays, deps.now().toISOString().slice(0, 10));
}

export function findDocument(set: RunDocumentSet, kind: DocumentKind, account: string): InvoiceDocument {
  const found = set.documents.find((document) => document.kind === kind && document.account === account);
  if (found) return found;
  const what = kind === 'invoice' ? 'invoice' : 'credit note';
  const hint =
    set.lifecycle.corrects !== null && kind === 'invoice'
      ? ' (a correction run issues invoices only for accounts whose lines changed)'
      : kind === 'creditNote' && set.lifecycle.corrects === null
        ? ' (only a correction run issues credit notes)'
        : '';
  throw new ApiError(404, 'not_found', `run ${set.run.record.id} has no ${what} for account ${account}${hint}`, 'account');
}

/** The lifecycle as the API shows it. */
export function lifecycleView(lifecycle: RunLifecycle): InvoiceList['lifecycle'] {
  const { dueDate: _dueDate, profileVersion: _profileVersion, ...view } = lifecycle;
  return { ...view, corrections: [...view.corrections] };
}

function documentView(set: RunDocumentSet, document: InvoiceDocument, previous: PreviousTotals | null, provisional: DocumentDates | null): InvoiceView {
  return {
    ...summaryOf(set, document, previous),
    run: set.run.record.id,
    snapshot: set.run.record.inputs.snapshot.id,
    status: set.lifecycle.status,
    period: set.run.record.inputs.period,
    invoiceDate: set.lifecycle.invoiceDate,
    dueDate: set.lifecycle.dueDate,
    provisionalDates: provisional,
    subtotal: document.subtotal,
    lines: document.lines.map((line) => ({
      lineId: line.lineId,
      label: line.label,
      kind: line.kind,
      statistic: line.statistic ?? null,
      formula: line.kind === 'usage' && line.statistic !== undefined ? set.formulaOf(line.statistic) : null,
      quantity: line.quantity,
      unitPrice: line.unitPrice ?? null,
      amount: line.amount,
      steps: [...line.steps],
    })),
  };
}

function summaryOf(set: RunDocumentSet, document: InvoiceDocument, previous: PreviousTotals | null): InvoiceSummary {
  const before = previous === null ? null : (previous.totals.get(document.account) ?? '0');
  return {
    kind: document.kind,
    account: document.account,
    billingCode: document.billingCode,
    clients: document.clients.map((client) => ({ clientNumber: client.clientNumber, name: client.name })),
    plan: document.plan,
    currency: document.currency,
    total: document.total,
    accountTotal: document.accountTotal,
    number: set.numbers.get(documentKey(document.kind, document.account)) ?? null,
    credits:
      document.kind === 'creditNote' && set.lifecycle.corrects !== null
        ? { run: set.lifecycle.corrects, number: set.credited.get(document.account) ?? null }
        : null,
    previous: previous === null || before === null ? null : { run: previous.run, total: before, change: exact(document.accountTotal).minus(before).toFixed() },
  };
}

interface PreviousTotals {
  readonly run: string;
  readonly totals: ReadonlyMap<string, string>;
}

/** The account totals of the latest run made before this one for the same period (same start and end), if any. */
function previousTotals(workspace: Workspace, run: StoredRun): PreviousTotals | null {
  const { period } = run.record.inputs;
  const earlier = listRuns(workspace).filter(
    (other) =>
      other.id !== run.record.id &&
      other.createdAt < run.record.createdAt &&
      other.inputs.period.start === period.start &&
      other.inputs.period.end === period.end,
  );
  const latest = earlier.at(-1);
  if (!latest) return null;
  return { run: latest.id, totals: new Map(invoicesOf(readRun(workspace, latest.id)).map((invoice) => [invoice.account, invoice.total])) };
}

/** The clients a run reported but did not invoice (runs before billing status have none). */
function notBilledOf(run: StoredRun): NotBilled[] {
  return (JSON.parse(run.files.get('invoices.json') ?? '{}') as { notBilled?: NotBilled[] }).notBilled ?? [];
}

export function invoicesOf(run: StoredRun): Invoice[] {
  return (JSON.parse(run.files.get('invoices.json') ?? '{"invoices":[]}') as { invoices: Invoice[] }).invoices;
}
