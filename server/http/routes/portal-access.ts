/**
 * The customer portal's access routes: branding, invitations, the portal's login and logout, the
 * client user's own page (`me`) and periods; and the administrators' portal settings, refresh,
 * client users and invitations. The portal's data routes are the DATA routes (portal-api.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { listClients } from '../../../engine/rating/clients.ts';
import { api } from '../../api/contract.ts';
import { PORTAL_COOKIE } from '../../auth/client-users.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import {
  acceptInvite,
  activeSnapshotId,
  changeClientUser,
  createInvite,
  grantedClients,
  listClientAccess,
  portalLogIn,
  portalLogOut,
  revokeInvite,
  showInvite,
} from '../../services/portal-access.ts';
import { portalPeriods } from '../../services/portal-periods.ts';
import { currentSnapshot, portalFreshness, startPortalRefresh } from '../../services/portal-refresh.ts';
import { portalSettings, savePortalSettings } from '../../services/portal-settings.ts';
import { mount } from '../openapi.ts';
import { clientAddress } from './session.ts';

export function portalAccessRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const o = ctx.settings;

  mount(app, o, api.portalBranding, async () => {
    const { branding, enabled } = await portalSettings(ctx);
    return { ...branding, enabled };
  });

  mount(app, o, api.portalInvite, (_, { params }) => showInvite(ctx, params.token));

  mount(app, o, api.acceptPortalInvite, async (_, { params, body }) => ({ name: (await acceptInvite(ctx, params.token, body)).name }));

  mount(app, o, api.portalLogin, async (c, { body, headers }) => {
    const outcome = await portalLogIn(ctx, body, clientAddress(c, headers['x-forwarded-for'], o.trustedProxies));
    if (outcome.kind === 'wait') {
      c.header('Retry-After', String(outcome.seconds));
      throw new ApiError(429, 'too_many_attempts', `too many failed logins for ${body.name}; try again in ${outcome.seconds} s`);
    }
    const https = c.req.url.startsWith('https:') || headers['x-forwarded-proto'] === 'https';
    // Sent only to the portal's API: the workbench's routes never even see it.
    setCookie(c, PORTAL_COOKIE, outcome.token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: o.secureCookies || https,
      path: '/api/portal',
      expires: outcome.expires,
    });
    return { name: outcome.user.name, csrf: outcome.csrf };
  });

  mount(app, o, api.portalLogout, async (c) => {
    const token = getCookie(c, PORTAL_COOKIE);
    if (token) await portalLogOut(ctx, token);
    deleteCookie(c, PORTAL_COOKIE, { path: '/api/portal' });
    return c.body(null, 204);
  });

  mount(app, o, api.portalMe, async (_, { user }) => {
    const snapshot = (await currentSnapshot(ctx))?.manifest.id ?? activeSnapshotId(ctx.workspace);
    const clients = snapshot ? await ctx.snapshots.use(snapshot, ({ sandbox }) => listClients(sandbox)) : [];
    return {
      name: user.name,
      clients: grantedClients(clients, user.grant).map(({ clientNumber, name }) => ({ clientNumber, name })),
      freshness: await portalFreshness(ctx),
    };
  });

  mount(app, o, api.portalPeriods, async () => ({ periods: await portalPeriods(ctx) }));

  mount(app, o, api.adminPortal, async () => ({ settings: await portalSettings(ctx), freshness: await portalFreshness(ctx) }));

  mount(app, o, api.saveAdminPortal, async (_, { user, body }) => ({
    settings: await savePortalSettings(ctx, user.name, body.settings),
    freshness: await portalFreshness(ctx),
  }));

  mount(app, o, api.refreshPortal, (_, { user }) => ({ jobId: startPortalRefresh(ctx, user.name).id }));

  mount(app, o, api.listClientUsers, () => listClientAccess(ctx));

  mount(app, o, api.createClientInvite, (_, { user, body }) => createInvite(ctx, user.name, body));

  mount(app, o, api.changeClientUser, (_, { user, params, body }) => changeClientUser(ctx, user.name, params.id, body));

  mount(app, o, api.revokeClientInvite, async (c, { user, params }) => {
    await revokeInvite(ctx, user.name, params.id);
    return c.body(null, 204);
  });
}
