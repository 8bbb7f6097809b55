/**
 * Reconciliation: a legacy Billing Export 200 file (CSV or XLSX) compared with our statistics on a
 * snapshot, each variance explained (our own formula changes named with the release and version,
 * rows stamped after the export, catalogued quirks) and the acceptances given applied. The route
 * and `billing reconcile` call `reconcileLegacyFile` (reconciliation-uploads.ts keeps the result in
 * the workspace); where the file, the acceptances and the column mappings come from is theirs.
 */
import type { ReportVariant } from '../../engine/be200/select-formulas.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import type { ResultCache } from '../../engine/formulas/evaluate.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { loadQuirkCatalogue, type QuirkCatalogue } from '../../engine/formulas/quirks.ts';
import { type FormulaIndex, indexFormulas } from '../../engine/formulas/references.ts';
import type { AcceptanceScope } from '../../engine/reconcile/acceptance.ts';
import { importLegacyExport } from '../../engine/reconcile/import.ts';
import type { LegacyExport, MappingLookup } from '../../engine/reconcile/legacy-export.ts';
import type { Acceptance, OurResults, Reconciliation, ReleaseRef } from '../../engine/reconcile/model.ts';
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

/** The formulas reconciled with, and what tells our own changes apart from the shipped report. */
export interface ReconcileLibrary extends FormulaSet {
  /** The release's name and content hash. */
  readonly label?: ReleaseRef;
  /** Legacy formulas that no longer reproduce the report, by id, with why. */
  readonly legacyChanged?: ReadonlyMap<string, string>;
  /** Each formula's version as people name it ("v3"), by id. */
  readonly formulaVersions?: ReadonlyMap<string, string>;
}

export interface ReconcileRequest {
  readonly snapshot: string;
  /** The legacy file as uploaded or read: its name tells CSV from XLSX. */
  readonly file: { readonly name: string; readonly bytes: Uint8Array };
  readonly variant: ReportVariant;
  /** Tolerance specs as people write them: `abs:1`, `rel:1%`, `Statistic=abs:5`. */
  readonly tolerances?: readonly string[];
  readonly acceptances?: readonly Acceptance[];
  /** This reconciliation's id and the columns accepted for its period. */
  readonly scope?: AcceptanceScope;
  /** Saved column mappings, by the file's header row. */
  readonly mappingFor?: MappingLookup;
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

let shipped: { formulas: FormulaSet['formulas']; index: FormulaIndex } | undefined;
let quirks: QuirkCatalogue | undefined;

/** The period a reconciliation compares, as acceptances are kept by: `start..end`. */
export const periodKey = (params: Readonly<Record<string, ParamValue>>): string => `${String(params.start)}..${String(params.end)}`;

/** @example await reconcileLegacyFile({ snapshots }, library, { snapshot: '2026-10-demo', file: { name: 'be200.csv', bytes }, variant: 'legacy' }) */
export async function reconcileLegacyFile(deps: ReconcileDeps, library: ReconcileLibrary, request: ReconcileRequest): Promise<ReconciledFile> {
  const tolerances = parseTolerances(request.tolerances ?? []);
  const legacy = await importLegacyExport(request.file.bytes, request.file.name, request.mappingFor);
  const changed = library.legacyChanged ?? new Map<string, string>();
  if (changed.size > 0) shipped ??= shippedFormulas();
  quirks ??= loadQuirkCatalogue();
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
      ...(request.scope ? { scope: request.scope } : {}),
      snapshotTakenAt: manifest.createdAt,
      ...(request.exportedAt ? { exportedAt: request.exportedAt } : {}),
      ...(library.label ? { release: { name: library.label.name, contentHash: library.label.contentHash } } : {}),
      legacyChanged: changed,
      ...(library.formulaVersions ? { formulaVersions: library.formulaVersions } : {}),
      ...(changed.size > 0 && shipped ? { shipped } : {}),
      ...(quirks ? { quirks } : {}),
    });
    return { manifest, legacy, params, reconciliation, ours };
  });
}

function shippedFormulas() {
  const loaded = loadLibrary();
  return { formulas: loaded.formulas, index: indexFormulas(loaded.formulas) };
}
