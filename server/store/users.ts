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
  const rows = await tx.all(
    `INSERT INTO users VALUES (nextval('ids'), $name, $role, $hash, $at::TIMESTAMP, false) RETURNING id`,
    { name: input.name, role: input.role, hash: await hashPassword(input.password), at: now.toISOString() },
  );
  await appendAudit(tx, { actor, action: 'user.create', target: `user:${input.name}`, detail: { role: input.role } }, now);
  return { id: Number(rows[0]?.id), name: input.name, role: input.role };
}

export async function listUsers(db: Database): Promise<User[]> {
  return (await db.all('SELECT id, name, role FROM users WHERE NOT disabled ORDER BY name')).map(toUser);
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
    hash: sha256(token), user: user.id, csrf, at: now.toISOString(), expires: expires.toISOString(),
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
  await tx.run(`INSERT INTO api_tokens VALUES (nextval('ids'), $user, $name, $hash, $at::TIMESTAMP, NULL)`, { user: user.id, name, hash: sha256(token), at: now.toISOString() });
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
