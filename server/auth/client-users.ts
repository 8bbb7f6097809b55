/**
 * The client user of a customer-portal request. The portal's data routes are declared with access
 * `client` (api/endpoint.ts); the middleware (middleware.ts) admits them only with a portal session
 * cookie, never a workbench session or API token, and sets the client user this returns.
 */
import type { Context } from 'hono';
import { ApiError } from '../errors.ts';
import type { ClientUser } from '../store/client-users.ts';

export type { ClientUser } from '../store/client-users.ts';

/** The portal's session cookie: apart from the workbench's `ctb_session`, so one never stands for the other. */
export const PORTAL_COOKIE = 'ctb_portal';

/**
 * The client user making the request, with the grant that scopes everything they may see; 401 when
 * the request carries no portal session.
 * @example const { grant } = requireClientUser(c); // { clientNumbers: ['1001'], billingCodes: [] }
 */
export function requireClientUser(c: Context): ClientUser {
  const client = c.get('client') as ClientUser | undefined;
  if (!client) throw new ApiError(401, 'unauthenticated', 'log in to the portal first (POST /api/portal/login)');
  return client;
}
