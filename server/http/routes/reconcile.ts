/**
 * Reconciliation over HTTP: upload a legacy Billing Export 200 file (CSV or XLSX) and compare it
 * with a snapshot; accept a variance with a reason (an audit-log entry, from which acceptances are
 * read back: the log is the record); the snapshot rows behind any cell; reports as CSV or XLSX.
 * Uploaded files and results are kept in workspace/reconciliations/<id>/.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { reconciliationCsv, reconciliationXlsx } from '../../../engine/reconcile/report-files.ts';
import { reconciliationTable } from '../../../engine/reconcile/report-table.ts';
import { summarize } from '../../../engine/reconcile/summary.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { cellSourceRows } from '../../services/grid.ts';
import { acceptReconciledVariance, loadReconciliation, reconcileUpload, withAcceptances } from '../../services/reconciliation-uploads.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function reconcileRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const load = (id: string) => loadReconciliation(ctx.workspace, id);

  mount(app, ctx.settings, api.createReconciliation, async (_, { user, body }) => {
    const deps = { snapshots: ctx.snapshots, results: ctx.results, workspace: ctx.workspace, db: ctx.db, now: ctx.now };
    const { id, reconciliation } = await reconcileUpload(deps, user.name, await ctx.library(), {
      snapshot: body.snapshot,
      file: { name: body.fileName, bytes: new Uint8Array(Buffer.from(body.content, 'base64')) },
      variant: body.variant,
      tolerances: body.tolerances,
      ...(body.exportedAt ? { exportedAt: body.exportedAt } : {}),
    });
    return { id, summary: summarize(reconciliation) };
  });

  mount(app, ctx.settings, api.showReconciliation, async (_, { params }) => {
    const stored = load(params.id);
    const reconciliation = await withAcceptances(ctx.db, stored);
    return { id: stored.id, snapshot: stored.snapshot, summary: summarize(reconciliation), reconciliation };
  });

  mount(app, ctx.settings, api.acceptVariance, (_, { user, params, body }) =>
    acceptReconciledVariance({ workspace: ctx.workspace, db: ctx.db, now: ctx.now }, user.name, params.id, body),
  );

  mount(app, ctx.settings, api.reconciliationReport, async (c, { params, query: { format } }) => {
    const reconciliation = await withAcceptances(ctx.db, load(params.id));
    const table = reconciliationTable(reconciliation);
    if (format === 'csv') return c.body(reconciliationCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8' });
    const bytes = await reconciliationXlsx(table, summarize(reconciliation), { now: ctx.now });
    return c.body(Buffer.from(bytes), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });

  mount(app, ctx.settings, api.sourceRows, async (_, { query }) => {
    return await cellSourceRows({ snapshots: ctx.snapshots }, await ctx.library(), { ...query, cltID: query.client });
  });
}
