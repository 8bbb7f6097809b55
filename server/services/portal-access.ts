/**
 * Who reaches the customer portal: an administrator invites a client user (a link to copy, scoped
 * to client numbers or billing codes of the active snapshot), the invitee chooses a name and
 * password once, then logs in with the portal's own sessions, limited like the workbench's logins.
 * Administrators list, disable and re-scope client users and revoke invitations; all of it is in
 * the audit log. One service for the routes and the command line (`billing portal …`).
 */
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { listClients } from '../../engine/rating/clients.ts';
import type { ClientInfo } from '../../engine/rating/model.ts';
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { LoginLimiter } from '../auth/rate-limit.ts';
import { ApiError } from '../errors.ts';
import { appendAudit } from '../store/audit.ts';
import type { Reader } from '../store/database.ts';
import { type ClientInvite, getInvite, insertInvite, inviteByToken, listInvites, markInviteRevoked, markInviteUsed } from '../store/client-invites.ts';
import {
  type ClientUser,
  type ClientUserAccount,
  checkClientPassword,
  createClientSession,
  deleteClientSession,
  deleteExpiredClientSessions,
  getClientUser,
  insertClientUser,
  listClientUsers,
  normalGrant,
  writeClientUser,
} from '../store/client-users.ts';
import { portalSettings, type PortalSettingsDeps } from './portal-settings.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface PortalAccessDeps extends PortalSettingsDeps {
  readonly workspace: Workspace;
  readonly snapshots: SnapshotSessions;
  readonly limiter: LoginLimiter;
}

const DAY_MS = 86_400_000;

/** A client user as the audit log names them: apart from a workbench user who may have the same name. */
export const clientActor = (name: string) => `client:${name}`;

/**
 * The grant in words, for the invitation page and the command line.
 * @example describeGrant({ clientNumbers: ['1001', '1002'], billingCodes: ['B7'] }) // 'clients 1001, 1002 and billing code B7'
 */
export function describeGrant(grant: ClientGrant): string {
  const parts = [
    ...(grant.clientNumbers.length > 0 ? [`client${grant.clientNumbers.length === 1 ? '' : 's'} ${grant.clientNumbers.join(', ')}`] : []),
    ...(grant.billingCodes.length > 0 ? [`billing code${grant.billingCodes.length === 1 ? '' : 's'} ${grant.billingCodes.join(', ')}`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'no clients';
}

/** The clients of `clients` a grant names: by number, or by billing code. */
export function grantedClients(clients: readonly ClientInfo[], grant: ClientGrant): ClientInfo[] {
  const numbers = new Set(grant.clientNumbers);
  const codes = new Set(grant.billingCodes);
  return clients.filter((client) => numbers.has(client.clientNumber) || (client.billingCode !== '' && codes.has(client.billingCode)));
}

/** The snapshot grants are checked against: the workspace's newest. */
export function activeSnapshotId(workspace: Workspace): string | undefined {
  return [...listSnapshots(workspace)].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id;
}

/**
 * The grant, sorted and without repeats, once every client number and billing code is found in
 * the active snapshot (400 naming the first unknown one's field).
 */
export async function checkGrant(deps: Pick<PortalAccessDeps, 'workspace' | 'snapshots'>, grant: ClientGrant, field = 'grant'): Promise<ClientGrant> {
  const snapshot = activeSnapshotId(deps.workspace);
  if (!snapshot) throw new ApiError(400, 'no_snapshot', 'there is no snapshot to check client numbers and billing codes against: make one first', field);
  const clients = await deps.snapshots.use(snapshot, ({ sandbox }) => listClients(sandbox));
  const numbers = new Set(clients.map((client) => client.clientNumber));
  const codes = new Set(clients.map((client) => client.billingCode));
  grant.clientNumbers.forEach((number, i) => {
    if (!numbers.has(number)) throw new ApiError(400, 'unknown_client', `no client ${number} in snapshot ${snapshot}`, `${field}.clientNumbers.${i}`);
  });
  grant.billingCodes.forEach((code, i) => {
    if (code === '' || !codes.has(code))
      throw new ApiError(400, 'unknown_billing_code', `no client has billing code ${code} in snapshot ${snapshot}`, `${field}.billingCodes.${i}`);
  });
  return normalGrant(grant);
}

/** The path of the portal page that accepts an invitation (the administrator adds the server's address). */
export const inviteUrl = (token: string) => `/portal#invite/${token}`;

/**
 * An invitation for a client user scoped to `grant`, valid for `expiresInDays`; its token is shown
 * only in this answer.
 * @example await createInvite(deps, 'ada', { grant: { clientNumbers: ['1001'], billingCodes: [] }, expiresInDays: 7 }) // { id: '42', url: '/portal#invite/…', token, expiresAt }
 */
export async function createInvite(
  deps: PortalAccessDeps,
  actor: string,
  request: { readonly grant: ClientGrant; readonly expiresInDays: number },
): Promise<{ id: string; url: string; token: string; expiresAt: string }> {
  const grant = await checkGrant(deps, request.grant);
  const now = deps.now();
  const { invite, token } = await deps.db.transaction(async (tx) => {
    const made = await insertInvite(tx, grant, new Date(now.getTime() + request.expiresInDays * DAY_MS), actor, now);
    await appendAudit(
      tx,
      { actor, action: 'portal.invite.create', target: `client-invite:${made.invite.id}`, detail: { grant, expiresAt: made.invite.expiresAt } },
      now,
    );
    return made;
  });
  return { id: invite.id, url: inviteUrl(token), token, expiresAt: invite.expiresAt };
}

/** The invitation of a token that may still be used: 404 for an unknown token, 410 for one expired, used or revoked. */
async function openInvite(deps: Pick<PortalAccessDeps, 'db' | 'now'>, token: string): Promise<ClientInvite> {
  const invite = await inviteByToken(deps.db, token);
  if (!invite) throw new ApiError(404, 'invite_unknown', 'this invitation link is not known: ask for a new one');
  if (invite.usedAt) throw new ApiError(410, 'invite_used', 'this invitation was already used: log in instead');
  if (invite.revokedAt) throw new ApiError(410, 'invite_revoked', 'this invitation was withdrawn: ask for a new one');
  if (new Date(`${invite.expiresAt}Z`) <= deps.now())
    throw new ApiError(410, 'invite_expired', `this invitation expired at ${invite.expiresAt} UTC: ask for a new one`);
  return invite;
}

/** What the invitation page shows: who invites, to see what, until when. */
export async function showInvite(deps: PortalAccessDeps, token: string): Promise<{ serviceName: string; scope: string; expiresAt: string }> {
  const invite = await openInvite(deps, token);
  return { serviceName: (await portalSettings(deps)).branding.name, scope: describeGrant(invite.grant), expiresAt: invite.expiresAt };
}

/**
 * Uses an invitation: a client user with the invitation's grant and the name and password chosen.
 * The invitation is used up in the same transaction, so it makes one user at most.
 */
export async function acceptInvite(
  deps: PortalAccessDeps,
  token: string,
  account: { readonly name: string; readonly password: string },
): Promise<ClientUserAccount> {
  const invite = await openInvite(deps, token);
  return deps.db.transaction(async (tx) => {
    // Checked again inside the transaction: two acceptances at once must not both succeed.
    const [row] = await tx.all('SELECT used_at FROM client_invites WHERE id = $id AND used_at IS NULL AND revoked_at IS NULL', { id: Number(invite.id) });
    if (!row) throw new ApiError(410, 'invite_used', 'this invitation was already used: log in instead');
    const user = await insertClientUser(tx, { ...account, grant: invite.grant }, invite.createdBy, deps.now());
    await markInviteUsed(tx, invite.id, user.id, deps.now());
    await appendAudit(
      tx,
      { actor: clientActor(user.name), action: 'portal.invite.accept', target: `client-user:${user.name}`, detail: { invite: invite.id, grant: invite.grant } },
      deps.now(),
    );
    return user;
  });
}

/** A portal session, or how many seconds to wait after too many failed attempts. */
export type PortalLoginOutcome =
  | { readonly kind: 'session'; readonly user: ClientUser; readonly token: string; readonly csrf: string; readonly expires: Date }
  | { readonly kind: 'wait'; readonly seconds: number };

/**
 * A portal session for a client user's name and password, with failed attempts limited as the
 * workbench's are (per account and per address); refused while the portal is closed.
 * @example await portalLogIn(deps, { name: 'acme', password }, '10.0.0.7') // { kind: 'session', user, token, csrf, expires }
 */
export async function portalLogIn(
  deps: PortalAccessDeps,
  credentials: { readonly name: string; readonly password: string },
  address: string,
): Promise<PortalLoginOutcome> {
  // The workbench's limiter, on names of their own: a client user and a workbench user may share a name.
  const attempt = { name: `portal:${credentials.name}`, address };
  const wait = deps.limiter.retryAfter(attempt);
  if (wait > 0) return { kind: 'wait', seconds: wait };
  const user = await checkClientPassword(deps.db, credentials.name, credentials.password);
  if (!user) {
    deps.limiter.failed(attempt);
    const locked = deps.limiter.retryAfter(attempt);
    const detail = { address, ...(locked > 0 ? { lockedForSeconds: locked } : {}) };
    await deps.db.transaction((tx) =>
      appendAudit(tx, { actor: clientActor(credentials.name), action: 'portal.login_failed', target: `client-user:${credentials.name}`, detail }, deps.now()),
    );
    throw new ApiError(401, 'bad_credentials', 'wrong name or password');
  }
  if (!(await portalSettings(deps)).enabled) throw new ApiError(403, 'portal_closed', 'the portal is closed for now');
  deps.limiter.succeeded(attempt);
  const session = await deps.db.transaction(async (tx) => {
    await deleteExpiredClientSessions(tx, deps.now());
    await appendAudit(tx, { actor: clientActor(user.name), action: 'portal.login', target: `client-user:${user.name}`, detail: { address } }, deps.now());
    return createClientSession(tx, user, deps.now());
  });
  return { kind: 'session', user, ...session };
}

export async function portalLogOut(deps: Pick<PortalAccessDeps, 'db'>, token: string): Promise<void> {
  await deps.db.transaction((tx) => deleteClientSession(tx, token));
}

/** Client users and invitations, as the administrator lists them. */
export async function listClientAccess(deps: Pick<PortalAccessDeps, 'db'>): Promise<{ users: ClientUserAccount[]; invites: ClientInvite[] }> {
  return { users: await listClientUsers(deps.db), invites: await listInvites(deps.db) };
}

/** A client user by id, or by name (the command line's way). */
async function findAccount(db: Reader, idOrName: string): Promise<ClientUserAccount> {
  const byName = (await listClientUsers(db)).find((user) => user.name === idOrName);
  return byName ?? getClientUser(db, idOrName);
}

/**
 * Disables or enables a client user, or changes their grant (checked against the active snapshot),
 * audited as [before, after]; disabling ends their sessions at once.
 * @example await changeClientUser(deps, 'ada', '42', { disabled: true })
 */
export async function changeClientUser(
  deps: PortalAccessDeps,
  actor: string,
  idOrName: string,
  change: { readonly disabled?: boolean | undefined; readonly grant?: ClientGrant | undefined },
): Promise<ClientUserAccount> {
  const grant = change.grant ? await checkGrant(deps, change.grant) : undefined;
  return deps.db.transaction(async (tx) => {
    const before = await findAccount(tx, idOrName);
    const after: ClientUserAccount = { ...before, disabled: change.disabled ?? before.disabled, grant: grant ?? before.grant };
    const detail = {
      ...(after.disabled !== before.disabled ? { disabled: [before.disabled, after.disabled] } : {}),
      ...(JSON.stringify(after.grant) !== JSON.stringify(before.grant) ? { grant: [before.grant, after.grant] } : {}),
    };
    if (Object.keys(detail).length === 0) return before;
    await writeClientUser(tx, after);
    await appendAudit(tx, { actor, action: 'portal.user.update', target: `client-user:${before.name}`, detail }, deps.now());
    return after;
  });
}

/** Withdraws an invitation not used yet (409 once used); audited. */
export async function revokeInvite(deps: Pick<PortalAccessDeps, 'db' | 'now'>, actor: string, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const invite = await getInvite(tx, id);
    if (invite.usedAt) throw new ApiError(409, 'invite_used', `invitation ${id} was already used: disable the client user instead`);
    if (invite.revokedAt) return;
    await markInviteRevoked(tx, id, deps.now());
    await appendAudit(tx, { actor, action: 'portal.invite.revoke', target: `client-invite:${id}` }, deps.now());
  });
}
