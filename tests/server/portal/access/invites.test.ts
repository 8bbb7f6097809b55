import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientInfo } from '../../../../engine/rating/model.ts';
import { startPortalScheduler } from '../../../../server/services/portal-refresh.ts';
import type { apiClient, TestServer } from '../../support/test-server.ts';
import { auditOf, CLIENT_PASSWORD, changePortal, invitedClient, portalBrowser, startPortalServer } from './support.ts';

const DAY_MS = 86_400_000;

describe('invitations, portal login and client users', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let clients: readonly ClientInfo[];
  let clock = Date.parse('2026-12-06T10:00:00Z');
  beforeAll(async () => {
    ({ server, admin, clients } = await startPortalServer({ now: () => new Date(clock) }));
    expect((await changePortal(admin, { enabled: true })).status).toBe(200);
  });
  afterAll(() => server.stop());

  const two = () => clients.slice(0, 2).map((client) => client.clientNumber);

  it('invites, accepts, logs in and shows the client user the clients of the grant', async () => {
    const invite = await admin.post('/api/admin/client-invites', { grant: { clientNumbers: two() } });
    expect(invite.status).toBe(201);
    expect(invite.body.url).toBe(`/portal#invite/${invite.body.token}`);
    expect(Date.parse(`${invite.body.expiresAt}Z`) - clock).toBe(7 * DAY_MS);

    const browser = portalBrowser(server);
    const shown = await browser.get(`/api/portal/invites/${invite.body.token}`);
    expect(shown.status).toBe(200);
    expect(shown.body.scope).toBe(`clients ${two().join(', ')}`);
    const accepted = await browser.post(`/api/portal/invites/${invite.body.token}/accept`, { name: 'acme', password: CLIENT_PASSWORD });
    expect(accepted).toMatchObject({ status: 201, body: { name: 'acme' } });
    // Accepting sets no session: the client user logs in.
    expect((await browser.get('/api/portal/me')).status).toBe(401);

    const login = await browser.login('acme');
    expect(login.status).toBe(200);
    expect(login.body.csrf).toEqual(expect.any(String));
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ctb_portal=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const me = await browser.get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('acme');
    expect(me.body.clients).toEqual(clients.slice(0, 2).map(({ clientNumber, name }) => ({ clientNumber, name })));
    expect(me.body.freshness.period).toBe('2026-12');

    const listed = await admin.get('/api/admin/client-users');
    const user = listed.body.users.find((u: { name: string }) => u.name === 'acme');
    expect(user).toMatchObject({ grant: { clientNumbers: two(), billingCodes: [] }, disabled: false, lastLoginAt: '2026-12-06T10:00:00' });
    expect(listed.body.invites.find((i: { id: string }) => i.id === invite.body.id)).toMatchObject({ usedAt: '2026-12-06T10:00:00', createdBy: 'root' });
    expect(JSON.stringify(listed.body)).not.toContain(invite.body.token);
  });

  it('scopes by billing code, naming it in the invitation', async () => {
    const code = clients.find((client) => client.billingCode !== '')?.billingCode as string;
    const browser = await invitedClient(server, admin, 'coded', { billingCodes: [code] });
    const me = await browser.get('/api/portal/me');
    expect(me.body.clients.map((c: { clientNumber: string }) => c.clientNumber)).toEqual(
      clients.filter((client) => client.billingCode === code).map((client) => client.clientNumber),
    );
  });

  it('uses an invitation once: a second acceptance is 410 invite_used, and the first name stays the only user', async () => {
    const invite = await admin.post('/api/admin/client-invites', { grant: { clientNumbers: two() } });
    const browser = portalBrowser(server);
    const [first, second] = await Promise.all([
      browser.post(`/api/portal/invites/${invite.body.token}/accept`, { name: 'once-a', password: CLIENT_PASSWORD }),
      browser.post(`/api/portal/invites/${invite.body.token}/accept`, { name: 'once-b', password: CLIENT_PASSWORD }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 410]);
    expect([first.body.code, second.body.code]).toContain('invite_used');
    expect((await browser.get(`/api/portal/invites/${invite.body.token}`)).body.code).toBe('invite_used');
    const names = (await admin.get('/api/admin/client-users')).body.users.map((u: { name: string }) => u.name);
    expect(names.filter((name: string) => name.startsWith('once-'))).toHaveLength(1);
  });

  it('refuses an expired invitation (410 invite_expired), a revoked one (410 invite_revoked) and an unknown token (404)', async () => {
    const expiring = await admin.post('/api/admin/client-invites', { grant: { clientNumbers: two() }, expiresInDays: 1 });
    const revoked = await admin.post('/api/admin/client-invites', { grant: { clientNumbers: two() } });
    expect((await admin.request('DELETE', `/api/admin/client-invites/${revoked.body.id}`)).status).toBe(204);
    const browser = portalBrowser(server);
    clock += DAY_MS + 1000;
    try {
      const expired = await browser.post(`/api/portal/invites/${expiring.body.token}/accept`, { name: 'late', password: CLIENT_PASSWORD });
      expect(expired).toMatchObject({ status: 410, body: { code: 'invite_expired' } });
      const withdrawn = await browser.post(`/api/portal/invites/${revoked.body.token}/accept`, { name: 'withdrawn', password: CLIENT_PASSWORD });
      expect(withdrawn).toMatchObject({ status: 410, body: { code: 'invite_revoked' } });
      expect((await browser.get('/api/portal/invites/not-a-token')).status).toBe(404);
    } finally {
      clock -= DAY_MS + 1000;
    }
    const names = (await admin.get('/api/admin/client-users')).body.users.map((u: { name: string }) => u.name);
    expect(names).not.toContain('late');
    expect(names).not.toContain('withdrawn');
  });

  it('refuses unknown client numbers and billing codes of the active snapshot, naming the field', async () => {
    const unknownClient = await admin.post('/api/admin/client-invites', { grant: { clientNumbers: [two()[0], '999999'] } });
    expect(unknownClient).toMatchObject({ status: 400, body: { code: 'unknown_client', field: 'grant.clientNumbers.1' } });
    const unknownCode = await admin.post('/api/admin/client-invites', { grant: { billingCodes: ['NO-SUCH-CODE'] } });
    expect(unknownCode).toMatchObject({ status: 400, body: { code: 'unknown_billing_code', field: 'grant.billingCodes.0' } });
    expect((await admin.post('/api/admin/client-invites', { grant: {} })).status).toBe(400);
  });

  it('ends a disabled client user’s sessions at once, refuses their login, and re-scopes a user', async () => {
    const browser = await invitedClient(server, admin, 'soon-off', { clientNumbers: two() });
    expect((await browser.get('/api/portal/me')).status).toBe(200);
    const id = (await admin.get('/api/admin/client-users')).body.users.find((u: { name: string }) => u.name === 'soon-off').id;

    const rescoped = await admin.request('PATCH', `/api/admin/client-users/${id}`, { grant: { clientNumbers: [two()[1]] } });
    expect(rescoped.body.grant.clientNumbers).toEqual([two()[1]]);
    expect((await browser.get('/api/portal/me')).body.clients.map((c: { clientNumber: string }) => c.clientNumber)).toEqual([two()[1]]);

    const disabled = await admin.request('PATCH', `/api/admin/client-users/${id}`, { disabled: true });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    expect((await browser.get('/api/portal/me')).status).toBe(401);
    expect((await browser.login('soon-off')).status).toBe(401);
    const rows = await server.context.db.all('SELECT count(*) AS n FROM client_sessions WHERE user_id = $id', { id: Number(id) });
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('ends a session after 12 hours, and the hourly sweep removes it', async () => {
    const browser = await invitedClient(server, admin, 'sleeper', { clientNumbers: two() });
    const sessions = async () =>
      Number(
        (await server.context.db.all(`SELECT count(*) AS n FROM client_sessions s JOIN client_users u ON u.id = s.user_id WHERE u.name = 'sleeper'`))[0]?.n,
      );
    expect(await sessions()).toBe(1);
    clock += 12 * 3_600_000 + 1000;
    try {
      expect((await browser.get('/api/portal/me')).status).toBe(401);
      const stop = startPortalScheduler(server.context, { tickMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      stop();
      expect(await sessions()).toBe(0);
    } finally {
      clock -= 12 * 3_600_000 + 1000;
    }
  });

  it('needs the CSRF token of the login on a portal write (logout), and logs out with it', async () => {
    const browser = await invitedClient(server, admin, 'writer', { clientNumbers: two() });
    const forged = await browser.request('POST', '/api/portal/logout', {}, { 'x-csrf-token': 'not the token' });
    expect(forged).toMatchObject({ status: 403, body: { code: 'csrf' } });
    expect((await browser.get('/api/portal/me')).status).toBe(200);
    expect((await browser.post('/api/portal/logout')).status).toBe(204);
    expect((await browser.get('/api/portal/me')).status).toBe(401);
  });

  it('limits failed portal logins like the workbench: the sixth attempt is 429 with Retry-After, even with the right password', async () => {
    await invitedClient(server, admin, 'guarded', { clientNumbers: two() });
    const browser = portalBrowser(server);
    for (let i = 0; i < 5; i++) expect((await browser.login('guarded', `wrong ${i}`)).status).toBe(401);
    const locked = await browser.login('guarded');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The workbench account of the same name is counted apart.
    expect((await admin.login(ADMIN_NAME, 'a long admin password')).status).toBe(200);
  });

  it('keeps a closed portal closed: login and data routes answer 403 portal_closed', async () => {
    const browser = await invitedClient(server, admin, 'closed-out', { clientNumbers: two() });
    expect((await changePortal(admin, { enabled: false })).status).toBe(200);
    try {
      expect((await browser.get('/api/portal/me')).body.code).toBe('portal_closed');
      expect((await portalBrowser(server).login('closed-out')).body.code).toBe('portal_closed');
      expect((await browser.get('/api/portal/branding')).body.enabled).toBe(false);
    } finally {
      await changePortal(admin, { enabled: true });
    }
  });

  it('writes every change to the audit log', async () => {
    const actions = [
      'portal.invite.create',
      'portal.invite.accept',
      'portal.invite.revoke',
      'portal.login',
      'portal.login_failed',
      'portal.user.update',
      'portal.settings',
    ];
    for (const action of actions) expect((await auditOf(admin, action)).length, action).toBeGreaterThan(0);
    const [accepted] = await auditOf(admin, 'portal.invite.accept');
    expect(accepted).toMatchObject({ actor: 'client:acme', target: 'client-user:acme', detail: { grant: { clientNumbers: two() } } });
    expect((await auditOf(admin, 'portal.login'))[0]).toMatchObject({ actor: 'client:acme', target: 'client-user:acme', detail: { address: '127.0.0.1' } });
    const updates = await auditOf(admin, 'portal.user.update');
    expect(updates.find((entry) => entry.target === 'client-user:soon-off' && entry.detail.disabled)).toMatchObject({
      actor: 'root',
      detail: { disabled: [false, true] },
    });
  });
});

const ADMIN_NAME = 'root';

describe('portal logins, timed', () => {
  it('takes as long to refuse a client user name that does not exist as a wrong password for one that does', async () => {
    const { server, admin, clients } = await startPortalServer();
    try {
      await changePortal(admin, { enabled: true });
      await invitedClient(server, admin, 'known', { clientNumbers: [clients[0]?.clientNumber as string] });
      const timed = async (name: string) => {
        const started = performance.now();
        expect((await portalBrowser(server).login(name, 'not the password')).status).toBe(401);
        return performance.now() - started;
      };
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] as number;
      const existing: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        existing.push(await timed('known'));
        unknown.push(await timed(`nobody-${i}`));
      }
      // Without the dummy hash a missing name answers without scrypt, many times sooner.
      expect(median(unknown)).toBeGreaterThan(median(existing) * 0.35);
    } finally {
      await server.stop();
    }
  });
});
