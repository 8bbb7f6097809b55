/**
 * Reconciliations as lasting month-end work: each one is kept in the workspace database (snapshot,
 * legacy file with its content hash, who uploaded it and when, release, tolerances, result) with the
 * file itself under workspace/reconciliations/files/<sha256>, so it can be compared again with new
 * tolerances, a saved column mapping or a new snapshot of the same period. Acceptances are kept per
 * period, keyed by what they accept, and applied whenever a reconciliation of the period is read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptVariance, applyAcceptances } from '../../engine/reconcile/acceptance.ts';
import { headerSignature } from '../../engine/reconcile/legacy-export.ts';
import { type Acceptance, type ColumnAcceptance, openColumns, type Reconciliation } from '../../engine/reconcile/model.ts';
import { type ReconciliationSummary, summarize } from '../../engine/reconcile/summary.ts';
import { be200Statistics } from '../../engine/be200/columns.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database, Reader } from '../store/database.ts';
import {
  acceptancesOfPeriod,
  getReconciliation,
  insertAcceptance,
  insertReconciliation,
  listReconciliations,
  type ReconciliationRecord,
  saveColumnMapping,
} from '../store/reconciliations.ts';
import { allColumnMappings } from './reconciliation-mappings.ts';
import { periodKey, type ReconcileDeps, type ReconcileLibrary, type ReconcileRequest, reconcileLegacyFile } from './reconciliation.ts';

export interface UploadDeps extends ReconcileDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly now: () => Date;
}

export type KeptDeps = Omit<UploadDeps, keyof ReconcileDeps>;

/** A kept reconciliation as people read it: what was compared, the result with the period's acceptances applied, its counts. */
export interface ReconciliationView {
  readonly record: Omit<ReconciliationRecord, 'result'>;
  readonly reconciliation: Reconciliation;
  readonly summary: ReconciliationSummary;
}

export type ReconcileInput = Omit<ReconcileRequest, 'acceptances' | 'scope' | 'mappingFor'>;

/** The active release as reconciliation names it: its label, its changed legacy formulas, their version numbers. */
export async function reconcileLibraryOf(db: Reader, library: ActiveLibrary): Promise<ReconcileLibrary> {
  const versionIds = [...library.legacyChanged.keys()].map((id) => library.versionOf.get(id)).filter((id): id is string => id !== undefined);
  const rows =
    versionIds.length > 0
      ? await db.all(`SELECT formula_id, number FROM formula_versions WHERE version_id IN (${versionIds.map((_, i) => `$v${i}`).join(', ')})`, {
          ...Object.fromEntries(versionIds.map((id, i) => [`v${i}`, id])),
        })
      : [];
  return {
    formulas: library.formulas,
    index: library.index,
    label: { name: library.label.name, contentHash: library.label.contentHash },
    legacyChanged: library.legacyChanged,
    formulaVersions: new Map(rows.map((row) => [String(row.formula_id), `version ${String(row.number)}`])),
  };
}

/** @example await reconcileUpload(deps, 'alice', library, { snapshot, file: { name: 'be200.csv', bytes }, variant: 'legacy' }) // a ReconciliationView */
export async function reconcileUpload(deps: UploadDeps, actor: string, library: ReconcileLibrary, upload: ReconcileInput): Promise<ReconciliationView> {
  const id = newId(upload.snapshot);
  const mappings = await allColumnMappings(deps.db);
  const { manifest, legacy, params, reconciliation } = await reconcileLegacyFile(deps, library, {
    ...upload,
    mappingFor: (headers) => mappings.get(layoutOf(headers)) ?? new Map(),
  });
  const fileHash = storeFile(deps.workspace, upload.file.bytes);
  const record: ReconciliationRecord = {
    id,
    period: periodKey(params),
    snapshot: { id: manifest.id, contentHash: manifest.contentHash },
    file: { name: upload.file.name, contentHash: fileHash, uploadedBy: actor, uploadedAt: deps.now().toISOString() },
    release: library.label ? { name: library.label.name, contentHash: library.label.contentHash } : { name: 'unnamed', contentHash: '' },
    variant: upload.variant,
    tolerances: upload.tolerances ?? [],
    ...((legacy.exportedAt ?? upload.exportedAt) ? { exportedAt: legacy.exportedAt ?? upload.exportedAt } : {}),
    layout: layoutOf(legacy.headers ?? []),
    result: withoutAcceptances(reconciliation),
  };
  await deps.db.transaction(async (tx) => {
    await insertReconciliation(tx, record);
    await appendAudit(
      tx,
      {
        actor,
        action: 'reconciliation.create',
        target: `reconciliation:${id}`,
        detail: { snapshot: manifest.id, file: upload.file.name, fileHash, release: record.release, tolerances: record.tolerances },
      },
      deps.now(),
    );
  });
  return viewOf(deps.db, record);
}

/** Compares a kept reconciliation's file again: with other tolerances, on another snapshot of the period, or after a column was mapped. */
export async function reconcileAgain(
  deps: UploadDeps,
  actor: string,
  library: ReconcileLibrary,
  id: string,
  changes: { readonly tolerances?: readonly string[]; readonly snapshot?: string },
): Promise<ReconciliationView> {
  const kept = await loadRecord(deps.db, id);
  const file = join(filesFolder(deps.workspace), kept.file.contentHash);
  if (!existsSync(file)) throw new ApiError(409, 'file_missing', `the legacy file of reconciliation ${id} is no longer in the workspace; upload it again`);
  return reconcileUpload(deps, actor, library, {
    snapshot: changes.snapshot ?? kept.snapshot.id,
    file: { name: kept.file.name, bytes: readFileSync(file) },
    variant: kept.variant,
    tolerances: changes.tolerances ?? kept.tolerances,
    ...(kept.exportedAt ? { exportedAt: kept.exportedAt } : {}),
  });
}

/** A kept reconciliation with the period's acceptances applied; an unknown id is 404. */
export async function showReconciliation(db: Reader, id: string): Promise<ReconciliationView> {
  return viewOf(db, await loadRecord(db, id));
}

/** One line of the list: what was compared, and where the reconciliation stands. */
export interface ReconciliationListItem {
  readonly record: Omit<ReconciliationRecord, 'result'>;
  /** 'open' while anything is open; else 'accepted' when acceptances close it, 'explained' when explanations do, 'reconciled' when all is equal. */
  readonly status: 'open' | 'accepted' | 'explained' | 'reconciled';
  readonly counts: {
    readonly open: number;
    readonly unexplained: number;
    readonly explained: number;
    readonly accepted: number;
    readonly carriedOver: number;
    readonly columns: number;
  };
}

/** Reconciliations newest first (at most `limit`), of one period or all, each with its status as it stands now. */
export async function listReconciliationStatus(db: Reader, period?: string, limit = 100): Promise<ReconciliationListItem[]> {
  const records = await listReconciliations(db, period, limit);
  const acceptances = new Map<string, Awaited<ReturnType<typeof acceptancesOfPeriod>>>();
  const items: ReconciliationListItem[] = [];
  for (const record of records) {
    if (!acceptances.has(record.period)) acceptances.set(record.period, await acceptancesOfPeriod(db, record.period));
    const view = applied(record, acceptances.get(record.period) as Awaited<ReturnType<typeof acceptancesOfPeriod>>);
    items.push({ record: view.record, ...statusOf(view.summary) });
  }
  return items;
}

export function statusOf(summary: ReconciliationSummary): Pick<ReconciliationListItem, 'status' | 'counts'> {
  const explained = summary.cells.mismatch - summary.mismatchesBy.unexplained;
  const counts = {
    open: summary.open.total,
    unexplained: summary.open.mismatches,
    explained,
    accepted: summary.cells.accepted,
    carriedOver: summary.carriedOver,
    columns: summary.open.columns,
  };
  const status = counts.open > 0 ? 'open' : counts.accepted > 0 ? 'accepted' : explained > 0 ? 'explained' : 'reconciled';
  return { status, counts };
}

/** Accepts a variance of a kept reconciliation with a reason, for its values under its release; it holds in every reconciliation of the period where those still hold. */
export async function acceptReconciledVariance(
  deps: KeptDeps,
  actor: string,
  id: string,
  cell: { readonly clientNumber: string; readonly statistic: string; readonly reason: string },
): Promise<Acceptance> {
  const view = await showReconciliation(deps.db, id);
  const variance = view.reconciliation.variances.find((v) => v.clientNumber === cell.clientNumber && v.statistic === cell.statistic);
  if (!variance) throw new ApiError(404, 'not_found', `no variance for client ${cell.clientNumber}, ${cell.statistic} in reconciliation ${id}`, 'statistic');
  const accepted = acceptVariance(variance, { by: actor, reason: cell.reason, now: deps.now, release: view.record.release, reconciliation: id });
  await deps.db.transaction(async (tx) => {
    await insertAcceptance(tx, view.record.period, accepted);
    await appendAudit(tx, { actor, action: 'variance.accept', target: `reconciliation:${id}`, detail: accepted, reason: cell.reason }, deps.now());
  });
  return accepted;
}

/** Accepts a column the file lacks or names differently (not compared, with a reason). */
export async function acceptReconciledColumn(
  deps: KeptDeps,
  actor: string,
  id: string,
  column: { readonly finding: 'missing' | 'unknown'; readonly column: string; readonly reason: string },
): Promise<ColumnAcceptance> {
  const view = await showReconciliation(deps.db, id);
  if (!openColumns(view.reconciliation).some((c) => c.finding === column.finding && c.column === column.column))
    throw new ApiError(404, 'not_found', `reconciliation ${id} has no open ${column.finding} column "${column.column}"`, 'column');
  const accepted: ColumnAcceptance = {
    kind: 'column-acceptance',
    finding: column.finding,
    column: column.column,
    by: actor,
    at: deps.now().toISOString(),
    reason: column.reason,
    reconciliation: id,
  };
  await deps.db.transaction(async (tx) => {
    await insertAcceptance(tx, view.record.period, accepted);
    await appendAudit(tx, { actor, action: 'column.accept', target: `reconciliation:${id}`, detail: accepted, reason: column.reason }, deps.now());
  });
  return accepted;
}

/** Saves what a header of this reconciliation's file layout holds; later files of the layout (and `reconcileAgain`) read it so. */
export async function mapReconciledColumn(
  deps: KeptDeps,
  actor: string,
  id: string,
  mapping: { readonly header: string; readonly statistic: string },
): Promise<{ layout: string; header: string; statistic: string }> {
  const view = await showReconciliation(deps.db, id);
  if (!view.reconciliation.unknownColumns.some((c) => c.header === mapping.header))
    throw new ApiError(404, 'not_found', `reconciliation ${id} has no unknown column "${mapping.header}"`, 'header');
  const statistic = be200Statistics.find((s) => s.name.toLowerCase() === mapping.statistic.trim().toLowerCase())?.name;
  if (!statistic) throw new ApiError(400, 'unknown_statistic', `"${mapping.statistic}" is not a Billing Export 200 statistic`, 'statistic');
  if (view.reconciliation.statistics.includes(statistic))
    throw new ApiError(409, 'already_mapped', `the file already has a column for ${statistic}; map "${mapping.header}" to a statistic it lacks`, 'statistic');
  await deps.db.transaction(async (tx) => {
    await saveColumnMapping(tx, view.record.layout, mapping.header, statistic, actor, deps.now());
    await appendAudit(
      tx,
      { actor, action: 'column.map', target: `reconciliation:${id}`, detail: { layout: view.record.layout, header: mapping.header, statistic } },
      deps.now(),
    );
  });
  return { layout: view.record.layout, header: mapping.header, statistic };
}

async function loadRecord(db: Reader, id: string): Promise<ReconciliationRecord> {
  if (!/^[a-z0-9.-]{1,120}$/.test(id)) throw new ApiError(404, 'not_found', `no reconciliation ${id}`);
  try {
    return await getReconciliation(db, id);
  } catch {
    throw new ApiError(404, 'not_found', `no reconciliation ${id}`);
  }
}

async function viewOf(db: Reader, record: ReconciliationRecord): Promise<ReconciliationView> {
  return applied(record, await acceptancesOfPeriod(db, record.period));
}

function applied(record: ReconciliationRecord, acceptances: Awaited<ReturnType<typeof acceptancesOfPeriod>>): ReconciliationView {
  const { result, ...rest } = record;
  const reconciliation = applyAcceptances(result, acceptances.cells, { id: record.id, release: record.release, columns: acceptances.columns });
  return { record: rest, reconciliation, summary: summarize(reconciliation) };
}

function withoutAcceptances(reconciliation: Reconciliation): Reconciliation {
  return {
    ...reconciliation,
    variances: reconciliation.variances.map(({ acceptance: _a, carriedOver: _c, ...variance }) => variance),
    staleAcceptances: [],
    acceptedColumns: [],
  };
}

/** A file layout's key: the sha256 of its header row. */
export const layoutOf = (headers: readonly string[]): string => createHash('sha256').update(headerSignature(headers)).digest('hex');

const filesFolder = (workspace: Workspace) => join(workspace.root, 'reconciliations', 'files');

/** Keeps the file by its content hash (a re-upload of the same bytes is stored once). */
function storeFile(workspace: Workspace, bytes: Uint8Array): string {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const folder = filesFolder(workspace);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, hash);
  if (!existsSync(file)) writeFileSync(file, bytes);
  return hash;
}

/** `<snapshot>-<time>-<random>`: the wall clock and a random part, so an injected clock that stands still never reuses one. */
function newId(snapshot: string): string {
  return `${snapshot}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.toLowerCase().slice(-120);
}
