/**
 * API tokens for scripts: random, shown once, stored as their SHA-256. Each has a scope (the most
 * it may do: a role no higher than its owner's, who may later have less) and an expiry; it can be
 * listed and revoked. Disabling a user revokes their tokens for good: enabling them again does not
 * bring the tokens back.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, hasRole, type Role } from '../api/endpoint.ts';
import { appendAudit } from './audit.ts';
import { cachedRead, isLaterThan, type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';
import { sha256, type User } from './users.ts';

export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly owner: string;
  /** The most the token may do; never more than its owner's role at the time of use. */
  readonly role: Role;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

/** A token's row joined with its scope and owner, without its hash. */
const tokenFromRow = rowMapping(
  z.object({
    id: z.number(),
    name: z.string(),
    owner: z.string(),
    role: z.enum(ROLES),
    created_at: timestamp,
    expires_at: timestamp,
    revoked_at: timestamp.nullable(),
  }),
  (row): ApiToken => ({
    id: row.id,
    name: row.name,
    owner: row.owner,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }),
);

const TOKENS = `SELECT t.id, t.name, u.name AS owner, s.role, t.created_at, s.expires_at, t.revoked_at
  FROM api_tokens t JOIN api_token_scopes s ON s.token_id = t.id JOIN users u ON u.id = t.user_id`;

export interface TokenRequest {
  readonly name: string;
  /** Default: the owner's role. */
  readonly role?: Role | undefined;
  /** Default 90. */
  readonly days?: number | undefined;
}

/**
 * A new token for `owner`, and what it is; the token itself is shown only here.
 * @example await createApiToken(tx, bob, { name: 'nightly export', role: 'viewer', days: 30 }, now) // { token: 'ctb_…', info: { id, role: 'viewer', expiresAt, … } }
 */
export async function createApiToken(tx: Transaction, owner: User, request: TokenRequest, now: Date): Promise<{ token: string; info: ApiToken }> {
  const role = request.role ?? owner.role;
  if (!hasRole(owner.role, role))
    throw new WorkspaceError('scope_too_wide', `a token may do at most what its owner may: ${owner.name} is ${owner.role}, not ${role}`, 'role');
  const token = `ctb_${randomBytes(32).toString('base64url')}`;
  const expires = new Date(now.getTime() + (request.days ?? 90) * 86_400_000);
  const [row] = await tx.all(`INSERT INTO api_tokens VALUES (nextval('ids'), $user, $name, $hash, $at::TIMESTAMP, NULL) RETURNING id`, {
    user: owner.id,
    name: request.name,
    hash: sha256(token),
    at: now.toISOString(),
  });
  const id = z.object({ id: z.number() }).parse(row).id;
  await tx.run('INSERT INTO api_token_scopes VALUES ($id, $role, $expires::TIMESTAMP, NULL)', { id, role, expires: expires.toISOString() });
  await appendAudit(
    tx,
    { actor: owner.name, action: 'token.create', target: `token:${request.name}`, detail: { id, role, expiresAt: expires.toISOString() } },
    now,
  );
  return { token, info: await getToken(tx, id) };
}

async function getToken(db: Reader, id: number): Promise<ApiToken> {
  const [row] = await db.all(`${TOKENS} WHERE t.id = $id`, { id });
  if (!row) throw new WorkspaceError('not_found', `no API token ${id}`);
  return tokenFromRow(row);
}

/** Tokens, newest first: one user's, or everyone's (for an administrator). */
export async function listApiTokens(db: Reader, owner?: string): Promise<ApiToken[]> {
  return (await db.all(`${TOKENS} WHERE $owner IS NULL OR u.name = $owner ORDER BY t.id DESC`, { owner: owner ?? null })).map(tokenFromRow);
}

/** Revokes a token: its owner may, or an administrator. Revoking a revoked token changes nothing. */
export async function revokeApiToken(tx: Transaction, id: number, actor: Pick<User, 'name' | 'role'>, now: Date): Promise<ApiToken> {
  const token = await getToken(tx, id);
  if (token.owner !== actor.name && !hasRole(actor.role, 'admin')) throw new WorkspaceError('not_found', `no API token ${id}`);
  if (token.revokedAt) return token;
  await tx.run('UPDATE api_tokens SET revoked_at = $at::TIMESTAMP WHERE id = $id', { at: now.toISOString(), id });
  await tx.run('UPDATE api_token_scopes SET revoked_by = $by WHERE token_id = $id', { by: actor.name, id });
  await appendAudit(tx, { actor: actor.name, action: 'token.revoke', target: `token:${token.name}`, detail: { id, owner: token.owner } }, now);
  return getToken(tx, id);
}

/** Revokes every live token of a user being disabled, for good. */
export async function revokeTokensOf(tx: Transaction, userId: number, now: Date): Promise<void> {
  await tx.run('UPDATE api_token_scopes SET revoked_by = $by WHERE token_id IN (SELECT id FROM api_tokens WHERE user_id = $user AND revoked_at IS NULL)', {
    by: 'disabled',
    user: userId,
  });
  await tx.run('UPDATE api_tokens SET revoked_at = $at::TIMESTAMP WHERE user_id = $user AND revoked_at IS NULL', { at: now.toISOString(), user: userId });
}

/**
 * Who a live token acts as: its owner (if enabled), with the lower of the owner's role and the token's.
 * @example await tokenUser(db, 'ctb_…', now) // { id: 7, name: 'bob', role: 'viewer' }
 */
export async function tokenUser(db: Reader, token: string, now: Date): Promise<User | undefined> {
  const hash = sha256(token);
  // Read once until the next write (every request with a token asks); the expiry is compared here.
  const rows = await cachedRead(db, `api token ${hash}`, (reader) =>
    reader.all(
      `SELECT u.id, u.name, u.role AS owner_role, s.role AS token_role, s.expires_at FROM api_tokens t
         JOIN api_token_scopes s ON s.token_id = t.id JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = $hash AND t.revoked_at IS NULL AND NOT u.disabled`,
      { hash },
    ),
  );
  const row = rows.find((candidate) => isLaterThan(z.string().parse(candidate.expires_at), now));
  if (!row) return undefined;
  const found = z.object({ id: z.number(), name: z.string(), owner_role: z.enum(ROLES), token_role: z.enum(ROLES) }).parse(row);
  return { id: found.id, name: found.name, role: hasRole(found.owner_role, found.token_role) ? found.token_role : found.owner_role };
}
