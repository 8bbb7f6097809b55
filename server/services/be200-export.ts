/**
 * The Billing Export 200 of a snapshot: every client in range x the 264 statistics, legacy or
 * consensus. `billing export be200` and the benchmarks (full export, own peak RSS) call `exportBe200`.
 */
import { buildBe200Report, type Report } from '../../engine/be200/report.ts';
import type { ReportVariant } from '../../engine/be200/select-formulas.ts';
import type { ParamValue } from '../../engine/formulas/definition.ts';
import type { ResultCache } from '../../engine/formulas/evaluate.ts';
import type { FormulaSet } from './scenario-formulas.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface ExportDeps {
  readonly snapshots: SnapshotSessions;
  /** Formula results kept between calls; default: this call's only. */
  readonly results?: ResultCache;
}

export interface ExportRequest {
  readonly snapshot: string;
  readonly variant: ReportVariant;
  /** `start` and `end` default to the snapshot's period; also start_client, end_client, time_cap_minutes. */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Put the internal cltID first. */
  readonly includeCltId?: boolean;
}

/** @example (await exportBe200({ snapshots }, library, { snapshot: '2026-10-demo', variant: 'legacy' })).header[0] // 'ClientNumber' */
export async function exportBe200(deps: ExportDeps, library: FormulaSet, request: ExportRequest): Promise<Report> {
  return deps.snapshots.use(request.snapshot, ({ manifest, sandbox }) =>
    buildBe200Report({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index: library.index,
      variant: request.variant,
      params: { start: manifest.period.start, end: manifest.period.end, ...request.params },
      includeCltId: request.includeCltId ?? false,
      ...(deps.results ? { cache: deps.results } : {}),
    }),
  );
}
