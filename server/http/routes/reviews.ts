/** Reviews over HTTP: the "waiting for my review" list and a formula draft's money impact. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { api } from '../../api/contract.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { draftMoney } from '../../services/draft-money.ts';
import { reviewInbox } from '../../services/review-inbox.ts';
import { draftId } from '../../services/review.ts';
import { mount } from '../openapi.ts';

export function reviewRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.reviewInbox, (_, { user }) => reviewInbox(ctx.db, user));

  mount(app, ctx.settings, api.draftMoney, (_, { params, query }) =>
    draftMoney(
      { db: ctx.db, library: () => ctx.library(), snapshots: ctx.snapshots, results: ctx.results, ratings: ctx.ratings },
      { draft: draftId(params.id), ...query },
    ),
  );
}
