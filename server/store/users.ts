/**
 * Users, their sessions and API tokens. Secrets are stored only as hashes: a session cookie or an
 * API token is random, shown once, and looked up by its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { Database, Transaction } from './database.ts';

export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
}

/** Whether `role` may do what `needed` may: admin > approver > editor > viewer. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

const SESSION_DAYS = 14;
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export async function countUsers(db: Database): Promise<number> {
  return Number((await db.all('SELECT count(*) AS n FROM users'))[0]?.n ?? 0);
}

export async function createUser(tx: Transaction, input: { name: string; password: string; role: Role }, actor: string, now: Date): Promise<User> {
  const existing = await tx.all('SELECT id FROM users WHERE name = $name', { name: input.name });
  if (existing.length > 0) throw new ApiError(409, 'user_exists', `a user named ${input.name} already exists`, 'name');
  const rows = await tx.all(`INSERT INTO users VALUES (nextval('ids'), $name, $role, $hash, $at::TIMESTAMP, false) RETURNING id`, {
    name: input.name,
    role: input.role,
    hash: await hashPassword(input.password),
    at: now.toISOString(),
  });
  await appendAudit(tx, { actor, action: 'user.create', target: `user:${input.name}`, detail: { role: input.role } }, now);
  return { id: Number(rows[0]?.id), name: input.name, role: input.role };
}

/** A user as an administrator sees them: with when they were added and whether they are disabled. */
export interface UserAccount extends User {
  readonly createdAt: string;
  readonly disabled: boolean;
}

/** Every user, disabled ones too (an administrator must see them to enable them again). */
export async function listUsers(db: Database): Promise<UserAccount[]> {
  return (await db.all(`SELECT ${ACCOUNT_COLUMNS} FROM users ORDER BY name`)).map(toAccount);
}

export interface UserChange {
  readonly role?: Role | undefined;
  readonly disabled?: boolean | undefined;
}

/**
 * Changes a user's role or disables/enables them, with one audit entry holding each change as
 * [before, after]. Refuses (409 last_admin) to leave the workspace without an active administrator,
 * since then nobody could manage users again. Disabling ends the user's sessions; their API tokens
 * stop working while they are disabled (every lookup skips disabled users).
 */
export async function updateUser(tx: Transaction, name: string, change: UserChange, actor: string, now: Date): Promise<UserAccount> {
  const [row] = await tx.all(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE name = $name`, { name });
  if (!row) throw new ApiError(404, 'not_found', `no user named ${name}`);
  const before = toAccount(row);
  const after: UserAccount = { ...before, role: change.role ?? before.role, disabled: change.disabled ?? before.disabled };
  const detail = {
    ...(after.role !== before.role ? { role: [before.role, after.role] } : {}),
    ...(after.disabled !== before.disabled ? { disabled: [before.disabled, after.disabled] } : {}),
  };
  if (Object.keys(detail).length === 0) return before;
  if (isActiveAdmin(before) && !isActiveAdmin(after)) await refuseLastAdmin(tx, before);
  await tx.run('UPDATE users SET role = $role, disabled = $disabled WHERE id = $id', { role: after.role, disabled: after.disabled, id: before.id });
  if (after.disabled) await tx.run('DELETE FROM sessions WHERE user_id = $id', { id: before.id });
  await appendAudit(tx, { actor, action: 'user.update', target: `user:${name}`, detail }, now);
  return after;
}

const isActiveAdmin = (user: UserAccount) => user.role === 'admin' && !user.disabled;

async function refuseLastAdmin(tx: Transaction, user: UserAccount): Promise<void> {
  const [others] = await tx.all(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $id`, { id: user.id });
  if (Number(others?.n ?? 0) === 0) {
    throw new ApiError(409, 'last_admin', `${user.name} is the last active administrator: make another user an admin first, so someone can still manage users`);
  }
}

/** The user whose name and password match, or undefined (the caller says "wrong name or password"). */
export async function checkPassword(db: Database, name: string, password: string): Promise<User | undefined> {
  const [row] = await db.all('SELECT id, name, role, password_hash FROM users WHERE name = $name AND NOT disabled', { name });
  if (!row || !(await verifyPassword(password, String(row.password_hash)))) return undefined;
  return toUser(row);
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

export async function sessionUser(db: Database, token: string, now: Date): Promise<{ user: User; csrf: string } | undefined> {
  const [row] = await db.all(
    `SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $hash AND s.expires_at > $now::TIMESTAMP AND NOT u.disabled`,
    { hash: sha256(token), now: now.toISOString() },
  );
  return row ? { user: toUser(row), csrf: String(row.csrf) } : undefined;
}

export async function deleteSession(tx: Transaction, token: string): Promise<void> {
  await tx.run('DELETE FROM sessions WHERE token_hash = $hash', { hash: sha256(token) });
}

export async function createApiToken(tx: Transaction, user: User, name: string, now: Date): Promise<string> {
  const token = `ctb_${secret()}`;
  await tx.run(`INSERT INTO api_tokens VALUES (nextval('ids'), $user, $name, $hash, $at::TIMESTAMP, NULL)`, {
    user: user.id,
    name,
    hash: sha256(token),
    at: now.toISOString(),
  });
  await appendAudit(tx, { actor: user.name, action: 'token.create', target: `token:${name}` }, now);
  return token;
}

export async function tokenUser(db: Database, token: string): Promise<User | undefined> {
  const [row] = await db.all(
    `SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $hash AND t.revoked_at IS NULL AND NOT u.disabled`,
    { hash: sha256(token) },
  );
  return row ? toUser(row) : undefined;
}

function toUser(row: Record<string, unknown>): User {
  return { id: Number(row.id), name: String(row.name), role: String(row.role) as Role };
}

const ACCOUNT_COLUMNS = `id, name, role, strftime(created_at, '%Y-%m-%dT%H:%M:%S') AS created_at, disabled`;

function toAccount(row: Record<string, unknown>): UserAccount {
  return { ...toUser(row), createdAt: String(row.created_at), disabled: row.disabled === true };
}
