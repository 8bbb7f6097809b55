/**
 * Reconciliation end to end on a snapshot: our Billing Export 200 in both variants, compared with
 * an imported legacy file, each variance explained, acceptances applied. The CLI and the API call
 * this; each step is also usable alone (compare.ts, explain.ts, acceptance.ts).
 */
import type { ReportRequest } from '../be200/report.ts';
import type { ReportVariant } from '../be200/select-formulas.ts';
import { applyAcceptances } from './acceptance.ts';
import { compareWithLegacy } from './compare.ts';
import { explainVariances } from './explain.ts';
import type { LegacyExport } from './legacy-export.ts';
import type { Acceptance, OurResults, Reconciliation } from './model.ts';
import { computeBothVariants } from './our-results.ts';
import { exactTolerances, type Tolerances } from './tolerance.ts';

export interface ReconcileRequest extends Omit<ReportRequest, 'includeCltId' | 'variant'> {
  readonly legacy: LegacyExport;
  readonly variant: ReportVariant;
  readonly tolerances?: Tolerances;
  readonly acceptances?: readonly Acceptance[];
  /** The snapshot's `createdAt`, to tell whether data may have changed since the export. */
  readonly snapshotTakenAt?: string;
  /** When the legacy file was made, if the file does not say. */
  readonly exportedAt?: string;
}

export interface ReconcileResult {
  readonly reconciliation: Reconciliation;
  readonly ours: OurResults;
  readonly other: OurResults;
}

/** @example await reconcileSnapshot({ sandbox, snapshotKey, formulas, index, params, legacy, variant: 'legacy' }) */
export async function reconcileSnapshot(request: ReconcileRequest): Promise<ReconcileResult> {
  const { legacy, variant, tolerances = exactTolerances, acceptances = [], snapshotTakenAt, exportedAt, ...report } = request;
  const { chosen, other } = await computeBothVariants(report, variant);
  const compared = compareWithLegacy(legacy, chosen, tolerances);
  const explained = explainVariances(compared, {
    formulas: request.formulas,
    other,
    ...(snapshotTakenAt ? { snapshotTakenAt } : {}),
    ...(exportedAt ? { exportedAt } : {}),
  });
  return { reconciliation: applyAcceptances(explained, acceptances), ours: chosen, other };
}
