/**
 * What the workbench grid and the what-if pane need: the results grid (clients x statistics, paged,
 * from the active release or with a draft in place), scenarios (versioned documents) and their
 * comparison with a baseline setup, drafts by status, and library packages (export; import as
 * drafts, so nothing enters the library without review).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createPackage } from '../../../engine/formulas/package.ts';
import { accountTotals, linesOfAccounts } from '../../../engine/rating/compare.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { saveBillingDocument, storedDocuments, withEditedScenario } from '../../services/documents.ts';
import { gridPage } from '../../services/grid.ts';
import { importPackage } from '../../services/packages.ts';
import { storedSwaps } from '../../services/scenario-formulas.ts';
import { compareScenario } from '../../services/what-if.ts';
import { listDrafts } from '../../store/formulas.ts';
import { getDocument, listDocuments } from '../../store/documents.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function workbenchRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.grid, async (_, { query }) => {
    const page = await gridPage({ snapshots: ctx.snapshots, db: ctx.db, results: ctx.results }, await ctx.library(), {
      ...query,
      columns: query.columns?.split(',').map((id) => id.trim()),
    });
    return page;
  });

  mount(app, ctx.settings, api.listDrafts, async (_, { query: { status } }) => {
    return { drafts: (await listDrafts(ctx.db, { status })).map(({ text: _text, ...draft }) => draft) };
  });

  mount(app, ctx.settings, api.listScenarios, async () => ({ scenarios: await listDocuments(ctx.db, 'scenario') }));

  mount(app, ctx.settings, api.showScenario, async (_, { params }) => await getDocument(ctx.db, 'scenario', params.name));

  mount(app, ctx.settings, api.saveScenario, (_, { user, params, headers, body }) =>
    saveBillingDocument(ctx, user.name, { kind: 'scenario', name: params.name, text: body.text, expected: headers['if-match'] }),
  );

  mount(app, ctx.settings, api.compareScenario, async (_, { body }) => {
    const deps = {
      snapshots: ctx.snapshots,
      documents: withEditedScenario(storedDocuments(ctx.db), body.scenario, body.scenarioText),
      resolveSwaps: storedSwaps(ctx.db),
      results: ctx.results,
      ratings: ctx.ratings,
      inputs: ctx.ratingInputs,
    };
    const whatIf = await compareScenario(deps, await ctx.library(), { snapshot: body.snapshot, setup: body.setup, scenario: body.scenario });
    const { comparison } = whatIf;
    const accounts = comparison.accounts.slice(0, body.top);
    const listed = accounts.map((delta) => delta.key[0] as string);
    return {
      ...comparison,
      accounts,
      lines: linesOfAccounts(whatIf.before, whatIf.after, listed).slice(0, body.top * 5),
      currency: whatIf.currency,
      requeried: whatIf.requeried,
      work: whatIf.work,
      ...(body.everyAccount ? ctx.shownRows.answer(accountTotals(whatIf.before, whatIf.after), body.since) : {}),
    };
  });

  mount(app, ctx.settings, api.exportPackage, async (_, { query: { ids } }) => {
    const library = await ctx.library();
    const wanted = ids ? new Set(ids.split(',').map((id) => id.trim().toLowerCase())) : undefined;
    return createPackage(
      `release ${library.release.name}`,
      library.files.filter((file) => !wanted || wanted.has(file.formula.id.toLowerCase())),
      ctx.now,
    );
  });

  mount(app, ctx.settings, api.importPackage, async (_, { user, body }) => importPackage(ctx, await ctx.library(), user.name, body));
}
