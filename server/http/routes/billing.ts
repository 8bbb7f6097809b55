/** Billing setups (versioned YAML documents), billing runs (as jobs, on the active release), and the audit log. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createPackage } from '../../../engine/formulas/package.ts';
import { executeRun, formulasForRun, type RunInputs } from '../../../engine/runs/billing-run.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import { readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { listRuns, readRun, saveRun } from '../../runs/run-store.ts';
import { appendAudit, listAudit } from '../../store/audit.ts';
import { getDocument, listDocuments, saveDocument } from '../../store/documents.ts';
import { defineRoute, readBody, readQuery, z } from '../openapi.ts';
import { jobView } from './snapshots.ts';

const documentBody = z.object({ text: z.string().min(1).max(1_000_000) });
const runRequest = z.object({
  snapshot: z.string(),
  setup: z.string(),
  variant: z.enum(['legacy', 'consensus']).default('legacy'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

export function billingRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  defineRoute(app, { method: 'get', path: '/api/setups', summary: 'Billing setups and their latest versions', role: 'viewer', tag: 'billing' }, async (c) =>
    c.json({ setups: await listDocuments(ctx.db, 'setup') }),
  );

  defineRoute(app, { method: 'get', path: '/api/setups/{name}', summary: 'The latest version of a billing setup', role: 'viewer', tag: 'billing' }, async (c) =>
    c.json(await getDocument(ctx.db, 'setup', c.req.param('name') as string)),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/setups/{name}',
      summary: 'Save a new version of a billing setup (plans, modifiers, assignments); If-Match: the version edited (0 for a new one)',
      role: 'editor',
      tag: 'billing',
      body: documentBody,
    },
    async (c) => {
      const user = requireRole(c, 'editor');
      const expected = Number(c.req.header('if-match'));
      if (!Number.isInteger(expected))
        throw new ApiError(428, 'precondition_required', 'send If-Match with the version you edited (0 for a new setup)', 'If-Match');
      const { text } = await readBody(c, documentBody);
      const name = c.req.param('name') as string;
      parseSetupFile(text, `${name}.yaml`); // a setup that does not parse is refused with its line and field
      return c.json(await ctx.db.transaction((tx) => saveDocument(tx, 'setup', name, text, expected, user.name, ctx.now())));
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/runs',
      summary: 'Start a billing run on a snapshot with a stored setup and the active formula release (a job)',
      role: 'approver',
      tag: 'billing',
      body: runRequest,
    },
    async (c) => {
      const user = requireRole(c, 'approver');
      const body = await readBody(c, runRequest);
      const manifest = readManifest(ctx.workspace, body.snapshot);
      const setup = await getDocument(ctx.db, 'setup', body.setup);
      const library = await ctx.library();
      const wanted = new Set(formulasForRun(library.formulas, setup.text, `${setup.name}.yaml`, body.variant).map((f) => f.id));
      const formulas = createPackage(
        `release ${library.release.name}`,
        library.files.filter((file) => wanted.has(file.formula.id)),
        ctx.now,
      );
      const inputs: RunInputs = {
        period: { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) },
        stamps: manifest.period,
        snapshot: { id: manifest.id, contentHash: manifest.contentHash },
        setup: { file: `${setup.name}.yaml`, text: setup.text },
        formulas,
        params: body.params,
        variant: body.variant,
      };
      const job = ctx.jobs.start('billing.run', user.name, async ({ progress, signal }) => {
        progress({ step: 'rating', done: 0, total: 1 });
        const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, manifest.id));
        try {
          const result = await executeRun(inputs, sandbox, { now: ctx.now });
          // A run cancelled before it is saved leaves nothing; once saved, it stands (and is audited).
          if (signal.aborted) throw new ApiError(409, 'cancelled', 'the billing run was cancelled before it was saved');
          const id = saveRun(ctx.workspace, result, { setupText: setup.text, formulas });
          await ctx.db.transaction((tx) =>
            appendAudit(
              tx,
              {
                actor: user.name,
                action: 'run.create',
                target: `run:${id}`,
                detail: { snapshot: manifest.id, setup: `${setup.name}@${setup.version}`, release: library.release.name, total: result.record.totals.amount },
              },
              ctx.now(),
            ),
          );
          return { run: id, total: result.record.totals.amount, currency: result.record.totals.currency };
        } finally {
          sandbox.close();
        }
      });
      return c.json(jobView(job), 202);
    },
  );

  defineRoute(app, { method: 'get', path: '/api/runs', summary: 'Billing runs', role: 'viewer', tag: 'billing' }, (c) =>
    c.json({ runs: listRuns(ctx.workspace) }),
  );

  defineRoute(
    app,
    { method: 'get', path: '/api/runs/{id}', summary: 'A billing run record: inputs and outputs with their hashes', role: 'viewer', tag: 'billing' },
    (c) => c.json(readRun(ctx.workspace, c.req.param('id') as string).record),
  );

  defineRoute(
    app,
    { method: 'get', path: '/api/runs/{id}/files/{name}', summary: 'A file of a run: invoices.json, lines.csv, be200.csv', role: 'viewer', tag: 'billing' },
    (c) => {
      const run = readRun(ctx.workspace, c.req.param('id') as string);
      const name = c.req.param('name') as string;
      const content = run.files.get(name);
      if (content === undefined) throw new ApiError(404, 'not_found', `run ${run.record.id} has no file ${name}; it has ${[...run.files.keys()].join(', ')}`);
      return c.body(content, 200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8' });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/audit',
      summary: 'The audit log, newest first',
      role: 'admin',
      tag: 'audit',
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().optional() }),
    },
    async (c) => {
      requireRole(c, 'admin');
      const query = readQuery(c, z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().optional() }));
      return c.json({ entries: await listAudit(ctx.db, { limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) }) });
    },
  );
}
