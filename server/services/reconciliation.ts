/**
 * Reconciliation: a legacy Billing Export 200 file (CSV or XLSX) compared with our statistics on a
 * snapshot, each variance explained and the acceptances given applied. The route
 * (`POST /api/reconciliations`) and `billing reconcile` call `reconcileLegacyFile`; where the file
 * and the acceptances come from (an upload and the audit log, or files on disk) is theirs.
 */
import type { ReportVariant } from '../../engine/be200/select-formulas.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import type { ResultCache } from '../../engine/formulas/evaluate.ts';
import { importLegacyExport } from '../../engine/reconcile/import.ts';
import type { LegacyExport } from '../../engine/reconcile/legacy-export.ts';
import type { Acceptance, OurResults, Reconciliation } from '../../engine/reconcile/model.ts';
import { reconcileSnapshot } from '../../engine/reconcile/reconcile.ts';
import { parseTolerances } from '../../engine/reconcile/tolerance.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import type { FormulaSet } from './scenario-formulas.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface ReconcileDeps {
  readonly snapshots: SnapshotSessions;
  /** Formula results kept between calls (the server's); default: this call's only. */
  readonly results?: ResultCache;
}

export interface ReconcileRequest {
  readonly snapshot: string;
  /** The legacy file as uploaded or read: its name tells CSV from XLSX. */
  readonly file: { readonly name: string; readonly bytes: Uint8Array };
  readonly variant: ReportVariant;
  /** Tolerance specs as people write them: `abs:1`, `rel:1%`, `Statistic=abs:5`. */
  readonly tolerances?: readonly string[];
  readonly acceptances?: readonly Acceptance[];
  /** Formula parameters; `start` and `end` default to the snapshot's period. */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** When the legacy file was made, if it does not say (CSV files do not). */
  readonly exportedAt?: string;
}

export interface ReconciledFile {
  readonly manifest: Manifest;
  readonly legacy: LegacyExport;
  /** The parameters our statistics were computed with. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly reconciliation: Reconciliation;
  /** Our statistics in the chosen variant, for the full report. */
  readonly ours: OurResults;
}

/** @example await reconcileLegacyFile({ snapshots }, library, { snapshot: '2026-10-demo', file: { name: 'be200.csv', bytes }, variant: 'legacy' }) */
export async function reconcileLegacyFile(deps: ReconcileDeps, library: FormulaSet, request: ReconcileRequest): Promise<ReconciledFile> {
  const tolerances = parseTolerances(request.tolerances ?? []);
  const legacy = await importLegacyExport(request.file.bytes, request.file.name);
  return deps.snapshots.use(request.snapshot, async ({ manifest, sandbox }) => {
    const params = { start: manifest.period.start, end: manifest.period.end, ...request.params };
    const { reconciliation, ours } = await reconcileSnapshot({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index: library.index,
      ...(deps.results ? { cache: deps.results } : {}),
      params,
      legacy,
      variant: request.variant,
      tolerances,
      acceptances: request.acceptances ?? [],
      snapshotTakenAt: manifest.createdAt,
      ...(request.exportedAt ? { exportedAt: request.exportedAt } : {}),
    });
    return { manifest, legacy, params, reconciliation, ours };
  });
}
