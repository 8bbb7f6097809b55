/** Billing setups (versioned YAML documents), billing runs (as jobs, on the active release), and the audit log. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { readRun } from '../../runs/run-store.ts';
import { startBillingRun } from '../../services/billing-run-job.ts';
import { storedDocuments } from '../../services/documents.ts';
import {
  approvedSetups,
  checkSetup,
  InvalidSetup,
  listSetups,
  listSetupVersions,
  reviewSetup,
  saveSetupVersion,
  setupChoices,
  setupVersionNumber,
  showSetupVersion,
  submitSetup,
} from '../../services/setups.ts';
import { runsWithLifecycle, runWithLifecycle } from '../../services/run-lifecycle.ts';
import { listAudit } from '../../store/audit.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';
import { problem } from '../problem.ts';
import { invoiceRoutes } from './invoices.ts';
import { jobView } from './snapshots.ts';

export function billingRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listSetups, async () => ({ setups: await listSetups(ctx) }));

  mount(app, ctx.settings, api.showSetup, (_, { params }) => showSetupVersion(ctx, params.name));

  mount(app, ctx.settings, api.saveSetup, (c, { user, params, headers, body }) =>
    withProblems(c, async () => {
      const { document, warnings } = await saveSetupVersion(ctx, user.name, { name: params.name, text: body.text, expected: headers['if-match'] });
      return { ...document, warnings };
    }),
  );

  mount(app, ctx.settings, api.checkSetup, (_, { params, body }) => checkSetup(ctx, params.name, body.text, body.snapshot));

  mount(app, ctx.settings, api.setupChoices, (_, { query }) => setupChoices(ctx, query.snapshot));

  mount(app, ctx.settings, api.listSetupVersions, async (_, { params }) => ({ versions: await listSetupVersions(ctx, params.name) }));

  mount(app, ctx.settings, api.showSetupVersion, (_, { params }) => showSetupVersion(ctx, params.name, setupVersionNumber(params.name, params.version)));

  mount(app, ctx.settings, api.submitSetup, async (c, { user, params }) =>
    withProblems(c, () => submitSetup(ctx, user.name, params.name, setupVersionNumber(params.name, params.version))),
  );

  mount(app, ctx.settings, api.approveSetup, async (c, { user, params, body }) =>
    withProblems(c, () =>
      reviewSetup(ctx, user.name, params.name, setupVersionNumber(params.name, params.version), { verdict: 'approve', comment: body.comment }),
    ),
  );

  mount(app, ctx.settings, api.rejectSetup, (_, { user, params, body }) =>
    reviewSetup(ctx, user.name, params.name, setupVersionNumber(params.name, params.version), { verdict: 'reject', comment: body.comment }),
  );

  mount(app, ctx.settings, api.startRun, async (_, { user, body }) => {
    // A run bills with an approved setup version only (the latest approved unless one is named).
    const documents = approvedSetups(ctx.db, storedDocuments(ctx.db));
    const deps = { workspace: ctx.workspace, snapshots: ctx.snapshots, documents, jobs: ctx.jobs, db: ctx.db, now: ctx.now };
    const { setupVersion, ...request } = body;
    const setup = setupVersion === undefined ? body.setup : `${body.setup}@${setupVersion}`;
    const job = await startBillingRun(deps, user.name, await ctx.library(), { ...request, setup });
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

/** A setup that does not validate: a 400 problem at its first error, with every error in `problems` (the editor marks each). */
function invalidSetupProblem(c: Context, error: InvalidSetup): Response {
  const { file, line, column, field } = error.location;
  return problem(c, 400, error.code, error.message, field, { file, line, column, problems: error.problems });
}

async function withProblems<T>(c: Context, work: () => Promise<T>): Promise<T | Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidSetup) return invalidSetupProblem(c, error);
    throw error;
  }
}
