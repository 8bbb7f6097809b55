import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
type Role = (typeof ROLES)[number] | 'public' | 'client';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly role: Role;
}

describe('authentication and roles on every route', () => {
  let server: TestServer;
  let operations: Operation[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer();
    const admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const role of ROLES) {
      if (role !== 'admin') await admin.post('/api/users', { name: `${role}-user`, password: 'a long password', role });
      const user = apiClient(server.url);
      await user.login(role === 'admin' ? 'root' : `${role}-user`, role === 'admin' ? 'a long admin password' : 'a long password');
      tokens.set(role, (await user.post('/api/tokens', { name: 'matrix' })).body.token);
    }
    const document = (await apiClient(server.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, { description: string }>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{\w+\}/g, 'x'),
        role: (/Requires the (\w+) role/.exec(operation.description)?.[1] ?? 'public') as Role,
      })),
    );
  });
  afterAll(() => server.stop());

  it('describes every route, with the role it needs, in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(
      operations
        .filter((op) => op.role === 'public')
        .map((op) => `${op.method} ${op.path}`)
        .sort(),
    ).toEqual([
      'GET /api/health',
      'GET /api/portal/branding',
      'GET /api/portal/invites/x',
      'GET /api/setup',
      'POST /api/login',
      'POST /api/portal/invites/x/accept',
      'POST /api/portal/login',
      'POST /api/setup',
    ]);
  });

  it('answers 401 on every route but the public ones when nobody is logged in', async () => {
    const anonymous = apiClient(server.url);
    for (const op of operations.filter((o) => o.role !== 'public')) {
      const response = await anonymous.request(op.method, op.path, op.method === 'GET' ? undefined : {});
      expect(response.status, `${op.method} ${op.path}`).toBe(401);
      expect(response.body.code).toBe('unauthenticated');
    }
  });

  it.each(ROLES)('answers 403 to a %s on every route that needs a higher role, and lets it through the others', async (role) => {
    const client = apiClient(server.url, { bearer: tokens.get(role) as string });
    for (const op of operations.filter((o) => o.role !== 'public')) {
      const response = await client.request(op.method, op.path, op.method === 'GET' ? undefined : {});
      // The customer portal's routes take a portal session only: no workbench token reaches them.
      const allowed = op.role !== 'client' && ROLES.indexOf(role) >= ROLES.indexOf(op.role as (typeof ROLES)[number]);
      if (allowed) expect([401, 403], `${op.method} ${op.path} as ${role}: ${JSON.stringify(response.body)}`).not.toContain(response.status);
      else expect(response.status, `${op.method} ${op.path} as ${role}`).toBe(403);
    }
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const client = apiClient(server.url);
    await client.login('editor-user', 'a long password');
    client.dropCsrf();
    const response = await client.post('/api/tokens', { name: 'no csrf' });
    expect(response).toMatchObject({ status: 403, body: { code: 'csrf' } });
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and rejects a wrong password', async () => {
    const client = apiClient(server.url);
    const response = await client.login('viewer-user', 'a long password');
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(response.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    expect((await client.login('viewer-user', 'wrong')).body).toMatchObject({ status: 401, code: 'bad_credentials' });
  });

  it('limits failed logins: the sixth attempt within minutes is refused with Retry-After', async () => {
    const client = apiClient(server.url);
    for (let i = 0; i < 5; i++) expect((await client.login('approver-user', `wrong ${i}`)).status).toBe(401);
    const limited = await client.login('approver-user', 'a long password');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('cookies behind https', () => {
  it('marks the session cookie Secure when the request came through an https proxy', async () => {
    const server = await startTestServer();
    try {
      const client = apiClient(server.url);
      const response = await client.request('POST', '/api/setup', { name: 'root', password: 'a long admin password' }, { 'x-forwarded-proto': 'https' });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await server.stop();
    }
  });
});
