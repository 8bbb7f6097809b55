/**
 * The logged-in user. The session cookie is HttpOnly, so the UI keeps what it may read — the user
 * and the CSRF token given at login — in localStorage: a reload or a new tab stays logged in, and
 * a visitor who never logged in is shown the login form without a request that would fail.
 */
import { createSignal } from 'solid-js';
import { hasRole } from '../../../server/api/endpoint.ts';
import { call, endpoints, setCsrfToken, whenUnauthenticated } from '../api/client.ts';
import type { LoginResponse, Role, User } from '../api/types.ts';

const STORAGE_KEY = 'ctb.session';

const [user, setUser] = createSignal<User | null>(null);
/** Why the user was sent back to the login form, if not by their own choice. */
const [sessionNotice, setSessionNotice] = createSignal<string | null>(null);

export { sessionNotice, user };

/** Whether the user has at least `role` (roles are ordered viewer < editor < approver < admin). */
export function can(role: Role): boolean {
  const current = user();
  return current !== null && hasRole(current.role, role);
}

export function startSession(login: LoginResponse): void {
  setCsrfToken(login.csrfToken);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(login));
  setSessionNotice(null);
  setUser(login.user);
}

export function endSession(notice: string | null = null): void {
  setCsrfToken('');
  localStorage.removeItem(STORAGE_KEY);
  setSessionNotice(notice);
  setUser(null);
}

/** The stored session if the server still knows it (GET /api/me), else null. */
export async function restoreSession(): Promise<User | null> {
  const stored = readStored();
  if (!stored) return null;
  setCsrfToken(stored.csrfToken);
  try {
    const me = await call(endpoints.me);
    startSession({ user: me, csrfToken: stored.csrfToken });
    return me;
  } catch {
    endSession('Your session has ended; log in again.');
    return null;
  }
}

export async function logout(): Promise<void> {
  // Forget the session here first (the request already carries the CSRF token), so leaving the page
  // before the server answers never leaves a dead session behind in storage.
  const ended = call(endpoints.logout);
  endSession();
  await ended.catch(() => {});
}

whenUnauthenticated(() => {
  if (user()) endSession('Your session has ended; log in again.');
});

function readStored(): LoginResponse | null {
  try {
    // Stored by an older version of the workbench, or edited by hand: then it is no session.
    const parsed = endpoints.login.reply.json.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
