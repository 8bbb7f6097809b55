/** The customer portal's data for client users: statistics, trends, drill-down and its files, invoices and PDFs. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { api } from '../../api/contract.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ClientUser } from '../../auth/client-users.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { DownloadFile } from '../../services/document-files.ts';
import { type PortalAsk, type PortalDeps, portalStatistics, portalTrend } from '../../services/portal-data.ts';
import { portalDrilldown, portalDrilldownFile } from '../../services/portal-data-drilldown.ts';
import { portalInvoicePdf, portalInvoices } from '../../services/portal-data-invoices.ts';
import { answerCache } from '../../services/portal-data-answers.ts';
import { versioned } from '../../services/portal-data-state.ts';
import { scopesOf } from '../../services/portal-data-scopes.ts';
import { portalSettings } from '../../services/portal-settings.ts';
import { mount } from '../openapi.ts';

/** The portal's services as the server runs them: its result cache, its scopes, the active release. */
export function portalDeps(ctx: ServerContext): PortalDeps {
  return {
    workspace: ctx.workspace,
    db: ctx.db,
    now: ctx.now,
    results: ctx.results,
    scopes: scopesOf(ctx.workspace),
    library: versioned(ctx, ctx.library),
    answers: answerCache(),
  };
}

/** The user's grant and what the portal publishes; 403 while the portal is closed. */
export async function portalAsk(settingsOf: () => ReturnType<typeof portalSettings>, user: ClientUser): Promise<PortalAsk> {
  const settings = await settingsOf();
  if (!settings.enabled) throw new ApiError(403, 'portal_closed', 'the portal is closed: the answering service has not opened it');
  return { grant: user.grant, view: { publishedStatistics: settings.publishedStatistics, showAgentNames: settings.showAgentNames } };
}

export function portalDataRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const deps = portalDeps(ctx);
  const settings = versioned(ctx, () => portalSettings({ db: ctx.db, library: deps.library }));
  mount(app, ctx.settings, api.portalStatistics, async (_, { user, query }) => portalStatistics(deps, await portalAsk(settings, user), query));
  mount(app, ctx.settings, api.portalTrends, async (_, { user, query }) => portalTrend(deps, await portalAsk(settings, user), query));
  mount(app, ctx.settings, api.portalDrilldown, async (_, { user, query }) => portalDrilldown(deps, await portalAsk(settings, user), query));
  mount(app, ctx.settings, api.portalDrilldownCsv, async (c, { user, query }) =>
    download(c, await portalDrilldownFile(deps, await portalAsk(settings, user), query, 'csv')),
  );
  mount(app, ctx.settings, api.portalDrilldownXlsx, async (c, { user, query }) =>
    download(c, await portalDrilldownFile(deps, await portalAsk(settings, user), query, 'xlsx')),
  );
  mount(app, ctx.settings, api.portalInvoices, async (_, { user }) => portalInvoices(deps, (await portalAsk(settings, user)).grant));
  mount(app, ctx.settings, api.portalInvoicePdf, async (c, { user, params }) =>
    download(c, await portalInvoicePdf(deps, (await portalAsk(settings, user)).grant, params.number)),
  );
}

function download(c: Context<AppEnv>, file: DownloadFile): Response {
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'private, no-store',
  });
}
