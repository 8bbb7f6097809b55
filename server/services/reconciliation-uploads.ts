/**
 * Reconciliations made in the workbench: the uploaded file reconciled (reconciliation.ts), then
 * kept in workspace/reconciliations/<id>/ (the file as uploaded and result.json) and audited.
 * Acceptances are not kept here: they are audit-log entries, read back when a result is shown.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptVariance } from '../../engine/reconcile/acceptance.ts';
import type { Acceptance, Reconciliation } from '../../engine/reconcile/model.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { acceptancesOf, appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import { type ReconcileDeps, type ReconcileRequest, reconcileLegacyFile } from './reconciliation.ts';
import type { FormulaSet } from './scenario-formulas.ts';

export interface StoredReconciliation {
  readonly id: string;
  readonly snapshot: string;
  readonly reconciliation: Reconciliation;
}

export interface UploadDeps extends ReconcileDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly now: () => Date;
}

/** @example await reconcileUpload(deps, 'alice', library, { snapshot, file: { name: 'be200.csv', bytes }, variant: 'legacy' }) // { id, snapshot, reconciliation } */
export async function reconcileUpload(deps: UploadDeps, actor: string, library: FormulaSet, upload: ReconcileRequest): Promise<StoredReconciliation> {
  const { manifest, reconciliation } = await reconcileLegacyFile(deps, library, upload);
  // The wall clock names the folder: an injected clock that stands still must not reuse a name.
  const id = `${manifest.id}-${Date.now().toString(36)}`;
  const stored: StoredReconciliation = { id, snapshot: manifest.id, reconciliation };
  const folder = reconciliationFolder(deps.workspace, id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, upload.file.name.replace(/[^A-Za-z0-9._-]/g, '_')), upload.file.bytes);
  writeFileSync(join(folder, 'result.json'), JSON.stringify(stored));
  await deps.db.transaction((tx) =>
    appendAudit(
      tx,
      { actor, action: 'reconciliation.create', target: `reconciliation:${id}`, detail: { snapshot: manifest.id, file: upload.file.name } },
      deps.now(),
    ),
  );
  return stored;
}

/** A kept reconciliation; an id that is not one is 404. */
export function loadReconciliation(workspace: Workspace, id: string): StoredReconciliation {
  const file = join(reconciliationFolder(workspace, id), 'result.json');
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(file)) throw new ApiError(404, 'not_found', `no reconciliation ${id}`);
  return JSON.parse(readFileSync(file, 'utf8')) as StoredReconciliation;
}

/** A variance of a kept reconciliation accepted with a reason: an audit-log entry, which is the record of it. */
export async function acceptReconciledVariance(
  deps: Omit<UploadDeps, keyof ReconcileDeps>,
  actor: string,
  id: string,
  cell: { readonly clientNumber: string; readonly statistic: string; readonly reason: string },
): Promise<Acceptance> {
  const stored = loadReconciliation(deps.workspace, id);
  const variance = stored.reconciliation.variances.find((v) => v.clientNumber === cell.clientNumber && v.statistic === cell.statistic);
  if (!variance)
    throw new ApiError(404, 'not_found', `no variance for client ${cell.clientNumber}, ${cell.statistic} in reconciliation ${stored.id}`, 'statistic');
  const accepted = acceptVariance(variance, { by: actor, reason: cell.reason, now: deps.now });
  await deps.db.transaction((tx) =>
    appendAudit(tx, { actor, action: 'variance.accept', target: `reconciliation:${stored.id}`, detail: accepted, reason: cell.reason }, deps.now()),
  );
  return accepted;
}

/** A kept reconciliation with the acceptances given since, read back from the audit log (the log is the record). */
export async function withAcceptances(db: Database, stored: StoredReconciliation): Promise<Reconciliation> {
  const byCell = new Map<string, Acceptance>((await acceptancesOf(db, stored.id)).map((a) => [`${a.clientNumber}\t${a.statistic}`, a]));
  return {
    ...stored.reconciliation,
    variances: stored.reconciliation.variances.map((v) => {
      const acceptance = byCell.get(`${v.clientNumber}\t${v.statistic}`);
      return acceptance ? { ...v, acceptance } : v;
    }),
  };
}

function reconciliationFolder(workspace: Workspace, id: string): string {
  return join(workspace.root, 'reconciliations', id);
}
