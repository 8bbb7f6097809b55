/**
 * Who may start a session: the first administrator, once, while the workspace has no user; then
 * anyone by name and password, with failed attempts limited per name and address (rate-limit.ts).
 * The route sets the cookie; the session is the store's.
 */
import type { LoginLimiter } from '../auth/rate-limit.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import { checkPassword, countUsers, createSession, createUser, type User } from '../store/users.ts';

export interface SessionDeps {
  readonly db: Database;
  readonly now: () => Date;
}

export interface NewSession {
  readonly user: User;
  readonly token: string;
  readonly csrf: string;
  readonly expires: Date;
}

/** A session, or how many seconds to wait after too many failed attempts. */
export type LoginOutcome = { readonly kind: 'session'; readonly session: NewSession } | { readonly kind: 'wait'; readonly seconds: number };

/**
 * The first administrator and their session; refused once the workspace has any user.
 * @example await createFirstAdministrator(deps, { name: 'admin', password: 'a long password' }) // { user: { name: 'admin', role: 'admin' }, token, csrf, expires }
 */
export function createFirstAdministrator(deps: SessionDeps, account: { readonly name: string; readonly password: string }): Promise<NewSession> {
  return deps.db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) throw new ApiError(409, 'already_set_up', 'the workspace already has users; log in instead');
    const user = await createUser(tx, { ...account, role: 'admin' }, account.name, deps.now());
    return { user, ...(await createSession(tx, user, deps.now())) };
  });
}

/**
 * A session for a name and password, audited; `from` is the caller's address, which with the name
 * keys the failed attempts. A wrong name or password is one answer, so names cannot be probed.
 * @example await logIn({ db, now, limiter }, { name: 'alice', password }, '10.0.0.7') // { kind: 'session', session: { user, token, csrf, expires } }
 */
export async function logIn(
  deps: SessionDeps & { readonly limiter: LoginLimiter },
  credentials: { readonly name: string; readonly password: string },
  from: string,
): Promise<LoginOutcome> {
  const key = `${credentials.name}@${from}`;
  const wait = deps.limiter.retryAfter(key);
  if (wait > 0) return { kind: 'wait', seconds: wait };
  const user = await checkPassword(deps.db, credentials.name, credentials.password);
  if (!user) {
    deps.limiter.failed(key);
    throw new ApiError(401, 'bad_credentials', 'wrong name or password');
  }
  deps.limiter.succeeded(key);
  const session = await deps.db.transaction(async (tx) => {
    await appendAudit(tx, { actor: user.name, action: 'session.login', target: `user:${user.name}` }, deps.now());
    return { user, ...(await createSession(tx, user, deps.now())) };
  });
  return { kind: 'session', session };
}
