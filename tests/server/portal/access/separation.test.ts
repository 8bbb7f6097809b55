/**
 * Client users and workbench users never cross: a portal session is refused on every workbench
 * route of the contract, and a workbench session or API token on every portal route that needs a
 * client user. Each route is tried with the method and path the contract declares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../../server/api/contract.ts';
import type { Endpoint } from '../../../../server/api/endpoint.ts';
import { apiClient, type TestServer } from '../../support/test-server.ts';
import { ADMIN, changePortal, invitedClient, startPortalServer } from './support.ts';

const endpoints = Object.values(api) as Endpoint[];
const pathOf = (endpoint: Endpoint) => endpoint.path.replace(/\{\w+\}/g, 'x');

describe('client users and workbench users reach only their own routes', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let portal: Awaited<ReturnType<typeof invitedClient>>;
  let adminToken: string;
  beforeAll(async () => {
    let clients: Awaited<ReturnType<typeof startPortalServer>>['clients'];
    ({ server, admin, clients } = await startPortalServer());
    await changePortal(admin, { enabled: true });
    portal = await invitedClient(server, admin, 'acme', { clientNumbers: [clients[0]?.clientNumber as string] });
    adminToken = (await admin.post('/api/tokens', { name: 'script' })).body.token;
  });
  afterAll(() => server.stop());

  it('has portal routes for client users and workbench routes to try', () => {
    expect(endpoints.filter((endpoint) => endpoint.access === 'client').length).toBeGreaterThanOrEqual(2);
    expect(endpoints.filter((endpoint) => endpoint.access !== 'client' && endpoint.access !== 'public').length).toBeGreaterThanOrEqual(30);
  });

  it('answers 401 or 403 to a portal session (with its CSRF token) on every workbench route', async () => {
    // The session is good: it reads its own page.
    expect((await portal.get('/api/portal/me')).status).toBe(200);
    const workbench = endpoints.filter((endpoint) => endpoint.access !== 'client' && endpoint.access !== 'public');
    for (const endpoint of workbench) {
      const method = endpoint.method.toUpperCase();
      const response = await portal.request(method, pathOf(endpoint), method === 'GET' ? undefined : {});
      expect([401, 403], `${method} ${endpoint.path}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`).toContain(response.status);
    }
    expect((await portal.get('/api/portal/me')).status).toBe(200);
  });

  it('answers 403 to a workbench administrator’s session and API token on every portal route for client users', async () => {
    const viaToken = apiClient(server.url, { bearer: adminToken });
    const logged = apiClient(server.url);
    expect((await logged.login(ADMIN.name, ADMIN.password)).status).toBe(200);
    for (const endpoint of endpoints.filter((e) => e.access === 'client')) {
      const method = endpoint.method.toUpperCase();
      for (const [who, client] of [
        ['session', logged],
        ['token', viaToken],
      ] as const) {
        const response = await client.request(method, `${pathOf(endpoint)}?period=2026-10&statistic=Calls`, method === 'GET' ? undefined : {});
        expect(response.status, `${method} ${endpoint.path} with a workbench ${who}`).toBe(403);
      }
    }
  });

  it('answers 401 to the portal’s admin routes with a portal session, and lets the administrator use them', async () => {
    for (const path of ['/api/admin/portal', '/api/admin/client-users']) {
      expect((await portal.get(path)).status).toBe(401);
      expect((await admin.get(path)).status).toBe(200);
    }
  });
});
