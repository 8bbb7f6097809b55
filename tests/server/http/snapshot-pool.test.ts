/**
 * The server serves snapshots from its pool: grid pages asked at once all answer from the one open
 * snapshot, and a snapshot deleted while open is gone for the next request (its instance evicted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

describe('the snapshot pool behind the API', () => {
  let server: TestServer;
  let client: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    client = apiClient(server.url);
    await client.post('/api/setup', { name: 'admin', password: 'a long admin password' });
  });
  afterAll(() => server.stop());

  it('answers grid pages asked at once, three times as many as one instance runs at a time', async () => {
    const { usesPerInstance } = server.context.settings.snapshotPool;
    const pages = await Promise.all(
      Array.from({ length: usesPerInstance * 3 }, (_, i) => client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&offset=${i}&limit=1`)),
    );
    expect(pages.map((page) => page.status)).toEqual(pages.map(() => 200));
    expect(new Set(pages.map((page) => page.body.rows[0].clientNumber)).size).toBe(pages.length);
  });

  it('forgets a snapshot deleted while open: the next request finds no such snapshot', async () => {
    expect((await client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=1`)).status).toBe(200);
    expect((await client.request('DELETE', `/api/snapshots/${server.snapshotId}`)).status).toBe(200);
    const after = await client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=1`);
    expect([after.status, after.body.code]).toEqual([404, 'not_found']);
  });
});
