/**
 * The review workflow: create a draft, edit it (If-Match revision; a stale one is a 409), submit it
 * (its tests must pass), review it (the SQL diff and the result diff on a snapshot), approve it
 * (N approvals from users other than the author make an immutable version), and promote approved
 * versions into a new release.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTwoFilesPatch } from 'diff';
import { parseFormulaFile } from '../../../engine/formulas/file-format.ts';
import { requireRole, type AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { checkFormulaText, testsPass } from '../../services/formula-checks.ts';
import { resultDiff } from '../../services/formula-runs.ts';
import {
  addReview,
  addVersion,
  approversOf,
  createDraft,
  createRelease,
  getDraft,
  getVersion,
  listReleaseSummaries,
  listReviews,
  setDraftStatus,
  updateDraft,
} from '../../store/formulas.ts';
import { api } from '../../api/contract.ts';
import { mount, readBody, readQuery, z } from '../openapi.ts';

const newDraft = z.object({ formulaId: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), text: z.string().min(1).max(200_000) });
const draftEdit = z.object({ text: z.string().min(1).max(200_000) });
const review = z.object({ verdict: z.enum(['approve', 'comment']), comment: z.string().max(5000).optional() });
const promotion = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,80}$/),
  drafts: z.array(z.number().int()).min(1),
  reason: z.string().optional(),
});

export function draftRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.createDraft, async (c) => {
    const user = requireRole(c, 'editor');
    const body = await readBody(c, newDraft);
    idMustMatch(body.text, body.formulaId);
    const base = (await ctx.library()).versionOf.get(body.formulaId) ?? null;
    return await ctx.db.transaction((tx) => createDraft(tx, body.formulaId, body.text, base, user.name, ctx.now()));
  });

  mount(app, ctx.settings, api.showDraft, async (c) => {
    const draft = await getDraft(ctx.db, draftId(c.req.param('id')));
    return { ...draft, reviews: await listReviews(ctx.db, draft.draftId) };
  });

  mount(app, ctx.settings, api.editDraft, async (c) => {
    const user = requireRole(c, 'editor');
    const expected = Number(c.req.header('if-match'));
    if (!Number.isInteger(expected))
      throw new ApiError(428, 'precondition_required', 'send If-Match with the revision you edited, e.g. If-Match: 3', 'If-Match');
    const { text } = await readBody(c, draftEdit);
    const id = draftId(c.req.param('id'));
    idMustMatch(text, (await getDraft(ctx.db, id)).formulaId);
    return await ctx.db.transaction((tx) => updateDraft(tx, id, text, expected, user.name, ctx.now()));
  });

  mount(app, ctx.settings, api.submitDraft, async (c) => {
    const user = requireRole(c, 'editor');
    const id = draftId(c.req.param('id'));
    const report = await checkFormulaText((await getDraft(ctx.db, id)).text, await ctx.library());
    if (!testsPass(report)) throw new ApiError(422, 'tests_fail', 'the draft must validate and pass its fixture tests before review', 'text');
    return await ctx.db.transaction((tx) => setDraftStatus(tx, id, 'editing', 'in_review', user.name, ctx.now()));
  });

  mount(app, ctx.settings, api.draftReview, async (c) => {
    const { snapshot } = readQuery(c, z.object({ snapshot: z.string().optional() }));
    const draft = await getDraft(ctx.db, draftId(c.req.param('id')));
    const library = await ctx.library();
    const base = draft.baseVersion ? await getVersion(ctx.db, draft.baseVersion) : undefined;
    const sqlDiff = createTwoFilesPatch(
      `${draft.formulaId} (release)`,
      `${draft.formulaId} (draft ${draft.draftId} r${draft.revision})`,
      base?.text ?? '',
      draft.text,
    );
    const results = snapshot
      ? await resultDiff(ctx, snapshot, base ? parseFormulaFile(base.text, 'base.yaml') : undefined, parseFormulaFile(draft.text, 'draft.yaml'), library)
      : null;
    return { draft: draft.draftId, revision: draft.revision, sqlDiff, results };
  });

  mount(app, ctx.settings, api.reviewDraft, async (c) => {
    const body = await readBody(c, review);
    const user = requireRole(c, body.verdict === 'approve' ? 'approver' : 'viewer');
    const id = draftId(c.req.param('id'));
    const draft = await getDraft(ctx.db, id);
    if (body.verdict === 'approve') {
      if (draft.status !== 'in_review')
        throw new ApiError(409, 'wrong_state', `draft ${id} is ${draft.status.replace('_', ' ')}; only a draft in review can be approved`);
      if (draft.author === user.name) throw new ApiError(403, 'own_draft', 'the author of a draft cannot approve it');
      const report = await checkFormulaText(draft.text, await ctx.library());
      if (!testsPass(report)) throw new ApiError(422, 'tests_fail', 'the draft no longer passes its tests against the current library', 'text');
    }
    const updated = await ctx.db.transaction(async (tx) => {
      await addReview(tx, draft, user.name, body.verdict, body.comment ?? null, ctx.now());
      const approvals = await approversOf(tx, id, draft.author);
      if (body.verdict !== 'approve' || approvals.size < ctx.settings.approvalsRequired) return getDraft(tx, id);
      const version = await addVersion(tx, draft.formulaId, draft.text, draft.author, ctx.now(), draft.baseVersion);
      return setDraftStatus(tx, id, 'in_review', 'approved', user.name, ctx.now(), { approvedVersion: version.versionId });
    });
    return { ...updated, reviews: await listReviews(ctx.db, id) };
  });

  mount(app, ctx.settings, api.withdrawDraft, async (c) => {
    const user = requireRole(c, 'editor');
    const id = draftId(c.req.param('id'));
    const draft = await getDraft(ctx.db, id);
    if (draft.status === 'approved' || draft.status === 'withdrawn') throw new ApiError(409, 'wrong_state', `draft ${id} is already ${draft.status}`);
    return await ctx.db.transaction((tx) => setDraftStatus(tx, id, draft.status, 'withdrawn', user.name, ctx.now()));
  });

  mount(app, ctx.settings, api.listReleases, async () => {
    return { releases: (await listReleaseSummaries(ctx.db)).map(({ releaseId, ...release }) => ({ id: releaseId, ...release })) };
  });

  mount(app, ctx.settings, api.promoteDrafts, async (c) => {
    const user = requireRole(c, 'approver');
    const body = await readBody(c, promotion);
    const release = await ctx.db.transaction(async (tx) => {
      const changes = new Map<string, string>();
      for (const id of body.drafts) {
        const draft = await getDraft(tx, id);
        if (draft.status !== 'approved' || !draft.approvedVersion)
          throw new ApiError(409, 'not_approved', `draft ${id} is ${draft.status.replace('_', ' ')}; only approved drafts can be promoted`, 'drafts');
        changes.set(draft.formulaId, draft.approvedVersion);
      }
      return createRelease(tx, body.name, changes, user.name, ctx.now(), body.reason);
    });
    await ctx.library(); // the new release bills from now on, on the command line too
    return { id: release.releaseId, name: release.name, formulas: release.items.size, changed: body.drafts };
  });
}

function draftId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id)) throw new ApiError(404, 'not_found', `no draft ${text}`);
  return id;
}

/** A draft's text must define the formula the draft is for. */
function idMustMatch(text: string, formulaId: string): void {
  const declared = /^id:\s*(\S+)/m.exec(text)?.[1];
  if (declared !== undefined && declared !== formulaId)
    throw new ApiError(400, 'id_mismatch', `the text defines formula ${declared}, but the draft is for ${formulaId}`, 'text');
}
