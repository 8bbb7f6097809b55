/** Health, first-start setup, login and logout, the current user, users and API tokens. */
import { z } from 'zod';
import { endpoint, roleSchema } from './endpoint.ts';
import { user, userAccount } from './schemas.ts';

/** A user's name, the one rule for the API and the command line (`billing user add`). */
export const userName = z.string().regex(/^[A-Za-z0-9._-]{2,50}$/, 'letters, digits, . _ -; 2 to 50 characters');
/** A new password, the one rule for the API and the command line. */
export const newPassword = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');
const password = newPassword;
const credentials = z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const session = z.object({ user, csrfToken: z.string() });
/** Set by a proxy in front of the server: the client's address, and whether the client used https. */
const proxyHeaders = z.object({ 'x-forwarded-for': z.string().optional(), 'x-forwarded-proto': z.string().optional() });

export const health = endpoint({
  method: 'get',
  path: '/api/health',
  summary: 'Is the server up',
  access: 'public',
  tag: 'session',
  reply: { json: z.object({ status: z.literal('ok'), version: z.string(), snapshots: z.number().int(), needsSetup: z.boolean() }) },
});

export const setupStatus = endpoint({
  method: 'get',
  path: '/api/setup',
  summary: 'Whether the first administrator must be created',
  access: 'public',
  tag: 'session',
  reply: { json: z.object({ needsSetup: z.boolean() }) },
});

export const createAdministrator = endpoint({
  method: 'post',
  path: '/api/setup',
  summary: 'First start: create the administrator (only while there is no user)',
  access: 'public',
  tag: 'session',
  headers: proxyHeaders,
  body: z.object({ name: userName, password }),
  reply: { json: session },
});

export const login = endpoint({
  method: 'post',
  path: '/api/login',
  summary: 'Log in; sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token',
  access: 'public',
  tag: 'session',
  headers: proxyHeaders,
  body: credentials,
  reply: { json: session },
});

export const logout = endpoint({
  method: 'post',
  path: '/api/logout',
  summary: 'End the session',
  access: 'viewer',
  tag: 'session',
  reply: { json: z.object({ loggedOut: z.literal(true) }) },
});

export const me = endpoint({ method: 'get', path: '/api/me', summary: 'The current user', access: 'viewer', tag: 'session', reply: { json: user } });

export const listUsers = endpoint({
  method: 'get',
  path: '/api/users',
  summary: 'List users',
  access: 'admin',
  tag: 'users',
  reply: { json: z.object({ users: z.array(userAccount) }) },
});

export const createUser = endpoint({
  method: 'post',
  path: '/api/users',
  summary: 'Create a user with a role',
  access: 'admin',
  tag: 'users',
  body: z.object({ name: userName, password, role: roleSchema }),
  reply: { json: user },
});

export const changeUser = endpoint({
  method: 'patch',
  path: '/api/users/{name}',
  summary: "Change a user's role, or disable or enable them (never the last active admin)",
  access: 'admin',
  tag: 'users',
  body: z
    .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
    .refine((change) => change.role !== undefined || change.disabled !== undefined, 'send a role, disabled, or both'),
  reply: { json: userAccount },
});

/** An API token as listed: never the token itself, which only its creation shows. */
export const apiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  owner: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const createToken = endpoint({
  method: 'post',
  path: '/api/tokens',
  summary: "Create an API token for scripts (shown once), scoped to a role no higher than the caller's, expiring in 1 to 365 days; only a logged-in user may",
  access: 'viewer',
  tag: 'users',
  body: z.object({ name: z.string().min(1).max(100), role: roleSchema.optional(), days: z.number().int().min(1).max(365).default(90) }),
  reply: { json: apiToken.extend({ token: z.string() }) },
});

export const listTokens = endpoint({
  method: 'get',
  path: '/api/tokens',
  summary: "The caller's API tokens, newest first (an administrator's list has everyone's)",
  access: 'viewer',
  tag: 'users',
  reply: { json: z.object({ tokens: z.array(apiToken) }) },
});

export const revokeToken = endpoint({
  method: 'delete',
  path: '/api/tokens/{id}',
  summary: 'Revoke an API token (its owner, or an administrator)',
  access: 'viewer',
  tag: 'users',
  reply: { json: apiToken },
});

export const auditLog = endpoint({
  method: 'get',
  path: '/api/audit',
  summary: 'The audit log, newest first',
  access: 'admin',
  tag: 'audit',
  query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().optional() }),
  reply: {
    json: z.object({
      entries: z.array(
        z.object({
          seq: z.number().int(),
          at: z.string(),
          actor: z.string(),
          action: z.string(),
          target: z.string(),
          detail: z.unknown(),
          reason: z.string().nullable(),
        }),
      ),
    }),
  },
});
