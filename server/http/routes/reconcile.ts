/**
 * Reconciliation over HTTP: upload a legacy Billing Export 200 file (CSV or XLSX) and compare it
 * with a snapshot, kept in the workspace database; list them; compare the same file again (other
 * tolerances, another snapshot of the period, a column mapped); accept a variance or a column with
 * a reason (carried over within the period); the snapshot rows behind any cell; reports as CSV or XLSX.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { reconciliationReportFile } from '../../../engine/reconcile/report-files.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { cellSourceRows } from '../../services/grid.ts';
import {
  acceptReconciledColumn,
  acceptReconciledVariance,
  listReconciliationStatus,
  mapReconciledColumn,
  reconcileAgain,
  reconcileLibraryOf,
  reconcileUpload,
  showReconciliation,
} from '../../services/reconciliation-uploads.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function reconcileRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const deps = () => ({ snapshots: ctx.snapshots, results: ctx.results, workspace: ctx.workspace, db: ctx.db, now: ctx.now });
  const kept = { workspace: ctx.workspace, db: ctx.db, now: ctx.now };
  const library = async () => reconcileLibraryOf(ctx.db, await ctx.library());

  mount(app, ctx.settings, api.createReconciliation, async (_, { user, body }) => {
    const { record, summary } = await reconcileUpload(deps(), user.name, await library(), {
      snapshot: body.snapshot,
      file: { name: body.fileName, bytes: new Uint8Array(Buffer.from(body.content, 'base64')) },
      variant: body.variant,
      tolerances: body.tolerances,
      ...(body.exportedAt ? { exportedAt: body.exportedAt } : {}),
    });
    return { id: record.id, summary };
  });

  mount(app, ctx.settings, api.listReconciliations, async (_, { query }) => ({
    reconciliations: await listReconciliationStatus(ctx.db, query.period, query.limit),
  }));

  mount(app, ctx.settings, api.showReconciliation, async (_, { params }) => {
    const { record, reconciliation, summary } = await showReconciliation(ctx.db, params.id);
    return { id: record.id, snapshot: record.snapshot.id, record, summary, reconciliation };
  });

  mount(app, ctx.settings, api.reconcileAgain, async (_, { user, params, body }) => {
    const { record, summary } = await reconcileAgain(deps(), user.name, await library(), params.id, {
      ...(body.tolerances ? { tolerances: body.tolerances } : {}),
      ...(body.snapshot ? { snapshot: body.snapshot } : {}),
    });
    return { id: record.id, summary };
  });

  mount(app, ctx.settings, api.acceptVariance, (_, { user, params, body }) => acceptReconciledVariance(kept, user.name, params.id, body));

  mount(app, ctx.settings, api.acceptColumn, (_, { user, params, body }) => acceptReconciledColumn(kept, user.name, params.id, body));

  mount(app, ctx.settings, api.mapColumn, (_, { user, params, body }) => mapReconciledColumn(kept, user.name, params.id, body));

  mount(app, ctx.settings, api.reconciliationReport, async (c, { params, query: { format } }) => {
    const { reconciliation, summary } = await showReconciliation(ctx.db, params.id);
    const file = await reconciliationReportFile(format, reconciliation, summary, { now: ctx.now });
    return c.body(typeof file.body === 'string' ? file.body : Buffer.from(file.body), 200, { 'content-type': file.contentType });
  });

  mount(app, ctx.settings, api.sourceRows, async (_, { query }) => {
    return await cellSourceRows({ snapshots: ctx.snapshots }, await ctx.library(), { ...query, cltID: query.client });
  });
}
