import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN = { name: 'root', password: 'a long admin password' };
const PASSWORD = 'a long password';

async function withUsers(server: TestServer, names: readonly string[]) {
  const admin = apiClient(server.url);
  await admin.post('/api/setup', ADMIN);
  for (const name of names) await admin.post('/api/users', { name, password: PASSWORD, role: 'viewer' });
  return admin;
}

const loginFrom = (server: TestServer, name: string, password: string, forwardedFor?: string) =>
  apiClient(server.url).request('POST', '/api/login', { name, password }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

describe('failed logins, directly from clients', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await withUsers(server, ['carol', 'dave', 'erin']);
  });
  afterAll(() => server.stop());

  it('counts failures per account whatever X-Forwarded-For says, and refuses even the right password while the account waits', async () => {
    for (let i = 0; i < 5; i++) expect((await loginFrom(server, 'carol', `wrong ${i}`, `203.0.113.${i}`)).status).toBe(401);
    const locked = await loginFrom(server, 'carol', PASSWORD, '198.51.100.77');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('takes as long to refuse a name that does not exist as a wrong password for one that does', async () => {
    const timed = async (name: string) => {
      const started = performance.now();
      expect((await loginFrom(server, name, 'not the password')).status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] as number;
    const existing: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      existing.push(await timed('dave'));
      unknown.push(await timed(`nobody-${i}`));
    }
    // scrypt costs ~100 ms; without it a missing name answered ~17 times sooner (7 ms against 120 ms).
    expect(median(unknown)).toBeGreaterThan(median(existing) * 0.35);
  });

  it('records failed logins in the audit log, with the name tried, the address, and the one that locked the account', async () => {
    expect((await loginFrom(server, 'erin', 'wrong')).status).toBe(401);
    const { body } = await admin.get('/api/audit?limit=200');
    const failed = body.entries.filter((entry: { action: string; target: string }) => entry.action === 'session.login_failed' && entry.target === 'user:erin');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor: 'erin', detail: { address: '127.0.0.1' } });
    const locking = body.entries.filter(
      (entry: { action: string; target: string }) => entry.action === 'session.login_failed' && entry.target === 'user:carol',
    );
    expect(locking).toHaveLength(5);
    expect(locking[0].detail.lockedForSeconds).toBeGreaterThan(0);
  });
});

describe('failed logins through a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ settings: { trustedProxies: ['127.0.0.1'] } });
    await withUsers(server, ['frank']);
  });
  afterAll(() => server.stop());

  it('counts failures per forwarded client address across accounts, and lets other addresses in', async () => {
    for (let i = 0; i < 20; i++) expect((await loginFrom(server, `guess-${i}`, 'a guess', '192.0.2.10')).status).toBe(401);
    expect((await loginFrom(server, 'frank', PASSWORD, '192.0.2.10')).status).toBe(429);
    // What the client wrote before the proxy's own entry does not count: the proxy's last entry does.
    expect((await loginFrom(server, 'frank', PASSWORD, '10.9.9.9, 192.0.2.10')).status).toBe(429);
    expect((await loginFrom(server, 'frank', PASSWORD, '192.0.2.11')).status).toBe(200);
  });
});
