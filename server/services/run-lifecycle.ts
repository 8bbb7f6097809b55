/**
 * A billing run's lifecycle: a draft is finalised by an approver (locked; its documents numbered,
 * gap-free per workspace, in the same transaction) or discarded; a finalised run is corrected by a
 * correction run, whose finalisation numbers its credit notes and new invoices and marks the run it
 * corrects as corrected. Run folders are never rewritten: the lifecycle lives in the workspace
 * database, and every step is in the audit log. The routes and `billing run finalise|correct` call these.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../../engine/rating/period.ts';
import type { RunRecord } from '../../engine/runs/billing-run.ts';
import { type AlreadyBilled, alreadyBilled, alreadyBilledText, type BilledRun, overlaps } from '../../engine/runs/double-billing.ts';
import type { RunLifecycle } from '../../engine/runs/lifecycle.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { appendRunEvent, type DocumentToIssue, issueNumbers, runLifecycles } from '../runs/run-events.ts';
import { listRuns, readRun } from '../runs/run-store.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database, Reader } from '../store/database.ts';
import { WorkspaceError } from '../store/errors.ts';
import { companyProfile } from './company-profile.ts';
import { type InvoiceList, lifecycleView, type RunDocumentSet, runDocumentSet } from './invoices.ts';

type LifecycleView = InvoiceList['lifecycle'];

export interface LifecycleDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly now: () => Date;
}

/** A run's lifecycle as recorded now. */
export async function lifecycleOf(db: Reader, run: string): Promise<RunLifecycle> {
  return (await runLifecycles(db))(run);
}

/**
 * Finalises a draft run: in one transaction its state is checked, its documents (invoices; for a
 * correction run credit notes too) get the next numbers of their series, and the finalisation and
 * its invoice and due dates (from the company profile's payment terms) are recorded and audited.
 * @example await finaliseRun(deps, 'bea', '2026-10-1a2b3c4d5e') // { status: 'finalised', invoiceDate: '2026-11-05', ... }
 */
export async function finaliseRun(deps: LifecycleDeps, actor: string, id: string, { overlapReason }: FinaliseOptions = {}): Promise<RunLifecycle> {
  const run = readRun(deps.workspace, id).record.id;
  return deps.db.transaction(async (tx) => {
    const set = await runDocumentSet({ workspace: deps.workspace, db: tx }, run);
    assertDraft(set.lifecycle, 'finalise');
    if (set.lifecycle.corrects !== null) assertCorrectable(await lifecycleOf(tx, set.lifecycle.corrects));
    const billedTwice = await billedElsewhere({ workspace: deps.workspace, db: tx }, set);
    if (billedTwice.length > 0 && !overlapReason?.trim())
      throw new WorkspaceError(
        'already_invoiced',
        `finalising run ${run} would invoice accounts twice for the same days: ${alreadyBilledText(billedTwice)}. Correct that run instead, or give a reason to bill them again`,
        'overlapReason',
      );
    const profile = await companyProfile(tx);
    const now = deps.now();
    const invoiceDate = now.toISOString().slice(0, 10);
    const dueDate = addDays(invoiceDate, profile.paymentTermsDays);
    const toIssue: DocumentToIssue[] = set.documents.map((document) => ({
      kind: document.kind,
      run,
      account: document.account,
      credits: document.kind === 'creditNote' ? (set.credited.get(document.account) ?? null) : null,
      total: document.total,
      currency: document.currency,
    }));
    const issued = await issueNumbers(tx, toIssue, now);
    await appendRunEvent(tx, { kind: 'finalise', run, actor, at: now.toISOString(), invoiceDate, dueDate, profileVersion: profile.version });
    // Each series' numbers are consecutive: the first and last of each say which were taken.
    const range = (kind: DocumentToIssue['kind']) => {
      const numbers = issued.filter((document) => document.kind === kind).map((document) => document.number);
      return numbers.length === 0 ? null : { first: numbers[0], last: numbers.at(-1), count: numbers.length };
    };
    await appendAudit(
      tx,
      {
        actor,
        action: 'run.finalise',
        target: `run:${run}`,
        detail: {
          invoiceDate,
          dueDate,
          invoices: range('invoice'),
          creditNotes: range('creditNote'),
          corrects: set.lifecycle.corrects,
          ...(billedTwice.length > 0 ? { alsoInvoicedBy: billedTwice.map(({ run: other, accounts }) => ({ run: other, accounts })), overlapReason } : {}),
        },
      },
      now,
    );
    if (set.lifecycle.corrects !== null)
      await appendAudit(tx, { actor, action: 'run.corrected', target: `run:${set.lifecycle.corrects}`, detail: { by: run } }, now);
    return lifecycleOf(tx, run);
  });
}

export interface FinaliseOptions {
  /** Why accounts that a finalised run already invoices for days of this period are invoiced again (audited). */
  readonly overlapReason?: string | undefined;
}

/**
 * The finalised runs that already invoice some of this run's accounts for days of its period. A run
 * and its corrections form one chain that bills each account once (credit notes cancel what a
 * correction re-bills), so the chain this run corrects is left out.
 */
async function billedElsewhere(deps: { readonly workspace: Workspace; readonly db: Reader }, set: RunDocumentSet): Promise<AlreadyBilled[]> {
  const of = await runLifecycles(deps.db);
  const chain = new Set<string>();
  for (let corrected = set.lifecycle.corrects; corrected !== null && !chain.has(corrected); corrected = of(corrected).corrects) chain.add(corrected);
  const billed: BilledRun[] = [];
  for (const record of listRuns(deps.workspace)) {
    if (record.id === set.run.record.id || chain.has(record.id) || of(record.id).status === 'draft') continue;
    // Only runs of overlapping days can bill the same days: the others' invoices are not read.
    if (!overlaps(record.inputs.period, set.run.record.inputs.period)) continue;
    const other = await runDocumentSet(deps, record.id);
    billed.push({ run: record.id, period: record.inputs.period, accounts: invoicedAccounts(other) });
  }
  return alreadyBilled({ run: set.run.record.id, period: set.run.record.inputs.period, accounts: invoicedAccounts(set) }, billed);
}

const invoicedAccounts = (set: RunDocumentSet): string[] => set.documents.filter((document) => document.kind === 'invoice').map((document) => document.account);

/**
 * Discards a draft run: its folder is set aside (renamed `.discarded-…`, kept, no longer listed) and
 * the discard recorded and audited. A finalised run is never discarded.
 */
export async function discardRun(deps: LifecycleDeps, actor: string, id: string): Promise<{ run: string; discarded: true }> {
  const run = readRun(deps.workspace, id).record.id;
  return deps.db.transaction(async (tx) => {
    const lifecycle = await lifecycleOf(tx, run);
    assertDraft(lifecycle, 'discard');
    const now = deps.now();
    await appendRunEvent(tx, { kind: 'discard', run, actor, at: now.toISOString() });
    await appendAudit(tx, { actor, action: 'run.discard', target: `run:${run}`, detail: { corrects: lifecycle.corrects } }, now);
    // Last, so a failure above leaves the run as it was; the rename is what takes it out of the listing.
    renameSync(join(deps.workspace.runsDir, run), join(deps.workspace.runsDir, `.discarded-${run}-${now.getTime()}`));
    return { run, discarded: true as const };
  });
}

/** Refuses to correct a run that is not finalised, or already corrected. */
export async function checkCorrectable(db: Reader, workspace: Workspace, id: string): Promise<void> {
  assertCorrectable(await lifecycleOf(db, readRun(workspace, id).record.id));
}

/** Records `correction` as the correction run of `issued`, audited (the correction run itself is a draft). */
export async function recordCorrection(deps: LifecycleDeps, actor: string, issued: string, correction: string, detail: Record<string, unknown>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.now();
    await appendRunEvent(tx, { kind: 'correction', run: correction, corrects: issued, actor, at: now.toISOString() });
    await appendAudit(tx, { actor, action: 'run.correct', target: `run:${issued}`, detail: { correction, ...detail } }, now);
  });
}

function assertDraft(lifecycle: RunLifecycle, step: 'finalise' | 'discard'): void {
  if (lifecycle.status === 'draft') return;
  throw new WorkspaceError(
    'wrong_state',
    `run ${lifecycle.run} was finalised on ${lifecycle.finalisedAt?.slice(0, 10)} by ${lifecycle.finalisedBy}; a finalised run is never ${step === 'finalise' ? 'finalised again' : 'discarded'}: correct it with a correction run`,
  );
}

function assertCorrectable(lifecycle: RunLifecycle): void {
  if (lifecycle.status === 'finalised') return;
  throw new WorkspaceError(
    'wrong_state',
    lifecycle.status === 'draft'
      ? `run ${lifecycle.run} is a draft: discard it or start a new run instead; only a finalised run is corrected`
      : `run ${lifecycle.run} was already corrected by run ${lifecycle.correctedBy}: correct that run instead`,
  );
}

/** The workspace's runs, oldest first, each with its lifecycle (`GET /api/runs`). */
export async function runsWithLifecycle(deps: Pick<LifecycleDeps, 'workspace' | 'db'>): Promise<(RunRecord & { lifecycle: LifecycleView })[]> {
  const of = await runLifecycles(deps.db);
  return listRuns(deps.workspace).map((record) => ({ ...record, lifecycle: lifecycleView(of(record.id)) }));
}

/** One run's record with its lifecycle and the name of the formulas it billed with (`GET /api/runs/{id}`). */
export async function runWithLifecycle(
  deps: Pick<LifecycleDeps, 'workspace' | 'db'>,
  id: string,
): Promise<RunRecord & { lifecycle: LifecycleView; formulaSource: string }> {
  const { record, formulas } = readRun(deps.workspace, id);
  return { ...record, lifecycle: lifecycleView(await lifecycleOf(deps.db, record.id)), formulaSource: formulas.name };
}
