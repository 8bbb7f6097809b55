/**
 * Formulas of the active release: list, show, version history, text diff between versions, and
 * the checks an editor runs while writing (validate, test, run on a snapshot); retiring a formula.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTwoFilesPatch } from 'diff';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { checkFormulaText, runOnSnapshot, withFormula } from '../../services/formula-checks.ts';
import { createRelease, getVersion, listVersions } from '../../store/formulas.ts';
import { defineRoute, readBody, readQuery, z } from '../openapi.ts';

const formulaText = z.object({ text: z.string().min(1).max(200_000) });
const runRequest = z.object({
  text: z.string().optional(),
  id: z.string().optional(),
  snapshot: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

export function formulaRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  defineRoute(app, { method: 'get', path: '/api/formulas', summary: 'The formulas of the active release', role: 'viewer', tag: 'formulas' }, async (c) => {
    const library = await ctx.library();
    return c.json({
      release: { id: library.release.releaseId, name: library.release.name },
      formulas: library.formulas.map((f) => ({
        id: f.id,
        title: f.title,
        family: f.family,
        variant: f.variant,
        statistic: f.statistic,
        unit: f.unit,
        legacy: f.legacy ?? null,
        version: library.versionOf.get(f.id),
      })),
    });
  });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/formulas/{id}',
      summary: 'A formula: its metadata, SQL, tests and file text in the active release',
      role: 'viewer',
      tag: 'formulas',
    },
    async (c) => {
      const library = await ctx.library();
      const formula = library.index.get((c.req.param('id') as string).toLowerCase());
      if (!formula) throw new ApiError(404, 'not_found', `no formula ${c.req.param('id')} in release ${library.release.name}`);
      const versionId = library.versionOf.get(formula.id) as string;
      return c.json({ formula, version: versionId, text: (await getVersion(ctx.db, versionId)).text });
    },
  );

  defineRoute(
    app,
    { method: 'get', path: '/api/formulas/{id}/versions', summary: 'Every version of a formula, oldest first', role: 'viewer', tag: 'formulas' },
    async (c) => c.json({ versions: (await listVersions(ctx.db, c.req.param('id') as string)).map(({ text: _text, ...version }) => version) }),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/formulas/{id}/diff',
      summary: 'Unified diff between two versions of a formula',
      role: 'viewer',
      tag: 'formulas',
      query: z.object({ from: z.string(), to: z.string() }),
    },
    async (c) => {
      const { from, to } = readQuery(c, z.object({ from: z.string(), to: z.string() }));
      const [a, b] = [await getVersion(ctx.db, from), await getVersion(ctx.db, to)];
      return c.json({ diff: createTwoFilesPatch(`${a.formulaId} v${a.number}`, `${b.formulaId} v${b.number}`, a.text, b.text) });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/formulas/validate',
      summary: 'Validate a formula text against the active library (errors with line and column)',
      role: 'viewer',
      tag: 'formulas',
      body: formulaText,
    },
    async (c) => {
      const { text } = await readBody(c, formulaText);
      const report = await checkFormulaText(text, await ctx.library(), { runTests: false });
      return c.json({ valid: report.errors.length === 0, errors: report.errors });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/formulas/test',
      summary: 'Validate a formula text and run its fixture tests',
      role: 'viewer',
      tag: 'formulas',
      body: formulaText,
    },
    async (c) => {
      const { text } = await readBody(c, formulaText);
      const report = await checkFormulaText(text, await ctx.library());
      return c.json({ valid: report.errors.length === 0, errors: report.errors, tests: report.tests });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/formulas/run',
      summary: 'Run a formula (by id, or a text) on a snapshot: value per client',
      role: 'viewer',
      tag: 'formulas',
      body: runRequest,
    },
    async (c) => {
      const body = await readBody(c, runRequest);
      const library = await ctx.library();
      let formula = body.id ? library.index.get(body.id.toLowerCase()) : undefined;
      if (body.text) {
        const report = await checkFormulaText(body.text, library, { runTests: false });
        if (report.errors.length > 0 || !report.formula)
          throw new ApiError(400, 'invalid_formula', report.errors[0]?.message ?? 'the formula is not valid', 'text');
        formula = report.formula;
      }
      if (!formula) throw new ApiError(400, 'bad_request', 'give the id of a formula or its text', 'id');
      const values = await runOnSnapshot(ctx, body.snapshot, formula, withFormula(library, formula), body.params);
      return c.json({ formula: formula.id, snapshot: body.snapshot, values: Object.fromEntries(values) });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/formulas/{id}/retire',
      summary: 'Retire a formula: a new release without it',
      role: 'approver',
      tag: 'formulas',
      body: z.object({ release: z.string().min(1), reason: z.string().min(1) }),
    },
    async (c) => {
      const user = requireRole(c, 'approver');
      const body = await readBody(c, z.object({ release: z.string().min(1), reason: z.string().min(1) }));
      const library = await ctx.library();
      const formula = library.index.get((c.req.param('id') as string).toLowerCase());
      if (!formula) throw new ApiError(404, 'not_found', `no formula ${c.req.param('id')} in release ${library.release.name}`);
      const release = await ctx.db.transaction((tx) => createRelease(tx, body.release, new Map([[formula.id, null]]), user.name, ctx.now(), body.reason));
      return c.json({ release: { id: release.releaseId, name: release.name, formulas: release.items.size } });
    },
  );
}
