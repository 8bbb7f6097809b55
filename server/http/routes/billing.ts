/** Billing setups (versioned YAML documents), billing runs (as jobs, on the active release), and the audit log. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { readRun } from '../../runs/run-store.ts';
import { startBillingRun } from '../../services/billing-run-job.ts';
import { saveBillingDocument, storedDocuments } from '../../services/documents.ts';
import { runsWithLifecycle, runWithLifecycle } from '../../services/run-lifecycle.ts';
import { listAudit } from '../../store/audit.ts';
import { getDocument, listDocuments } from '../../store/documents.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';
import { invoiceRoutes } from './invoices.ts';
import { jobView } from './snapshots.ts';

export function billingRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listSetups, async () => ({ setups: await listDocuments(ctx.db, 'setup') }));

  mount(app, ctx.settings, api.showSetup, async (_, { params }) => await getDocument(ctx.db, 'setup', params.name));

  mount(app, ctx.settings, api.saveSetup, (_, { user, params, headers, body }) =>
    saveBillingDocument(ctx, user.name, { kind: 'setup', name: params.name, text: body.text, expected: headers['if-match'] }),
  );

  mount(app, ctx.settings, api.startRun, async (_, { user, body }) => {
    const deps = { workspace: ctx.workspace, snapshots: ctx.snapshots, documents: storedDocuments(ctx.db), jobs: ctx.jobs, db: ctx.db, now: ctx.now };
    const job = await startBillingRun(deps, user.name, await ctx.library(), body);
    return jobView(job);
  });

  mount(app, ctx.settings, api.listRuns, async () => ({ runs: await runsWithLifecycle(ctx) }));

  mount(app, ctx.settings, api.showRun, (_, { params }) => runWithLifecycle(ctx, params.id));

  mount(app, ctx.settings, api.runFile, (c, { params: { id, name } }) => {
    const run = readRun(ctx.workspace, id);
    const content = run.files.get(name);
    if (content === undefined) throw new ApiError(404, 'not_found', `run ${run.record.id} has no file ${name}; it has ${[...run.files.keys()].join(', ')}`);
    return c.body(content, 200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8' });
  });

  invoiceRoutes(app, ctx);

  mount(app, ctx.settings, api.auditLog, async (_, { query }) => {
    return { entries: await listAudit(ctx.db, { limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) }) };
  });
}
