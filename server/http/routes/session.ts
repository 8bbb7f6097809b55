/** Health, first-start setup, login and logout, the current user, users and API tokens. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type AppEnv, SESSION_COOKIE } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { listSnapshots } from '../../../snapshots/store/snapshot-store.ts';
import { createFirstAdministrator, logIn, type NewSession } from '../../services/sessions.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../store/api-tokens.ts';
import { WorkspaceError } from '../../store/errors.ts';
import { countUsers, createUser, deleteSession, hasRole, listUsers, updateUser } from '../../store/users.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function sessionRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.health, async () => ({
    status: 'ok' as const,
    version: ctx.version,
    snapshots: listSnapshots(ctx.workspace).length,
    needsSetup: (await countUsers(ctx.db)) === 0,
  }));

  mount(app, ctx.settings, api.setupStatus, async () => ({ needsSetup: (await countUsers(ctx.db)) === 0 }));

  mount(app, ctx.settings, api.createAdministrator, async (c, { body, headers }) => startSession(c, ctx, await createFirstAdministrator(ctx, body), headers));

  mount(app, ctx.settings, api.login, async (c, { body, headers }) => {
    const outcome = await logIn(ctx, body, clientAddress(c, headers['x-forwarded-for'], ctx.settings.trustedProxies));
    if (outcome.kind === 'session') return startSession(c, ctx, outcome.session, headers);
    c.header('Retry-After', String(outcome.seconds));
    throw new ApiError(429, 'too_many_attempts', `too many failed logins for ${body.name}; try again in ${outcome.seconds} s`);
  });

  mount(app, ctx.settings, api.logout, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await ctx.db.transaction((tx) => deleteSession(tx, token));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return { loggedOut: true as const };
  });

  mount(app, ctx.settings, api.me, (_, { user }) => user);

  mount(app, ctx.settings, api.listUsers, async () => ({ users: await listUsers(ctx.db) }));

  mount(app, ctx.settings, api.createUser, (_, { user, body }) => ctx.db.transaction((tx) => createUser(tx, body, user.name, ctx.now())));

  mount(app, ctx.settings, api.changeUser, (_, { user, params, body }) => ctx.db.transaction((tx) => updateUser(tx, params.name, body, user.name, ctx.now())));

  mount(app, ctx.settings, api.createToken, async (c, { user, body }) => {
    // A leaked token must not be able to outlive its revocation by minting others.
    if (c.get('credential') === 'token') throw new ApiError(403, 'token_cannot_mint', 'an API token cannot create tokens: log in to create one');
    const { token, info } = await ctx.db.transaction((tx) => createApiToken(tx, user, body, ctx.now()));
    return { ...info, token };
  });

  mount(app, ctx.settings, api.listTokens, async (_, { user }) => ({
    tokens: await listApiTokens(ctx.db, hasRole(user.role, 'admin') ? undefined : user.name),
  }));

  mount(app, ctx.settings, api.revokeToken, (_, { user, params }) => ctx.db.transaction((tx) => revokeApiToken(tx, tokenId(params.id), user, ctx.now())));
}

/** A token's number from the text of a path; anything else names no token. */
function tokenId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new WorkspaceError('not_found', `no API token ${text.slice(0, 20)}`);
  return Number(text);
}

/**
 * The caller's address: the socket's, or behind a trusted proxy the last address it forwarded
 * (a proxy appends the address it saw; anything before it the client could have written). From
 * anyone else X-Forwarded-For is ignored, so changing it does not dodge the login limit.
 */
export function clientAddress(c: Context<AppEnv>, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  // An IPv4 client of a server listening on IPv6 appears as ::ffff:a.b.c.d; the configured address is a.b.c.d.
  const socket = (getConnInfo(c).remote.address ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!forwardedFor || !trustedProxies.includes(socket)) return socket;
  const forwarded = forwardedFor
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return forwarded.findLast((address) => !trustedProxies.includes(address))?.slice(0, 100) ?? socket;
}

function startSession(c: Context<AppEnv>, ctx: ServerContext, session: NewSession, proxy: { 'x-forwarded-proto'?: string | undefined }) {
  // Secure when configured, or when the request came over https (directly or through a proxy).
  const https = c.req.url.startsWith('https:') || proxy['x-forwarded-proto'] === 'https';
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: ctx.settings.secureCookies || https,
    path: '/',
    expires: session.expires,
  });
  return { user: session.user, csrfToken: session.csrf };
}
