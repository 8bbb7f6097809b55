/**
 * Reconciliation end to end on a snapshot: our Billing Export 200 in both variants, compared with
 * an imported legacy file, each variance explained (our own formula changes, rows stamped after the
 * export, catalogued quirks), acceptances applied. The CLI and the API call this; each step is also
 * usable alone (compare.ts, explain.ts, acceptance.ts).
 */
import type { ReportRequest } from '../be200/report.ts';
import type { ReportVariant } from '../be200/select-formulas.ts';
import type { ResultCache } from '../formulas/evaluate.ts';
import type { Formula } from '../formulas/definition.ts';
import type { QuirkCatalogue } from '../formulas/quirks.ts';
import type { FormulaIndex } from '../formulas/references.ts';
import { type AcceptanceScope, applyAcceptances } from './acceptance.ts';
import { compareWithLegacy } from './compare.ts';
import { explainVariances } from './explain.ts';
import { laterRows } from './later-rows.ts';
import type { LegacyExport } from './legacy-export.ts';
import type { Acceptance, OurResults, Reconciliation, ReleaseRef } from './model.ts';
import { computeBothVariants, ourResultsFromReport } from './our-results.ts';
import { buildBe200Report } from '../be200/report.ts';
import { exactTolerances, type Tolerances } from './tolerance.ts';

export interface ReconcileRequest extends Omit<ReportRequest, 'includeCltId' | 'variant'> {
  readonly legacy: LegacyExport;
  readonly variant: ReportVariant;
  readonly tolerances?: Tolerances;
  readonly acceptances?: readonly Acceptance[];
  /** Which reconciliation this is, the release and the columns accepted, for the acceptances. */
  readonly scope?: AcceptanceScope;
  /** The snapshot's `createdAt`, to tell whether data may have changed since the export. */
  readonly snapshotTakenAt?: string;
  /** When the legacy file was made, if the file does not say. */
  readonly exportedAt?: string;
  /** The release our values come from, and its legacy formulas that no longer reproduce the report. */
  readonly release?: ReleaseRef;
  readonly legacyChanged?: ReadonlyMap<string, string>;
  readonly formulaVersions?: ReadonlyMap<string, string>;
  /** The shipped library, to tell what its legacy formulas give where ours changed. */
  readonly shipped?: { readonly formulas: readonly Formula[]; readonly index: FormulaIndex };
  readonly quirks?: QuirkCatalogue;
}

export interface ReconcileResult {
  readonly reconciliation: Reconciliation;
  readonly ours: OurResults;
  readonly other: OurResults;
}

/** @example await reconcileSnapshot({ sandbox, snapshotKey, formulas, index, params, legacy, variant: 'legacy' }) */
export async function reconcileSnapshot(request: ReconcileRequest): Promise<ReconcileResult> {
  const {
    legacy,
    variant,
    tolerances = exactTolerances,
    acceptances = [],
    scope,
    snapshotTakenAt,
    exportedAt,
    release,
    legacyChanged,
    formulaVersions,
    shipped,
    quirks,
    ...report
  } = request;
  const cache: ResultCache = report.cache ?? new Map();
  const { chosen, other } = await computeBothVariants({ ...report, cache }, variant);
  const compared = compareWithLegacy(legacy, chosen, tolerances);
  const exported = legacy.exportedAt ?? exportedAt;
  // The shipped formulas' values only where ours changed: the shared cache answers every formula that did not.
  const shippedValues =
    shipped && variant === 'legacy' && (legacyChanged?.size ?? 0) > 0
      ? ourResultsFromReport(await buildBe200Report({ ...report, ...shipped, cache, variant: 'legacy', includeCltId: true }), 'legacy')
      : undefined;
  const explained = explainVariances(compared, {
    formulas: request.formulas,
    other,
    ...(snapshotTakenAt ? { snapshotTakenAt } : {}),
    ...(exportedAt ? { exportedAt } : {}),
    ...(release ? { release } : {}),
    ...(legacyChanged ? { legacyChanged } : {}),
    ...(formulaVersions ? { formulaVersions } : {}),
    ...(shippedValues ? { shipped: shippedValues } : {}),
    ...(exported && compared.variances.length > 0 ? { laterRows: await laterRows(report.sandbox, exported, chosen.clients) } : {}),
    ...(quirks ? { quirks } : {}),
  });
  return { reconciliation: applyAcceptances(explained, acceptances, { ...(release ? { release } : {}), ...scope }), ours: chosen, other };
}
