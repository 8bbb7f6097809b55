/**
 * Who is calling: a session cookie (browser) or a bearer API token (scripts). Every route but the
 * public ones requires one; cookie-authenticated writes must also carry the session's CSRF token
 * in X-CSRF-Token (double submit), so another site cannot write on a user's behalf.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { api } from '../api/contract.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { tokenUser } from '../store/api-tokens.ts';
import { hasRole, sessionUser, type Role, type User } from '../store/users.ts';

export const SESSION_COOKIE = 'ctb_session';
/** Public endpoints, as the contract declares them, and the OpenAPI document. */
const PUBLIC = new Set([
  ...Object.values(api)
    .filter((endpoint) => endpoint.access === 'public')
    .map((endpoint) => `${endpoint.method.toUpperCase()} ${endpoint.path}`),
  'GET /api/openapi.json',
]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller, and how they proved who they are (a token may not create tokens). */
export type AppEnv = { Variables: { user: User; credential: 'session' | 'token' } };

export function authenticate(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith('/api/') || PUBLIC.has(`${c.req.method} ${c.req.path}`)) return next();
    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
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
