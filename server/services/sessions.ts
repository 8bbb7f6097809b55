/**
 * Who may start a session: the first administrator, once, while the workspace has no user; then
 * anyone by name and password, with failed attempts limited per name and address (rate-limit.ts).
 * The route sets the cookie; the session is the store's.
 */
import type { LoginLimiter } from '../auth/rate-limit.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import { checkPassword, countUsers, createSession, createUser, deleteExpiredSessions, type User } from '../store/users.ts';

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
 * A session for a name and password, audited, failures too; `address` is the client's, which with
 * the name keys the failed attempts. A wrong name or password is one answer, taking as long for a
 * name that does not exist (users.ts, checkPassword), so names cannot be probed. While the account
 * (or the address) waits, even the right password is refused. A login also removes expired sessions.
 * @example await logIn({ db, now, limiter }, { name: 'alice', password }, '10.0.0.7') // { kind: 'session', session: { user, token, csrf, expires } }
 */
export async function logIn(
  deps: SessionDeps & { readonly limiter: LoginLimiter },
  credentials: { readonly name: string; readonly password: string },
  address: string,
): Promise<LoginOutcome> {
  const attempt = { name: credentials.name, address };
  const wait = deps.limiter.retryAfter(attempt);
  // Not audited: a client hammering a locked account would fill the log; the failure that locked it is.
  if (wait > 0) return { kind: 'wait', seconds: wait };
  const user = await checkPassword(deps.db, credentials.name, credentials.password);
  if (!user) {
    deps.limiter.failed(attempt);
    const locked = deps.limiter.retryAfter(attempt);
    await audit(deps, credentials.name, 'session.login_failed', { address, ...(locked > 0 ? { lockedForSeconds: locked } : {}) });
    throw new ApiError(401, 'bad_credentials', 'wrong name or password');
  }
  deps.limiter.succeeded(attempt);
  const session = await deps.db.transaction(async (tx) => {
    await deleteExpiredSessions(tx, deps.now());
    await appendAudit(tx, { actor: user.name, action: 'session.login', target: `user:${user.name}`, detail: { address } }, deps.now());
    return { user, ...(await createSession(tx, user, deps.now())) };
  });
  return { kind: 'session', session };
}

/** A failed login in the audit log, under the name that was tried (bounded by the login schema). */
function audit(deps: SessionDeps, name: string, action: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
  return deps.db.transaction((tx) => appendAudit(tx, { actor: name, action, target: `user:${name}`, detail }, deps.now()));
}

/**
 * Removes expired sessions every `everyMs` (default hourly) until stopped; the returned function stops it.
 * @example const stop = sweepExpiredSessions({ db, now }); … stop();
 */
export function sweepExpiredSessions(deps: SessionDeps, everyMs = 3_600_000): () => void {
  const timer = setInterval(() => {
    deps.db.transaction((tx) => deleteExpiredSessions(tx, deps.now())).catch((error: unknown) => console.error('Removing expired sessions failed', error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
