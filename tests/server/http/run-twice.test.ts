import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SETUP } from '../../web/support/billing-setup.ts';
import { approveSetup } from '../support/setup-approval.ts';
import { apiClient, startTestServer, type TestServer, waitForJob } from '../support/test-server.ts';

describe('a billing run or a correction asked for twice at once', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'admin', password: 'a long admin password' });
    expect((await admin.put('/api/setups/standard', { text: EXAMPLE_SETUP }, { 'If-Match': '0' })).status).toBe(200);
    await approveSetup(server.url, admin, admin, 'standard', 1);
  });
  afterAll(() => server.stop());

  it('makes the run once: the second request, while the first is being made, is refused naming the job at work', async () => {
    const body = { snapshot: server.snapshotId, setup: 'standard' };
    const [first, second] = await Promise.all([admin.post('/api/runs', body), admin.post('/api/runs', body)]);
    const started = [first, second].filter((reply) => reply.status === 202);
    const refused = [first, second].filter((reply) => reply.status === 409);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.body.code).toBe('already_running');
    expect(refused[0]?.body.detail).toContain(`is already being made (job ${started[0]?.body.id}, started by admin)`);
    expect((await waitForJob(admin, started[0]?.body.id)).status).toBe('succeeded');
    expect((await admin.get('/api/runs')).body.runs).toHaveLength(1);

    // Once it has ended, the same run may be asked for again (a deliberate second run).
    const again = await admin.post('/api/runs', body);
    expect(again.status).toBe(202);
    await waitForJob(admin, again.body.id);
  });

  it('corrects a finalised run once when the correction is asked for twice at once', async () => {
    const runId = (await admin.get('/api/runs')).body.runs[0].id as string;
    expect((await admin.post(`/api/runs/${runId}/finalise`)).status).toBe(200);
    const body = { setup: 'standard' };
    const replies = await Promise.all([admin.post(`/api/runs/${runId}/corrections`, body), admin.post(`/api/runs/${runId}/corrections`, body)]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([202, 409]);
    const started = replies.find((reply) => reply.status === 202);
    expect((await waitForJob(admin, started?.body.id)).status).toBe('succeeded');
  });
});
