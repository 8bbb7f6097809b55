/**
 * Client users of the customer portal and their sessions: a kind of user apart from the
 * workbench's (users.ts), with their own table, sessions and cookie, each scoped by a ClientGrant.
 * Passwords are scrypt hashes (auth/passwords.ts); a session cookie is random and stored as its
 * SHA-256, like the workbench's.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { cachedRead, type Database, isLaterThan, type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';
import { sha256 } from './users.ts';

/** Who a portal request acts for: the client user and the clients they may see. */
export interface ClientUser {
  readonly id: string;
  readonly name: string;
  readonly grant: ClientGrant;
}

/** A client user as an administrator sees them. */
export interface ClientUserAccount extends ClientUser {
  readonly disabled: boolean;
  /** ISO 8601 to the second, UTC. */
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

/** A portal session lasts 12 hours from login: a client user reads statistics, not a workday's editing. */
export const CLIENT_SESSION_HOURS = 12;

const grantSchema = z.object({ clientNumbers: z.array(z.string()), billingCodes: z.array(z.string()) });

/** The grant as stored: each list sorted and without repeats, so equal grants compare equal. */
export function normalGrant(grant: ClientGrant): ClientGrant {
  return { clientNumbers: [...new Set(grant.clientNumbers)].sort(), billingCodes: [...new Set(grant.billingCodes)].sort() };
}

export const grantToText = (grant: ClientGrant): string => JSON.stringify(normalGrant(grant));
export const grantFromText = (text: string): ClientGrant => grantSchema.parse(JSON.parse(text));

/** A `client_users` row, without its password hash (read only by `checkClientPassword`). */
const accountFromRow = rowMapping(
  z.object({ id: z.number(), name: z.string(), scope: z.string(), disabled: z.boolean(), created_at: timestamp, last_login_at: timestamp.nullable() }),
  (row): ClientUserAccount => ({
    id: String(row.id),
    name: row.name,
    grant: grantFromText(row.scope),
    disabled: row.disabled,
    createdAt: row.created_at.slice(0, 19),
    lastLoginAt: row.last_login_at?.slice(0, 19) ?? null,
  }),
);

const userOf = ({ id, name, grant }: ClientUserAccount): ClientUser => ({ id, name, grant });
const secret = () => randomBytes(32).toString('base64url');

export async function findClientUser(db: Reader, name: string): Promise<ClientUserAccount | undefined> {
  const [row] = await db.all('SELECT * FROM client_users WHERE name = $name', { name });
  return row ? accountFromRow(row) : undefined;
}

/** The client user with this id (as the API names it), or `not_found`. */
export async function getClientUser(db: Reader, id: string): Promise<ClientUserAccount> {
  const [row] = /^\d{1,9}$/.test(id) ? await db.all('SELECT * FROM client_users WHERE id = $id', { id: Number(id) }) : [];
  if (!row) throw new WorkspaceError('not_found', `no client user ${id.slice(0, 20)}`);
  return accountFromRow(row);
}

/** Every client user, disabled ones too, by name. */
export async function listClientUsers(db: Reader): Promise<ClientUserAccount[]> {
  return (await db.all('SELECT * FROM client_users ORDER BY name')).map(accountFromRow);
}

/** A new client user; the name must be free among client users (`user_exists`). */
export async function insertClientUser(
  tx: Transaction,
  input: { readonly name: string; readonly password: string; readonly grant: ClientGrant },
  createdBy: string,
  now: Date,
): Promise<ClientUserAccount> {
  if (await findClientUser(tx, input.name)) throw new WorkspaceError('user_exists', `a client user named ${input.name} already exists`, 'name');
  const [row] = await tx.all(`INSERT INTO client_users VALUES (nextval('ids'), $name, $hash, $scope, false, $at::TIMESTAMP, $by, NULL) RETURNING *`, {
    name: input.name,
    hash: await hashPassword(input.password),
    scope: grantToText(input.grant),
    at: now.toISOString(),
    by: createdBy,
  });
  return accountFromRow(row ?? {});
}

/** Writes a client user's grant and disabled flag; disabling ends every session of theirs. */
export async function writeClientUser(tx: Transaction, user: ClientUserAccount): Promise<void> {
  await tx.run('UPDATE client_users SET scope = $scope, disabled = $disabled WHERE id = $id', {
    scope: grantToText(user.grant),
    disabled: user.disabled,
    id: Number(user.id),
  });
  if (user.disabled) await tx.run('DELETE FROM client_sessions WHERE user_id = $id', { id: Number(user.id) });
}

let dummy: Promise<string> | undefined;

/**
 * The active client user whose name and password match, or undefined. A name with no such user is
 * checked against a dummy hash, so the answer takes as long and names cannot be probed.
 */
export async function checkClientPassword(db: Database, name: string, password: string): Promise<ClientUser | undefined> {
  const [row] = await db.all('SELECT * FROM client_users WHERE name = $name AND NOT disabled', { name });
  dummy ??= hashPassword(secret());
  const stored = row ? z.object({ password_hash: z.string() }).parse(row).password_hash : await dummy;
  const matches = await verifyPassword(password, stored);
  return row && matches ? userOf(accountFromRow(row)) : undefined;
}

export async function createClientSession(tx: Transaction, user: ClientUser, now: Date): Promise<{ token: string; csrf: string; expires: Date }> {
  const token = secret();
  const csrf = secret();
  const expires = new Date(now.getTime() + CLIENT_SESSION_HOURS * 3_600_000);
  await tx.run(`INSERT INTO client_sessions VALUES ($hash, $user, $csrf, $at::TIMESTAMP, $expires::TIMESTAMP)`, {
    hash: sha256(token),
    user: Number(user.id),
    csrf,
    at: now.toISOString(),
    expires: expires.toISOString(),
  });
  await tx.run('UPDATE client_users SET last_login_at = $at::TIMESTAMP WHERE id = $id', { at: now.toISOString(), id: Number(user.id) });
  return { token, csrf, expires };
}

/** The active client user of a portal session cookie that has not expired, with its CSRF token. */
export async function clientSessionUser(db: Reader, token: string, now: Date): Promise<{ user: ClientUser; csrf: string } | undefined> {
  const hash = sha256(token);
  // Read once until the next write (every portal request asks); the expiry is compared here.
  const row = await cachedRead(db, `client session ${hash}`, async (reader) => {
    const [found] = await reader.all(
      `SELECT u.*, s.csrf, s.expires_at AS session_expires_at FROM client_sessions s JOIN client_users u ON u.id = s.user_id
       WHERE s.token_hash = $hash AND NOT u.disabled`,
      { hash },
    );
    return found;
  });
  if (!row || !isLaterThan(z.string().parse(row.session_expires_at), now)) return undefined;
  return { user: userOf(accountFromRow(row)), csrf: z.string().parse(row.csrf) };
}

export async function deleteClientSession(tx: Transaction, token: string): Promise<void> {
  await tx.run('DELETE FROM client_sessions WHERE token_hash = $hash', { hash: sha256(token) });
}

/** Removes portal sessions past their expiry (on each portal login). */
export async function deleteExpiredClientSessions(tx: Transaction, now: Date): Promise<void> {
  await tx.run('DELETE FROM client_sessions WHERE expires_at <= $now::TIMESTAMP', { now: now.toISOString() });
}
