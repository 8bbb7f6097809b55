/**
 * Users, their sessions and API tokens. Secrets are stored only as hashes: a session cookie or an
 * API token is random, shown once, and looked up by its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { revokeTokensOf } from './api-tokens.ts';
import { appendAudit } from './audit.ts';
import { cachedRead, type Database, isLaterThan, numberOf, type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';

import { ROLES, type Role } from '../api/endpoint.ts';

export { hasRole, ROLES, type Role } from '../api/endpoint.ts';

export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
}

/** A user as an administrator sees them: with when they were added and whether they are disabled. */
export interface UserAccount extends User {
  /** ISO 8601 to the second, UTC. */
  readonly createdAt: string;
  readonly disabled: boolean;
}

/**
 * A `users` row, without its password hash: that column is read only by `checkPassword`, so no
 * value that could reach a response ever holds it.
 */
export const userFromRow = rowMapping(
  z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES), created_at: timestamp, disabled: z.boolean() }),
  (row): UserAccount => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at.slice(0, 19), disabled: row.disabled }),
);

export interface Session {
  readonly userId: number;
  readonly csrf: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** A `sessions` row, without its token hash (the key it was found by). */
export const sessionFromRow = rowMapping(
  z.object({ user_id: z.number(), csrf: z.string(), created_at: timestamp, expires_at: timestamp }),
  (row): Session => ({ userId: row.user_id, csrf: row.csrf, createdAt: row.created_at, expiresAt: row.expires_at }),
);

const passwordRow = z.object({ password_hash: z.string() });

/** Who acts: the account without its administrative details. */
const userOf = ({ id, name, role }: UserAccount): User => ({ id, name, role });

const SESSION_DAYS = 14;
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export async function countUsers(db: Reader): Promise<number> {
  return numberOf(db, 'SELECT count(*) AS n FROM users');
}

export async function createUser(tx: Transaction, input: { name: string; password: string; role: Role }, actor: string, now: Date): Promise<User> {
  if (await findUser(tx, input.name)) throw new WorkspaceError('user_exists', `a user named ${input.name} already exists`, 'name');
  const [row] = await tx.all(`INSERT INTO users VALUES (nextval('ids'), $name, $role, $hash, $at::TIMESTAMP, false) RETURNING *`, {
    name: input.name,
    role: input.role,
    hash: await hashPassword(input.password),
    at: now.toISOString(),
  });
  await appendAudit(tx, { actor, action: 'user.create', target: `user:${input.name}`, detail: { role: input.role } }, now);
  return userOf(userFromRow(row ?? {}));
}

/** Every user, disabled ones too (an administrator must see them to enable them again). */
export async function listUsers(db: Database): Promise<UserAccount[]> {
  return (await db.all('SELECT * FROM users ORDER BY name')).map(userFromRow);
}

async function findUser(db: Reader, name: string): Promise<UserAccount | undefined> {
  const [row] = await db.all('SELECT * FROM users WHERE name = $name', { name });
  return row ? userFromRow(row) : undefined;
}

export interface UserChange {
  readonly role?: Role | undefined;
  readonly disabled?: boolean | undefined;
}

/**
 * Changes a user's role or disables/enables them, with one audit entry holding each change as
 * [before, after]. Refuses (`last_admin`) to leave the workspace without an active administrator,
 * since then nobody could manage users again. Disabling ends the user's sessions and revokes their
 * API tokens for good (enabling them again brings neither back).
 */
export async function updateUser(tx: Transaction, name: string, change: UserChange, actor: string, now: Date): Promise<UserAccount> {
  const before = await findUser(tx, name);
  if (!before) throw new WorkspaceError('not_found', `no user named ${name}`);
  const after: UserAccount = { ...before, role: change.role ?? before.role, disabled: change.disabled ?? before.disabled };
  const detail = {
    ...(after.role !== before.role ? { role: [before.role, after.role] } : {}),
    ...(after.disabled !== before.disabled ? { disabled: [before.disabled, after.disabled] } : {}),
  };
  if (Object.keys(detail).length === 0) return before;
  if (isActiveAdmin(before) && !isActiveAdmin(after)) await refuseLastAdmin(tx, before);
  await tx.run('UPDATE users SET role = $role, disabled = $disabled WHERE id = $id', { role: after.role, disabled: after.disabled, id: before.id });
  if (after.disabled) {
    await tx.run('DELETE FROM sessions WHERE user_id = $id', { id: before.id });
    await revokeTokensOf(tx, before.id, now);
  }
  await appendAudit(tx, { actor, action: 'user.update', target: `user:${name}`, detail }, now);
  return after;
}

const isActiveAdmin = (user: UserAccount) => user.role === 'admin' && !user.disabled;

async function refuseLastAdmin(tx: Transaction, user: UserAccount): Promise<void> {
  const others = await numberOf(tx, `SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $id`, { id: user.id });
  if (others === 0) {
    throw new WorkspaceError(
      'last_admin',
      `${user.name} is the last active administrator: make another user an admin first, so someone can still manage users`,
    );
  }
}

/**
 * The user whose name and password match, or undefined (the caller says "wrong name or password").
 * A name with no active user is checked against a dummy hash, so the answer takes as long
 * (~120 ms of scrypt against ~7 ms told existing names apart).
 */
export async function checkPassword(db: Database, name: string, password: string): Promise<User | undefined> {
  const [row] = await db.all('SELECT * FROM users WHERE name = $name AND NOT disabled', { name });
  const matches = await verifyPassword(password, row ? passwordRow.parse(row).password_hash : await dummyHash());
  return row && matches ? userOf(userFromRow(row)) : undefined;
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once, with the same scrypt parameters as real ones. */
const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword(secret());
  return dummy;
};

/** Removes sessions past their expiry (on each login, and hourly while the server runs). */
export async function deleteExpiredSessions(tx: Transaction, now: Date): Promise<void> {
  await tx.run('DELETE FROM sessions WHERE expires_at <= $now::TIMESTAMP', { now: now.toISOString() });
}

export async function createSession(tx: Transaction, user: User, now: Date): Promise<{ token: string; csrf: string; expires: Date }> {
  const token = secret();
  const csrf = secret();
  const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await tx.run(`INSERT INTO sessions VALUES ($hash, $user, $csrf, $at::TIMESTAMP, $expires::TIMESTAMP)`, {
    hash: sha256(token),
    user: user.id,
    csrf,
    at: now.toISOString(),
    expires: expires.toISOString(),
  });
  return { token, csrf, expires };
}

/** The user of a session cookie that has not expired, with the session's CSRF token; undefined for a disabled user. */
export async function sessionUser(db: Database, token: string, now: Date): Promise<{ user: User; csrf: string } | undefined> {
  const hash = sha256(token);
  // Read once until the next write (every request asks); the expiry is compared here.
  const found = await cachedRead(db, `session ${hash}`, async (reader) => {
    const [row] = await reader.all('SELECT * FROM sessions WHERE token_hash = $hash', { hash });
    if (!row) return undefined;
    const session = sessionFromRow(row);
    const user = await activeUser(reader, session.userId);
    return user ? { user, csrf: session.csrf, expiresAt: session.expiresAt } : undefined;
  });
  return found && isLaterThan(found.expiresAt, now) ? { user: found.user, csrf: found.csrf } : undefined;
}

export async function deleteSession(tx: Transaction, token: string): Promise<void> {
  await tx.run('DELETE FROM sessions WHERE token_hash = $hash', { hash: sha256(token) });
}

async function activeUser(db: Reader, id: number): Promise<User | undefined> {
  const [row] = await db.all('SELECT * FROM users WHERE id = $id AND NOT disabled', { id });
  return row ? userOf(userFromRow(row)) : undefined;
}
