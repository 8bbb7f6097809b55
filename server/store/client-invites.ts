/**
 * Invitations to the customer portal: a random token the administrator copies into a link, stored
 * only as its SHA-256, valid until it expires, is revoked, or is used once to create a client user.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { grantFromText, grantToText } from './client-users.ts';
import { type Reader, rowMapping, timestamp, type Transaction } from './database.ts';
import { WorkspaceError } from './errors.ts';
import { sha256 } from './users.ts';

export interface ClientInvite {
  readonly id: string;
  readonly grant: ClientGrant;
  readonly createdBy: string;
  /** ISO 8601 to the second, UTC. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  readonly revokedAt: string | null;
}

const second = (text: string) => text.slice(0, 19);

const inviteFromRow = rowMapping(
  z.object({
    id: z.number(),
    scope: z.string(),
    created_by: z.string(),
    created_at: timestamp,
    expires_at: timestamp,
    used_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
  }),
  (row): ClientInvite => ({
    id: String(row.id),
    grant: grantFromText(row.scope),
    createdBy: row.created_by,
    createdAt: second(row.created_at),
    expiresAt: second(row.expires_at),
    usedAt: row.used_at ? second(row.used_at) : null,
    revokedAt: row.revoked_at ? second(row.revoked_at) : null,
  }),
);

/** A new invitation and its token (shown once: only its hash is kept). */
export async function insertInvite(
  tx: Transaction,
  grant: ClientGrant,
  expires: Date,
  actor: string,
  now: Date,
): Promise<{ invite: ClientInvite; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const [row] = await tx.all(
    `INSERT INTO client_invites VALUES (nextval('ids'), $hash, $scope, $actor, $at::TIMESTAMP, $expires::TIMESTAMP, NULL, NULL, NULL) RETURNING *`,
    { hash: sha256(token), scope: grantToText(grant), actor, at: now.toISOString(), expires: expires.toISOString() },
  );
  return { invite: inviteFromRow(row ?? {}), token };
}

/** Every invitation, newest first. */
export async function listInvites(db: Reader): Promise<ClientInvite[]> {
  return (await db.all('SELECT * FROM client_invites ORDER BY id DESC')).map(inviteFromRow);
}

/** The invitation a token opens, whatever its state; undefined for a token never given. */
export async function inviteByToken(db: Reader, token: string): Promise<ClientInvite | undefined> {
  const [row] = await db.all('SELECT * FROM client_invites WHERE token_hash = $hash', { hash: sha256(token) });
  return row ? inviteFromRow(row) : undefined;
}

export async function getInvite(db: Reader, id: string): Promise<ClientInvite> {
  const [row] = /^\d{1,9}$/.test(id) ? await db.all('SELECT * FROM client_invites WHERE id = $id', { id: Number(id) }) : [];
  if (!row) throw new WorkspaceError('not_found', `no invitation ${id.slice(0, 20)}`);
  return inviteFromRow(row);
}

export async function markInviteUsed(tx: Transaction, id: string, userId: string, now: Date): Promise<void> {
  await tx.run('UPDATE client_invites SET used_at = $at::TIMESTAMP, used_by = $user WHERE id = $id', {
    at: now.toISOString(),
    user: Number(userId),
    id: Number(id),
  });
}

export async function markInviteRevoked(tx: Transaction, id: string, now: Date): Promise<void> {
  await tx.run('UPDATE client_invites SET revoked_at = $at::TIMESTAMP WHERE id = $id', { at: now.toISOString(), id: Number(id) });
}
