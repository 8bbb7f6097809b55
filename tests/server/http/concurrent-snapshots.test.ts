/**
 * Two snapshot jobs at once do not break each other: each writes in a folder of its own, and
 * starting one never sweeps the other's partial folder (only folders whose writer is gone).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, waitForJob, type TestServer } from '../support/test-server.ts';

describe('snapshot jobs at the same time', () => {
  let server: TestServer;
  let boss: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    boss = apiClient(server.url);
    await boss.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
  });
  afterAll(() => server.stop());

  it('two demo snapshots of the same scale and period, started together, both succeed as two snapshots', async () => {
    const started = await Promise.all([1, 2, 3].map((seed) => boss.post('/api/snapshots/demo', { scale: 'tiny', period: '2026-08', seed })));
    const jobs = await Promise.all(started.map((answer) => waitForJob(boss, answer.body.id, 120_000)));
    expect(jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const ids = jobs.map((job) => job.result.snapshot);
    expect(new Set(ids).size).toBe(3);
    const listed = (await boss.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id);
    for (const id of ids) expect(listed).toContain(id);
    expect(readdirSync(server.context.workspace.snapshotsDir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
  });

  it("a job leaves a live writer's partial folder alone and sweeps a dead one's", async () => {
    const { snapshotsDir } = server.context.workspace;
    // The test runner's parent is alive; pid 2^22 + 1 is above Linux's pid limit, so never alive.
    const live = `.partial-demo-tiny-2026-07.abcd1234-${process.ppid}`;
    const dead = `.partial-demo-tiny-2026-07.dcba4321-${2 ** 22 + 1}`;
    for (const folder of [live, dead]) {
      mkdirSync(join(snapshotsDir, folder));
      writeFileSync(join(snapshotsDir, folder, 'data.duckdb'), 'rows being written');
    }
    const job = await waitForJob(boss, (await boss.post('/api/snapshots/demo', { scale: 'tiny', period: '2026-07', seed: 1 })).body.id);
    expect(job.status).toBe('succeeded');
    const partials = readdirSync(snapshotsDir).filter((name) => name.startsWith('.partial-'));
    expect(partials).toEqual([live]);
  });
});
