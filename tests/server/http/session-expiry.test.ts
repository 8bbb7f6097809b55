import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberOf } from '../../../server/store/database.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const DAY = 86_400_000;

describe('expired sessions', () => {
  let server: TestServer;
  let clock = Date.parse('2026-11-02T09:00:00Z');
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(clock) });
  });
  afterAll(() => server.stop());

  const sessions = () => numberOf(server.context.db, 'SELECT count(*) AS n FROM sessions');

  it('are removed from the workspace by the next login, and their cookies no longer work', async () => {
    const admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    await admin.post('/api/users', { name: 'gina', password: 'a long password', role: 'viewer' });
    const gina = apiClient(server.url);
    expect((await gina.login('gina', 'a long password')).status).toBe(200);
    expect(await sessions()).toBe(2);

    clock += 15 * DAY;
    expect((await gina.get('/api/me')).status).toBe(401);
    expect((await apiClient(server.url).login('root', 'a long admin password')).status).toBe(200);
    expect(await sessions()).toBe(1);
  });
});
