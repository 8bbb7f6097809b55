import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/start.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const PASSWORD = 'a long password';

describe('managing users over HTTP: roles, disabling, the last administrator', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;

  /** Adds a user as the administrator and returns a client logged in as them. */
  const addUser = async (name: string, role: string) => {
    expect((await admin.post('/api/users', { name, password: PASSWORD, role })).status).toBe(200);
    const client = apiClient(server.url);
    expect((await client.login(name, PASSWORD)).status).toBe(200);
    return client;
  };
  const patch = (name: string, body: unknown) => admin.request('PATCH', `/api/users/${name}`, body);
  const listed = async (name: string) => ((await admin.get('/api/users')).body.users as { name: string }[]).find((user) => user.name === name);

  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
  });
  afterAll(() => server.stop());

  it('lists every user with role, created date and whether disabled', async () => {
    await addUser('lister', 'viewer');
    expect(await listed('lister')).toEqual({
      id: expect.any(Number),
      name: 'lister',
      role: 'viewer',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      disabled: false,
    });
  });

  it("changes a user's role at once for their open session, and audits it as [before, after]", async () => {
    const carol = await addUser('carol', 'editor');
    const response = await patch('carol', { role: 'approver' });
    expect(response).toMatchObject({ status: 200, body: { name: 'carol', role: 'approver', disabled: false } });
    expect((await carol.get('/api/me')).body.role).toBe('approver');
    const [entry] = (await admin.get('/api/audit?limit=1')).body.entries;
    expect(entry).toMatchObject({ actor: 'root', action: 'user.update', target: 'user:carol', detail: { role: ['editor', 'approver'] } });
  });

  it('a disabled user cannot log in, and their session and API token stop working; enabled again, they can log in', async () => {
    const dave = await addUser('dave', 'editor');
    const token = (await dave.post('/api/tokens', { name: 'script' })).body.token as string;
    expect((await apiClient(server.url, { bearer: token }).get('/api/me')).status).toBe(200);

    expect((await patch('dave', { disabled: true })).body).toMatchObject({ name: 'dave', disabled: true });
    expect((await dave.get('/api/me')).body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((await apiClient(server.url, { bearer: token }).get('/api/me')).status).toBe(401);
    expect((await apiClient(server.url).login('dave', PASSWORD)).body).toMatchObject({ status: 401, code: 'bad_credentials' });
    expect(await listed('dave')).toMatchObject({ disabled: true });

    expect((await patch('dave', { disabled: false })).status).toBe(200);
    const [entry] = (await admin.get('/api/audit?limit=1')).body.entries;
    expect((await apiClient(server.url).login('dave', PASSWORD)).status).toBe(200);
    expect(entry).toMatchObject({ action: 'user.update', target: 'user:dave', detail: { disabled: [true, false] } });
  });

  it('refuses to demote or disable the last active administrator, and allows it once there is another', async () => {
    for (const change of [{ role: 'editor' }, { disabled: true }]) {
      const refused = await patch('root', change);
      expect(refused).toMatchObject({ status: 409, body: { code: 'last_admin' } });
      expect(refused.body.detail).toContain('root is the last active administrator');
    }
    expect(await listed('root')).toMatchObject({ role: 'admin', disabled: false });

    await addUser('erin', 'editor');
    expect((await patch('erin', { role: 'admin' })).status).toBe(200);
    expect((await patch('erin', { disabled: true })).status).toBe(200);
    expect((await patch('root', { role: 'editor' })).body.code).toBe('last_admin'); // erin is an admin, but disabled
    expect((await patch('erin', { disabled: false })).status).toBe(200);
    expect((await patch('erin', { role: 'viewer' })).status).toBe(200);
  });

  it('answers 404 for an unknown user, 400 for an empty change or an unknown role, 403 to a non-admin', async () => {
    expect((await patch('nobody', { role: 'viewer' })).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await patch('carol', {})).body).toMatchObject({ status: 400, code: 'bad_request' });
    expect((await patch('carol', { role: 'owner' })).body).toMatchObject({ status: 400, field: 'role' });
    const viewer = await addUser('frank', 'viewer');
    expect((await viewer.request('PATCH', '/api/users/frank', { role: 'admin' })).body).toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('user changes are kept in the workspace database', () => {
  it('keeps a role change and a disabled user across a restart', async () => {
    const first = await startTestServer();
    const root = apiClient(first.url);
    await root.post('/api/setup', { name: 'root', password: 'a long admin password' });
    await root.post('/api/users', { name: 'gina', password: PASSWORD, role: 'editor' });
    expect((await root.request('PATCH', '/api/users/gina', { role: 'approver', disabled: true })).status).toBe(200);
    await first.close();
    const restarted = await startServer({ workspace: resolveWorkspace(first.dir), port: 0, host: '127.0.0.1', demoOnFirstStart: false });
    try {
      const again = apiClient(restarted.url);
      await again.login('root', 'a long admin password');
      const users = (await again.get('/api/users')).body.users as { name: string }[];
      expect(users.find((user) => user.name === 'gina')).toMatchObject({ role: 'approver', disabled: true });
      expect((await apiClient(restarted.url).login('gina', PASSWORD)).status).toBe(401);
    } finally {
      await restarted.close();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
