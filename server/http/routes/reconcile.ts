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
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { cellSourceRows } from '../../services/grid.ts';
import { acceptReconciledVariance, loadReconciliation, reconcileUpload, withAcceptances } from '../../services/reconciliation-uploads.ts';
import { api } from '../../api/contract.ts';
import { mount, readBody, readQuery, z } from '../openapi.ts';

const upload = z.object({
  snapshot: z.string(),
  fileName: z.string().min(1).max(200),
  /** The file's bytes, base64. */
  content: z.string().min(1),
  variant: z.enum(['legacy', 'consensus']).default('legacy'),
  tolerances: z.array(z.string()).default([]),
  exportedAt: z.string().optional(),
});
const acceptance = z.object({ clientNumber: z.string(), statistic: z.string(), reason: z.string().min(3).max(2000) });

export function reconcileRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const load = (id: string) => loadReconciliation(ctx.workspace, id);

  mount(app, ctx.settings, api.createReconciliation, async (c) => {
    const user = requireRole(c, 'editor');
    const body = await readBody(c, upload);
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

  mount(app, ctx.settings, api.showReconciliation, async (c) => {
    const stored = load(c.req.param('id') as string);
    const reconciliation = await withAcceptances(ctx.db, stored);
    return { id: stored.id, snapshot: stored.snapshot, summary: summarize(reconciliation), reconciliation };
  });

  mount(app, ctx.settings, api.acceptVariance, async (c) => {
    const user = requireRole(c, 'approver');
    const body = await readBody(c, acceptance);
    const deps = { workspace: ctx.workspace, db: ctx.db, now: ctx.now };
    const accepted = await acceptReconciledVariance(deps, user.name, c.req.param('id') as string, body);
    return accepted;
  });

  mount(app, ctx.settings, api.reconciliationReport, async (c) => {
    const { format } = readQuery(c, z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }));
    const reconciliation = await withAcceptances(ctx.db, load(c.req.param('id') as string));
    const table = reconciliationTable(reconciliation);
    if (format === 'csv') return c.body(reconciliationCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8' });
    const bytes = await reconciliationXlsx(table, summarize(reconciliation), { now: ctx.now });
    return c.body(Buffer.from(bytes), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });

  mount(app, ctx.settings, api.sourceRows, async (c) => {
    const query = readQuery(
      c,
      z.object({ snapshot: z.string(), formula: z.string(), client: z.coerce.number().int(), limit: z.coerce.number().int().min(1).max(500).default(20) }),
    );
    return await cellSourceRows({ snapshots: ctx.snapshots }, await ctx.library(), { ...query, cltID: query.client });
  });
}
