/**
 * Reconciliations kept in the workspace database: each one (snapshot, legacy file, release,
 * tolerances, result), the acceptances of a period (a cell's values under a release, or a column),
 * and column mappings by file layout. Reconciliations and acceptances are only ever added.
 */
import { z } from 'zod';
import type { Acceptance, ColumnAcceptance, Reconciliation } from '../../engine/reconcile/model.ts';
import { type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';

export interface ReconciliationRecord {
  readonly id: string;
  /** The period compared, `start..end` (naive stamps): acceptances carry over within it. */
  readonly period: string;
  readonly snapshot: { readonly id: string; readonly contentHash: string };
  readonly file: { readonly name: string; readonly contentHash: string; readonly uploadedBy: string; readonly uploadedAt: string };
  readonly release: { readonly name: string; readonly contentHash: string };
  readonly variant: 'legacy' | 'consensus';
  /** As people write them: `abs:1`, `SecCalls=rel:1%`. */
  readonly tolerances: readonly string[];
  readonly exportedAt?: string;
  /** The file's header signature (engine/reconcile/legacy-export.ts headerSignature). */
  readonly layout: string;
  /** Compared and explained, before any acceptance is applied. */
  readonly result: Reconciliation;
}

export const reconciliationFromRow = rowMapping(
  z.object({
    id: z.string(),
    period: z.string(),
    snapshot: z.string(),
    snapshot_hash: z.string(),
    file_name: z.string(),
    file_hash: z.string(),
    uploaded_by: z.string(),
    uploaded_at: timestamp,
    release_name: z.string(),
    release_hash: z.string(),
    variant: z.enum(['legacy', 'consensus']),
    tolerances: z.string(),
    exported_at: z.string().nullable(),
    layout: z.string(),
    result: z.string(),
  }),
  (row): ReconciliationRecord => ({
    id: row.id,
    period: row.period,
    snapshot: { id: row.snapshot, contentHash: row.snapshot_hash },
    file: { name: row.file_name, contentHash: row.file_hash, uploadedBy: row.uploaded_by, uploadedAt: `${row.uploaded_at}Z` },
    release: { name: row.release_name, contentHash: row.release_hash },
    variant: row.variant,
    tolerances: JSON.parse(row.tolerances) as string[],
    ...(row.exported_at ? { exportedAt: row.exported_at } : {}),
    layout: row.layout,
    result: JSON.parse(row.result) as Reconciliation,
  }),
);

export async function insertReconciliation(tx: Transaction, record: ReconciliationRecord): Promise<void> {
  await tx.run(
    `INSERT INTO reconciliations VALUES ($id, $period, $snapshot, $snapshotHash, $fileName, $fileHash, $by, $at::TIMESTAMP,
      $releaseName, $releaseHash, $variant, $tolerances, $exportedAt, $layout, $result)`,
    {
      id: record.id,
      period: record.period,
      snapshot: record.snapshot.id,
      snapshotHash: record.snapshot.contentHash,
      fileName: record.file.name,
      fileHash: record.file.contentHash,
      by: record.file.uploadedBy,
      at: record.file.uploadedAt,
      releaseName: record.release.name,
      releaseHash: record.release.contentHash,
      variant: record.variant,
      tolerances: JSON.stringify(record.tolerances),
      exportedAt: record.exportedAt ?? null,
      layout: record.layout,
      result: JSON.stringify(record.result),
    },
  );
}

/** A reconciliation by id; an unknown id is `not_found`. */
export async function getReconciliation(db: Reader, id: string): Promise<ReconciliationRecord> {
  const [row] = await db.all('SELECT * FROM reconciliations WHERE id = $id', { id });
  if (!row) throw new WorkspaceError('not_found', `no reconciliation ${id}`);
  return reconciliationFromRow(row);
}

/** Reconciliations, newest first, of one period or all, at most `limit`. */
export async function listReconciliations(db: Reader, period?: string, limit = 100): Promise<ReconciliationRecord[]> {
  const rows = await db.all('SELECT * FROM reconciliations WHERE $period IS NULL OR period = $period ORDER BY uploaded_at DESC, rowid DESC LIMIT $limit', {
    period: period ?? null,
    limit,
  });
  return rows.map(reconciliationFromRow);
}

const acceptanceColumns = z.object({
  kind: z.enum(['cell', 'column']),
  client_number: z.string().nullable(),
  statistic: z.string(),
  legacy_value: z.string().nullable(),
  our_value: z.string().nullable(),
  release_name: z.string().nullable(),
  release_hash: z.string().nullable(),
  finding: z.string().nullable(),
  accepted_by: z.string(),
  accepted_at: timestamp,
  reason: z.string(),
  reconciliation: z.string(),
});

/** Acceptances of a period, oldest first: of cells, and of columns. */
export async function acceptancesOfPeriod(db: Reader, period: string): Promise<{ cells: Acceptance[]; columns: ColumnAcceptance[] }> {
  const rows = (await db.all('SELECT * FROM reconciliation_acceptances WHERE period = $period ORDER BY id', { period })).map((row) =>
    acceptanceColumns.parse(row),
  );
  const at = (text: string) => `${text}Z`;
  return {
    cells: rows
      .filter((row) => row.kind === 'cell')
      .map((row) => ({
        kind: 'acceptance',
        by: row.accepted_by,
        at: at(row.accepted_at),
        reason: row.reason,
        clientNumber: row.client_number ?? '',
        statistic: row.statistic,
        legacyValue: row.legacy_value ?? '',
        ourValue: row.our_value ?? '',
        ...(row.release_hash ? { release: { name: row.release_name ?? '', contentHash: row.release_hash } } : {}),
        reconciliation: row.reconciliation,
      })),
    columns: rows
      .filter((row) => row.kind === 'column')
      .map((row) => ({
        kind: 'column-acceptance',
        finding: row.finding === 'unknown' ? 'unknown' : 'missing',
        column: row.statistic,
        by: row.accepted_by,
        at: at(row.accepted_at),
        reason: row.reason,
        reconciliation: row.reconciliation,
      })),
  };
}

export async function insertAcceptance(tx: Transaction, period: string, acceptance: Acceptance | ColumnAcceptance): Promise<void> {
  const cell = acceptance.kind === 'acceptance' ? acceptance : undefined;
  await tx.run(
    `INSERT INTO reconciliation_acceptances VALUES (nextval('ids'), $period, $kind, $client, $statistic, $legacy, $ours,
      $releaseName, $releaseHash, $finding, $by, $at::TIMESTAMP, $reason, $reconciliation)`,
    {
      period,
      kind: cell ? 'cell' : 'column',
      client: cell?.clientNumber ?? null,
      statistic: cell ? cell.statistic : (acceptance as ColumnAcceptance).column,
      legacy: cell?.legacyValue ?? null,
      ours: cell?.ourValue ?? null,
      releaseName: cell?.release?.name ?? null,
      releaseHash: cell?.release?.contentHash ?? null,
      finding: cell ? null : (acceptance as ColumnAcceptance).finding,
      by: acceptance.by,
      at: acceptance.at,
      reason: acceptance.reason,
      reconciliation: acceptance.reconciliation ?? '',
    },
  );
}

/** The saved mapping of a file layout: header → statistic. */
export async function columnMapping(db: Reader, layout: string): Promise<Map<string, string>> {
  const rows = await db.all('SELECT header, statistic FROM column_mappings WHERE layout = $layout', { layout });
  return new Map(rows.map((row) => [String(row.header), String(row.statistic)]));
}

/** Saves (or replaces) what one header of a layout holds. */
export async function saveColumnMapping(tx: Transaction, layout: string, header: string, statistic: string, by: string, now: Date): Promise<void> {
  await tx.run('INSERT OR REPLACE INTO column_mappings VALUES ($layout, $header, $statistic, $by, $at::TIMESTAMP)', {
    layout,
    header,
    statistic,
    by,
    at: now.toISOString(),
  });
}
