/**
 * Formulas of the active release: list, show, version history, text diff between versions, and
 * the checks an editor runs while writing (validate, test, run on a snapshot); retiring a formula.
 */
import { legacyChangeOf } from '../../services/release-library.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTwoFilesPatch } from 'diff';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { checkFormulaText } from '../../services/formula-checks.ts';
import { formulaToRun, runFormula } from '../../services/formula-runs.ts';
import { retireFormula } from '../../services/releases.ts';
import { getVersion, listVersions, versionEditors } from '../../store/formulas.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function formulaRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listFormulas, async () => {
    const library = await ctx.library();
    return {
      release: { id: library.release.releaseId, name: library.release.name, contentHash: library.label.contentHash },
      formulas: library.formulas.map((f) => ({
        id: f.id,
        title: f.title,
        family: f.family,
        variant: f.variant,
        statistic: f.statistic,
        unit: f.unit,
        legacy: f.legacy ?? null,
        version: library.versionOf.get(f.id) as string,
        changedFromLegacy: library.legacyChanged.get(f.id) ?? null,
      })),
    };
  });

  mount(app, ctx.settings, api.showFormula, async (_, { params }) => {
    const library = await ctx.library();
    const formula = library.index.get(params.id.toLowerCase());
    if (!formula) throw new ApiError(404, 'not_found', `no formula ${params.id} in release ${library.release.name}`);
    const versionId = library.versionOf.get(formula.id) as string;
    return { formula, version: versionId, text: (await getVersion(ctx.db, versionId)).text, changedFromLegacy: library.legacyChanged.get(formula.id) ?? null };
  });

  mount(app, ctx.settings, api.formulaVersions, async (_, { params }) => ({
    // Each with everyone who wrote its text (the two-person rule: none of them approved it).
    versions: await Promise.all(
      (await listVersions(ctx.db, params.id)).map(async ({ text: _text, ...version }) => ({ ...version, editors: await versionEditors(ctx.db, version) })),
    ),
  }));

  mount(app, ctx.settings, api.formulaDiff, async (_, { query: { from, to } }) => {
    const [a, b] = [await getVersion(ctx.db, from), await getVersion(ctx.db, to)];
    return { diff: createTwoFilesPatch(`${a.formulaId} v${a.number}`, `${b.formulaId} v${b.number}`, a.text, b.text) };
  });

  mount(app, ctx.settings, api.validateFormula, async (_, { body: { text } }) => {
    const report = await checkFormulaText(text, await ctx.library(), { runTests: false });
    return { valid: report.errors.length === 0, errors: report.errors };
  });

  mount(app, ctx.settings, api.testFormula, async (_, { body: { text } }) => {
    const report = await checkFormulaText(text, await ctx.library());
    return { valid: report.errors.length === 0, errors: report.errors, tests: report.tests };
  });

  mount(app, ctx.settings, api.runFormula, async (_, { body }) => {
    const library = await ctx.library();
    const formula = await formulaToRun(library, body);
    const run = await runFormula(ctx, library, { snapshot: body.snapshot, formula, params: body.params });
    return { formula: run.formula, snapshot: body.snapshot, values: Object.fromEntries(run.values), changedFromLegacy: legacyChangeOf(library, formula) };
  });

  mount(app, ctx.settings, api.retireFormula, async (_, { user, params, body }) => {
    const retirement = await retireFormula(ctx, await ctx.library(), user.name, params.id, body);
    if (retirement.status === 'proposed') return { ...retirement, release: null };
    await ctx.library(); // the new release bills from now on, on the command line too
    const { release } = retirement;
    return { ...retirement, release: { id: release.releaseId, name: release.name, formulas: release.items.size } };
  });
}
