/**
 * What the workbench grid and the what-if pane need: the results grid (clients x statistics, paged,
 * from the active release or with a draft in place), scenarios (versioned documents) and their
 * comparison with a baseline setup, drafts by status, and library packages (export; import as
 * drafts, so nothing enters the library without review).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { be200Statistics } from '../../../engine/be200/columns.ts';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { createPackage, planImport, readPackage } from '../../../engine/formulas/package.ts';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import { accountTotals, compareInvoices } from '../../../engine/rating/compare.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { applyScenario, needsStatistics, parseScenarioFile } from '../../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../../engine/rating/statistics.ts';
import { readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { withFormula } from '../../services/formula-checks.ts';
import { resolveFormulaSwaps } from '../../services/scenario-formulas.ts';
import { createDraft, getDraft } from '../../store/formulas.ts';
import { getDocument, listDocuments, saveDocument } from '../../store/documents.ts';
import { defineRoute, readBody, readQuery, z } from '../openapi.ts';

const gridQuery = z.object({
  snapshot: z.string(),
  columns: z.string().optional(),
  draft: z.coerce.number().int().optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  search: z.string().optional(),
});
const compareRequest = z.object({
  snapshot: z.string(),
  setup: z.string(),
  scenario: z.string(),
  top: z.number().int().min(1).max(5000).default(50),
  everyAccount: z.boolean().default(false),
});
const importRequest = z.object({ package: z.string().min(2), apply: z.boolean().default(false) });
const CLIENTS = "SELECT cltID, ClientNumber::VARCHAR AS n, ClientName, coalesce(BillingCode, '') AS b FROM cltClients ORDER BY ClientNumber";

export function workbenchRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/grid',
      summary: 'The results grid: clients (paged, searchable) x statistics, from the active release or with a draft in place',
      role: 'viewer',
      tag: 'grid',
      query: gridQuery,
    },
    async (c) => {
      const query = readQuery(c, gridQuery);
      const manifest = readManifest(ctx.workspace, query.snapshot);
      const library = await ctx.library();
      const draft = query.draft !== undefined ? parseFormulaFile((await getDraft(ctx.db, query.draft)).text, 'draft.yaml') : undefined;
      const index = draft ? withFormula(library, draft) : library.index;
      const ids = query.columns ? query.columns.split(',').map((id) => id.trim()) : be200Statistics.map((column) => column.name);
      const formulas = ids.map((id) => {
        const formula = index.get(id.toLowerCase());
        if (!formula) throw new ApiError(400, 'unknown_formula', `no formula ${id} in release ${library.release.name}`, 'columns');
        return formula;
      });
      const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, manifest.id));
      try {
        const evaluation = await createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index, cache: ctx.results }).evaluate(formulas, {
          start: manifest.period.start,
          end: manifest.period.end,
        });
        const needle = query.search?.toLowerCase();
        const clients = (await sandbox.query(CLIENTS, { values: {}, types: {} }, 'clients')).filter(
          (row) => !needle || `${row.n} ${row.ClientName} ${row.b}`.toLowerCase().includes(needle),
        );
        const page = clients.slice(query.offset, query.offset + query.limit);
        return c.json({
          snapshot: manifest.id,
          release: library.release.name,
          draft: query.draft ?? null,
          columns: formulas.map((f) => ({ id: f.id, title: f.title, unit: f.unit, family: f.family, variant: f.variant })),
          total: clients.length,
          offset: query.offset,
          rows: page.map((row) => ({
            cltID: Number(row.cltID),
            clientNumber: String(row.n),
            name: String(row.ClientName),
            billingCode: String(row.b),
            values: Object.fromEntries(formulas.map((f) => [f.id, evaluation.results.get(f.id)?.values.get(Number(row.cltID)) ?? '0'])),
          })),
          computed: evaluation.computed.length,
          cached: evaluation.cached.length,
        });
      } finally {
        sandbox.close();
      }
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/drafts',
      summary: 'Drafts, newest first, optionally by status',
      role: 'viewer',
      tag: 'review',
      query: z.object({ status: z.enum(['editing', 'in_review', 'approved', 'withdrawn']).optional() }),
    },
    async (c) => {
      const { status } = readQuery(c, z.object({ status: z.enum(['editing', 'in_review', 'approved', 'withdrawn']).optional() }));
      const rows = await ctx.db.all(
        `SELECT draft_id, formula_id, status, author, revision FROM drafts WHERE $s IS NULL OR status = $s ORDER BY draft_id DESC`,
        { s: status ?? null },
      );
      return c.json({
        drafts: rows.map((r) => ({ draftId: Number(r.draft_id), formulaId: r.formula_id, status: r.status, author: r.author, revision: Number(r.revision) })),
      });
    },
  );

  defineRoute(app, { method: 'get', path: '/api/scenarios', summary: 'Scenarios and their latest versions', role: 'viewer', tag: 'what-if' }, async (c) =>
    c.json({ scenarios: await listDocuments(ctx.db, 'scenario') }),
  );

  defineRoute(app, { method: 'get', path: '/api/scenarios/{name}', summary: 'The latest version of a scenario', role: 'viewer', tag: 'what-if' }, async (c) =>
    c.json(await getDocument(ctx.db, 'scenario', c.req.param('name') as string)),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/scenarios/{name}',
      summary: 'Save a new version of a scenario; If-Match: the version edited (0 for a new one)',
      role: 'editor',
      tag: 'what-if',
      body: z.object({ text: z.string().min(1) }),
    },
    async (c) => {
      const user = requireRole(c, 'editor');
      const expected = Number(c.req.header('if-match'));
      if (!Number.isInteger(expected))
        throw new ApiError(428, 'precondition_required', 'send If-Match with the version you edited (0 for a new scenario)', 'If-Match');
      const { text } = await readBody(c, z.object({ text: z.string().min(1) }));
      const name = c.req.param('name') as string;
      parseScenarioFile(text, `${name}.yaml`);
      return c.json(await ctx.db.transaction((tx) => saveDocument(tx, 'scenario', name, text, expected, user.name, ctx.now())));
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/scenarios/compare',
      summary: 'Baseline setup against a scenario: totals, accounts up/down/same, largest changes (rate-only changes do not re-query)',
      role: 'viewer',
      tag: 'what-if',
      body: compareRequest,
    },
    async (c) => {
      const body = await readBody(c, compareRequest);
      const manifest = readManifest(ctx.workspace, body.snapshot);
      const library = await ctx.library();
      const baseline = parseSetupFile((await getDocument(ctx.db, 'setup', body.setup)).text, `${body.setup}.yaml`);
      const scenario = parseScenarioFile((await getDocument(ctx.db, 'scenario', body.scenario)).text, `${body.scenario}.yaml`, baseline.plans[0]?.currency);
      const changed = applyScenario(baseline, scenario);
      const sandbox = await openSnapshotSandbox(snapshotDataFile(ctx.workspace, manifest.id));
      try {
        const evaluator = createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index: library.index, cache: ctx.results });
        const params = { start: manifest.period.start, end: manifest.period.end };
        const period = { start: manifest.period.start.slice(0, 10), end: manifest.period.end.slice(0, 10) };
        const clients = (await sandbox.query(CLIENTS, { values: {}, types: {} }, 'clients')).map((row) => ({
          cltID: Number(row.cltID),
          clientNumber: String(row.n),
          name: String(row.ClientName),
          billingCode: String(row.b),
        }));
        const statistics = await computeStatistics(
          evaluator,
          formulasFor(statisticsNeeded(baseline, statisticsNeeded(changed)), library.index, baseline),
          params,
        );
        const before = rate({ setup: baseline, clients, statistics, period, explainClients: false, memo: ctx.ratings });
        const swaps = await resolveFormulaSwaps(ctx.db, library, scenario.formulas);
        const afterEvaluator =
          swaps.index === library.index ? evaluator : createEvaluator({ sandbox, snapshotKey: manifest.contentHash, index: swaps.index, cache: ctx.results });
        const afterStatistics = needsStatistics(scenario)
          ? await computeStatistics(afterEvaluator, formulasFor(statisticsNeeded(changed), swaps.index, changed, swaps.formulas), {
              ...params,
              ...scenario.params,
            })
          : statistics;
        const after = rate({ setup: changed, clients, statistics: afterStatistics, period, explainClients: false, memo: ctx.ratings });
        const comparison = compareInvoices(before.invoices, after.invoices);
        return c.json({
          ...comparison,
          accounts: comparison.accounts.slice(0, body.top),
          lines: comparison.lines.slice(0, body.top * 5),
          requeried: needsStatistics(scenario),
          ...(body.everyAccount ? { everyAccount: accountTotals(before.invoices, after.invoices) } : {}),
        });
      } finally {
        sandbox.close();
      }
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/library/export',
      summary: 'A package of formulas of the active release (all, or ?ids=A,B)',
      role: 'viewer',
      tag: 'library',
      query: z.object({ ids: z.string().optional() }),
    },
    async (c) => {
      const { ids } = readQuery(c, z.object({ ids: z.string().optional() }));
      const library = await ctx.library();
      const wanted = ids ? new Set(ids.split(',').map((id) => id.trim().toLowerCase())) : undefined;
      return c.json(
        createPackage(
          `release ${library.release.name}`,
          library.files.filter((file) => !wanted || wanted.has(file.formula.id.toLowerCase())),
          ctx.now,
        ),
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/library/import',
      summary: 'Compare a package with the active release; with apply, new and changed formulas become drafts for review',
      role: 'editor',
      tag: 'library',
      body: importRequest,
    },
    async (c) => {
      const user = requireRole(c, 'editor');
      const body = await readBody(c, importRequest);
      const { package: pkg, formulas } = readPackage(body.package, 'package');
      const library = await ctx.library();
      const plan = planImport(pkg, formulas, library.files);
      if (!body.apply) return c.json({ items: plan });
      const drafts = await ctx.db.transaction(async (tx) => {
        const created: { formulaId: string; draftId: number }[] = [];
        for (const item of plan.filter((i) => i.status !== 'unchanged')) {
          const entry = pkg.formulas.find((f) => f.id === item.id);
          if (!entry) continue;
          const draft = await createDraft(tx, item.id, entry.text, library.versionOf.get(item.id) ?? null, user.name, ctx.now());
          created.push({ formulaId: item.id, draftId: draft.draftId });
        }
        return created;
      });
      return c.json({ items: plan, drafts });
    },
  );
}
