import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { apiClient, waitForJob } from './support/test-server.ts';

describe('first start: the demo workspace bills at once', () => {
  let dir: string;
  let server: RunningServer;
  const client = () => apiClient(server.url);
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-first-'));
    server = await startServer({
      workspace: resolveWorkspace(join(dir, 'workspace')),
      port: 0,
      host: '127.0.0.1',
      now: () => new Date('2026-11-26T10:00:00Z'),
    });
    admin = client();
    await admin.post('/api/setup', { name: 'ada', password: 'a long admin password' });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the example setup as setup standard, approved', async () => {
    expect((await admin.get('/api/setups')).body.setups).toEqual([{ name: 'standard', version: 1, state: 'approved', approvedVersion: 1 }]);
  });

  it('starts a billing run with it on the demo snapshot, every demo client on its plan', async () => {
    const job = await waitForJob(admin, (await admin.post('/api/runs', { snapshot: 'demo-small-2026-10', setup: 'standard' })).body.id, 120_000);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const run = (await admin.get(`/api/runs/${job.result.run}`)).body;
    expect(run.totals.unassigned).toEqual([]);
    expect(Number(run.totals.amount)).toBeGreaterThan(0);
  }, 180_000);
});
