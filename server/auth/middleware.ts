/**
 * Who is calling: a session cookie (browser) or a bearer API token (scripts). Every route but the
 * public ones requires one; cookie-authenticated writes must also carry the session's CSRF token
 * in X-CSRF-Token (double submit), so another site cannot write on a user's behalf.
 *
 * The customer portal's routes (access `client`) take only a portal session (cookie `ctb_portal`),
 * and every other route only a workbench session or token: a client user never reaches the
 * workbench (401), and a workbench user or token never reads portal data (403).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { api } from '../api/contract.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Access } from '../api/endpoint.ts';
import { tokenUser } from '../store/api-tokens.ts';
import { type ClientUser, clientSessionUser } from '../store/client-users.ts';
import { hasRole, sessionUser, type Role, type User } from '../store/users.ts';
import { portalEnabled } from '../services/portal-settings.ts';
import { PORTAL_COOKIE } from './client-users.ts';

export const SESSION_COOKIE = 'ctb_session';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Each endpoint's method, path as a pattern (a parameter is one path segment) and access, as the
 * contract declares them; paths without parameters first, so /api/x/new is never taken for /api/x/{id}.
 */
const ROUTES = Object.values(api)
  .map((endpoint) => ({
    method: endpoint.method.toUpperCase(),
    pattern: new RegExp(
      `^${endpoint.path
        .split(/\{\w+\}/)
        .map(escape)
        .join('[^/]+')}$`,
    ),
    access: endpoint.access as Access,
    fixed: !endpoint.path.includes('{'),
  }))
  .sort((a, b) => Number(b.fixed) - Number(a.fixed));
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who may call `method path`; undefined for a path the contract does not declare (a workbench user must still be logged in to learn it is missing). */
export function accessOf(method: string, path: string): Access | undefined {
  if (method === 'GET' && path === '/api/openapi.json') return 'public';
  const wanted = method === 'HEAD' ? 'GET' : method;
  return ROUTES.find((route) => route.method === wanted && route.pattern.test(path))?.access;
}

/** The caller (a workbench user, or a portal client user), and how a workbench user proved who they are (a token may not create tokens). */
export type AppEnv = { Variables: { user: User; credential: 'session' | 'token'; client: ClientUser } };

export function authenticate(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith('/api/')) return next();
    const access = accessOf(c.req.method, c.req.path);
    if (access === 'public') return next();
    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (access === 'client') {
      const token = getCookie(c, PORTAL_COOKIE);
      const session = token && !bearer ? await clientSessionUser(ctx.db, token, ctx.now()) : undefined;
      if (!session) {
        if (bearer || getCookie(c, SESSION_COOKIE))
          throw new ApiError(403, 'forbidden', "the portal's data is for client users: a workbench session or API token cannot read it");
        throw new ApiError(401, 'unauthenticated', 'log in to the portal first (POST /api/portal/login)');
      }
      if (!SAFE_METHODS.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrf) {
        throw new ApiError(403, 'csrf', 'a write with a portal session must send the X-CSRF-Token given at login');
      }
      if (!(await portalEnabled(ctx))) throw new ApiError(403, 'portal_closed', 'the portal is closed for now');
      c.set('client', session.user);
      return next();
    }
    if (bearer) {
      const user = await tokenUser(ctx.db, bearer, ctx.now());
      if (!user) throw new ApiError(401, 'unauthenticated', 'the API token is not valid (unknown, expired or revoked)');
      c.set('user', user);
      c.set('credential', 'token');
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionUser(ctx.db, token, ctx.now()) : undefined;
    if (!session) throw new ApiError(401, 'unauthenticated', 'log in first (POST /api/login), or send an API token as Authorization: Bearer');
    if (!SAFE_METHODS.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrf) {
      throw new ApiError(403, 'csrf', 'a write with a session cookie must send the X-CSRF-Token given at login');
    }
    c.set('user', session.user);
    c.set('credential', 'session');
    return next();
  };
}

/** The caller, who must have at least `role`. */
export function requireRole(c: Context<AppEnv>, role: Role): User {
  const user = c.get('user');
  if (!user) throw new ApiError(401, 'unauthenticated', 'log in first (POST /api/login), or send an API token as Authorization: Bearer');
  if (!hasRole(user.role, role)) throw new ApiError(403, 'forbidden', `this needs the ${role} role; ${user.name} is ${user.role}`);
  return user;
}
