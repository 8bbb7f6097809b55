/** Billing setups (versioned YAML documents), billing runs (as jobs, on the active release), and the audit log. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { listRuns, readRun } from '../../runs/run-store.ts';
import { startBillingRun } from '../../services/billing-run-job.ts';
import { saveBillingDocument, storedDocuments } from '../../services/documents.ts';
import { listAudit } from '../../store/audit.ts';
import { getDocument, listDocuments } from '../../store/documents.ts';
import { api } from '../../api/contract.ts';
import { mount, readBody, readQuery, z } from '../openapi.ts';
import { jobView } from './snapshots.ts';

const documentBody = z.object({ text: z.string().min(1).max(1_000_000) });
const runRequest = z.object({
  snapshot: z.string(),
  setup: z.string(),
  variant: z.enum(['legacy', 'consensus']).default('legacy'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

export function billingRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listSetups, async () => ({ setups: await listDocuments(ctx.db, 'setup') }));

  mount(app, ctx.settings, api.showSetup, async (c) => await getDocument(ctx.db, 'setup', c.req.param('name') as string));

  mount(app, ctx.settings, api.saveSetup, async (c) => {
    const user = requireRole(c, 'editor');
    const expected = Number(c.req.header('if-match'));
    if (!Number.isInteger(expected))
      throw new ApiError(428, 'precondition_required', 'send If-Match with the version you edited (0 for a new setup)', 'If-Match');
    const { text } = await readBody(c, documentBody);
    const name = c.req.param('name') as string;
    return saveBillingDocument(ctx, user.name, { kind: 'setup', name, text, expected });
  });

  mount(app, ctx.settings, api.startRun, async (c) => {
    const user = requireRole(c, 'approver');
    const body = await readBody(c, runRequest);
    const deps = { workspace: ctx.workspace, snapshots: ctx.snapshots, documents: storedDocuments(ctx.db), jobs: ctx.jobs, db: ctx.db, now: ctx.now };
    const job = await startBillingRun(deps, user.name, await ctx.library(), body);
    return jobView(job);
  });

  mount(app, ctx.settings, api.listRuns, () => ({ runs: listRuns(ctx.workspace) }));

  mount(app, ctx.settings, api.showRun, (c) => readRun(ctx.workspace, c.req.param('id') as string).record);

  mount(app, ctx.settings, api.runFile, (c) => {
    const run = readRun(ctx.workspace, c.req.param('id') as string);
    const name = c.req.param('name') as string;
    const content = run.files.get(name);
    if (content === undefined) throw new ApiError(404, 'not_found', `run ${run.record.id} has no file ${name}; it has ${[...run.files.keys()].join(', ')}`);
    return c.body(content, 200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8' });
  });

  mount(app, ctx.settings, api.auditLog, async (c) => {
    requireRole(c, 'admin');
    const query = readQuery(c, z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().optional() }));
    return { entries: await listAudit(ctx.db, { limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) }) };
  });
}
