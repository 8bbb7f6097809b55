/**
 * What the workbench grid and the what-if pane need: the results grid (clients x statistics, paged,
 * from the active release or with a draft in place), scenarios (versioned documents) and their
 * comparison with a baseline setup, drafts by status, and library packages (export; import as
 * drafts, so nothing enters the library without review).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createPackage, planImport, readPackage } from '../../../engine/formulas/package.ts';
import { accountTotals } from '../../../engine/rating/compare.ts';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { saveBillingDocument, storedDocuments } from '../../services/documents.ts';
import { gridPage } from '../../services/grid.ts';
import { storedSwaps } from '../../services/scenario-formulas.ts';
import { compareScenario } from '../../services/what-if.ts';
import { createDraft, listDrafts } from '../../store/formulas.ts';
import { getDocument, listDocuments } from '../../store/documents.ts';
import { api } from '../../api/contract.ts';
import { mount, readBody, readQuery, z } from '../openapi.ts';

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

export function workbenchRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.grid, async (c) => {
    const query = readQuery(c, gridQuery);
    const page = await gridPage({ snapshots: ctx.snapshots, db: ctx.db, results: ctx.results }, await ctx.library(), {
      ...query,
      columns: query.columns?.split(',').map((id) => id.trim()),
    });
    return page;
  });

  mount(app, ctx.settings, api.listDrafts, async (c) => {
    const { status } = readQuery(c, z.object({ status: z.enum(['editing', 'in_review', 'approved', 'withdrawn']).optional() }));
    return { drafts: (await listDrafts(ctx.db, { status })).map(({ text: _text, ...draft }) => draft) };
  });

  mount(app, ctx.settings, api.listScenarios, async () => ({ scenarios: await listDocuments(ctx.db, 'scenario') }));

  mount(app, ctx.settings, api.showScenario, async (c) => await getDocument(ctx.db, 'scenario', c.req.param('name') as string));

  mount(app, ctx.settings, api.saveScenario, async (c) => {
    const user = requireRole(c, 'editor');
    const expected = Number(c.req.header('if-match'));
    if (!Number.isInteger(expected))
      throw new ApiError(428, 'precondition_required', 'send If-Match with the version you edited (0 for a new scenario)', 'If-Match');
    const { text } = await readBody(c, z.object({ text: z.string().min(1) }));
    const name = c.req.param('name') as string;
    return saveBillingDocument(ctx, user.name, { kind: 'scenario', name, text, expected });
  });

  mount(app, ctx.settings, api.compareScenario, async (c) => {
    const body = await readBody(c, compareRequest);
    const deps = {
      snapshots: ctx.snapshots,
      documents: storedDocuments(ctx.db),
      resolveSwaps: storedSwaps(ctx.db),
      results: ctx.results,
      ratings: ctx.ratings,
    };
    const whatIf = await compareScenario(deps, await ctx.library(), { snapshot: body.snapshot, setup: body.setup, scenario: body.scenario });
    const { comparison } = whatIf;
    return {
      ...comparison,
      accounts: comparison.accounts.slice(0, body.top),
      lines: comparison.lines.slice(0, body.top * 5),
      requeried: whatIf.requeried,
      ...(body.everyAccount ? { everyAccount: accountTotals(whatIf.before, whatIf.after) } : {}),
    };
  });

  mount(app, ctx.settings, api.exportPackage, async (c) => {
    const { ids } = readQuery(c, z.object({ ids: z.string().optional() }));
    const library = await ctx.library();
    const wanted = ids ? new Set(ids.split(',').map((id) => id.trim().toLowerCase())) : undefined;
    return createPackage(
      `release ${library.release.name}`,
      library.files.filter((file) => !wanted || wanted.has(file.formula.id.toLowerCase())),
      ctx.now,
    );
  });

  mount(app, ctx.settings, api.importPackage, async (c) => {
    const user = requireRole(c, 'editor');
    const body = await readBody(c, importRequest);
    const { package: pkg, formulas } = readPackage(body.package, 'package');
    const library = await ctx.library();
    const plan = planImport(pkg, formulas, library.files);
    if (!body.apply) return { items: plan };
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
    return { items: plan, drafts };
  });
}
