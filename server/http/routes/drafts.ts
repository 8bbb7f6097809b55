/**
 * The review workflow over HTTP (services/review.ts): create a draft, edit it (If-Match revision),
 * submit it, see what it changes, comment on or approve it, withdraw it; and promote approved
 * versions into a new release (services/releases.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { promoteDrafts } from '../../services/releases.ts';
import { createDraft, draftChange, draftId, editDraft, reviewDraft, type ReviewDeps, showDraft, submitDraft, withdrawDraft } from '../../services/review.ts';
import { listReleaseSummaries } from '../../store/formulas.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function draftRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const review: ReviewDeps = { db: ctx.db, now: ctx.now, library: () => ctx.library(), approvalsRequired: ctx.settings.approvalsRequired };

  mount(app, ctx.settings, api.createDraft, (_, { user, body }) => createDraft(review, user.name, body));

  mount(app, ctx.settings, api.showDraft, (_, { params }) => showDraft(review, draftId(params.id)));

  mount(app, ctx.settings, api.editDraft, (_, { user, params, headers, body }) =>
    editDraft(review, user, draftId(params.id), { text: body.text, expected: headers['if-match'] }),
  );

  mount(app, ctx.settings, api.submitDraft, (_, { user, params }) => submitDraft(review, user.name, draftId(params.id)));

  mount(app, ctx.settings, api.draftReview, (_, { params, query }) => draftChange({ ...review, snapshots: ctx.snapshots }, draftId(params.id), query.snapshot));

  mount(app, ctx.settings, api.reviewDraft, (_, { user, params, body }) => reviewDraft(review, user, draftId(params.id), body));

  mount(app, ctx.settings, api.withdrawDraft, (_, { user, params }) => withdrawDraft(review, user, draftId(params.id)));

  mount(app, ctx.settings, api.listReleases, async () => ({
    releases: (await listReleaseSummaries(ctx.db)).map(({ releaseId, ...release }) => ({ id: releaseId, ...release })),
  }));

  mount(app, ctx.settings, api.promoteDrafts, async (_, { user, body }) => {
    const release = await promoteDrafts(ctx, user.name, body);
    await ctx.library(); // the new release bills from now on, on the command line too
    return { id: release.releaseId, name: release.name, formulas: release.items.size, changed: body.drafts };
  });
}
