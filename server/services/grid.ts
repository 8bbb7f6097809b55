/**
 * The results grid: one page of clients (searchable by number, name or billing code) x statistics,
 * computed on a snapshot with the active release, or with a draft in place of its formula so an
 * editor sees what the change does before review.
 */
import type { api } from '../api/contract.ts';
import type { HandlerOutput } from '../api/endpoint.ts';
import { changedFromLegacy } from './release-library.ts';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { createEvaluator, type ResultCache } from '../../engine/formulas/evaluate.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { listClients } from '../../engine/rating/clients.ts';
import { type NoRowQuery, type SourceRows, sourceRows } from '../../engine/reconcile/source-rows.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getDraft } from '../store/formulas.ts';
import { mustValidate, withFormula } from './formula-checks.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface GridDeps {
  readonly snapshots: SnapshotSessions;
  /** Where drafts are read from. */
  readonly db: Database;
  readonly results?: ResultCache;
}

export interface GridRequest {
  readonly snapshot: string;
  /** Formula ids, in order; default: every Billing Export 200 statistic. */
  readonly columns?: readonly string[];
  /** A draft whose formula replaces the release's for this page. */
  readonly draft?: number;
  readonly offset: number;
  readonly limit: number;
  readonly search?: string;
}

/** A page of the grid as the API sends it (server/api/workbench-api.ts). */
export type GridPage = HandlerOutput<typeof api.grid>;

/** @example await gridPage({ snapshots, db }, library, { snapshot: '2026-10-demo', columns: ['SecCalls'], offset: 0, limit: 100 }) */
export async function gridPage(deps: GridDeps, library: ActiveLibrary, request: GridRequest): Promise<GridPage> {
  const draft = request.draft !== undefined ? parseFormulaFile((await getDraft(deps.db, request.draft)).text, 'draft.yaml') : undefined;
  const index = draft ? withFormula(library, draft) : library.index;
  // A draft is not reviewed yet: its SQL is validated before it runs, as every formula text is.
  if (draft) await mustValidate(draft, index);
  const draftChange = draft ? changedFromLegacy([draft], index).get(draft.id) : undefined;
  const formulas = (request.columns ?? be200Statistics.map((column) => column.name)).map((id) => {
    const formula = index.get(id.toLowerCase());
    if (!formula) throw new ApiError(400, 'unknown_formula', `no formula ${id} in release ${library.release.name}`, 'columns');
    return formula;
  });
  return deps.snapshots.use(request.snapshot, async ({ manifest, sandbox }) => {
    const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, ...(deps.results ? { cache: deps.results } : {}) });
    const evaluation = await evaluator.evaluate(formulas, { start: manifest.period.start, end: manifest.period.end });
    const needle = request.search?.toLowerCase();
    const clients = (await listClients(sandbox)).filter(
      (client) => !needle || `${client.clientNumber} ${client.name} ${client.billingCode}`.toLowerCase().includes(needle),
    );
    return {
      snapshot: manifest.id,
      release: library.release.name,
      draft: request.draft ?? null,
      columns: formulas.map((f) => ({
        id: f.id,
        title: f.title,
        unit: f.unit,
        family: f.family,
        variant: f.variant,
        changedFromLegacy: (f === draft ? draftChange : library.legacyChanged.get(f.id)) ?? null,
      })),
      total: clients.length,
      offset: request.offset,
      rows: clients.slice(request.offset, request.offset + request.limit).map((client) => ({
        ...client,
        values: Object.fromEntries(formulas.map((f) => [f.id, evaluation.results.get(f.id)?.values.get(client.cltID) ?? '0'])),
      })),
      computed: evaluation.computed.length,
      cached: evaluation.cached.length,
    };
  });
}

/** The snapshot rows behind one cell of the grid: the formula's rows for one client, the first `limit` and a count. */
export async function cellSourceRows(
  deps: Pick<GridDeps, 'snapshots'>,
  library: ActiveLibrary,
  cell: { readonly snapshot: string; readonly formula: string; readonly cltID: number; readonly limit: number },
): Promise<SourceRows | NoRowQuery> {
  const formula = library.index.get(cell.formula.toLowerCase());
  if (!formula) throw new ApiError(404, 'not_found', `no formula ${cell.formula}`, 'formula');
  return deps.snapshots.use(cell.snapshot, ({ manifest, sandbox }) =>
    sourceRows({
      sandbox,
      formula,
      index: library.index,
      params: { start: manifest.period.start, end: manifest.period.end },
      cltID: cell.cltID,
      limit: cell.limit,
    }),
  );
}
