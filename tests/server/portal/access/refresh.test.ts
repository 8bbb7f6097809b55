/**
 * The current period's refresh: the schedule inside the server makes a demo snapshot of the month
 * so far; an extraction that fails (a real PostgreSQL refusing a database that does not exist)
 * keeps the last good snapshot and shows as the data's freshness; one refresh at a time; a
 * shutdown stops one in progress without leaving a partial snapshot.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalRefresh, startPortalScheduler } from '../../../../server/services/portal-refresh.ts';
import { listSnapshots } from '../../../../snapshots/store/snapshot-store.ts';
import { type apiClient, type TestServer, waitForJob } from '../../support/test-server.ts';
import { auditOf, changePortal, invitedClient, startPortalServer } from './support.ts';

const MINUTE = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('refreshing the current period on a schedule', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let portal: Awaited<ReturnType<typeof invitedClient>>;
  let clock = Date.parse('2026-12-06T10:00:00Z');
  const stops: (() => void)[] = [];
  beforeAll(async () => {
    let clients: Awaited<ReturnType<typeof startPortalServer>>['clients'];
    ({ server, admin, clients } = await startPortalServer({ now: () => new Date(clock) }));
    await changePortal(admin, { enabled: true, refresh: { everyMinutes: 5, source: 'demo' } });
    portal = await invitedClient(server, admin, 'acme', { clientNumbers: [clients[0]?.clientNumber as string] });
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    await server.stop();
  });

  const refreshes = () => server.context.db.all('SELECT period, status, snapshot, error FROM portal_refreshes ORDER BY seq');

  it('shows the current period as stale before its first refresh, and the past period from the workspace’s snapshot', async () => {
    const me = await portal.get('/api/portal/me');
    expect(me.body.freshness).toEqual({ period: '2026-12', refreshedAt: null, status: 'stale', lastError: null });
    const { body } = await portal.get('/api/portal/periods');
    expect(body.periods).toEqual([
      {
        period: '2026-10',
        from: '2026-10-01',
        to: '2026-10-07',
        kind: 'past',
        finalised: false,
        snapshotId: server.snapshotId,
        refreshedAt: expect.any(String),
      },
    ]);
  });

  it('makes a snapshot of the month so far when the schedule is due, and shows it as fresh', async () => {
    stops.push(startPortalScheduler(server.context, { tickMs: 50 }));
    const [made] = await until('a refresh', async () => ((await refreshes()).length > 0 ? refreshes() : undefined));
    expect(made).toMatchObject({ period: '2026-12', status: 'ok', error: null });
    const manifest = listSnapshots(server.context.workspace).find((m) => m.id === made?.snapshot);
    expect(manifest?.period).toEqual({ start: '2026-12-01 00:00:00.000', end: '2026-12-06 23:59:59.997' });

    const { body } = await portal.get('/api/portal/periods');
    expect(body.periods.map((p: { period: string; kind: string; snapshotId: string }) => [p.period, p.kind, p.snapshotId])).toEqual([
      ['2026-12', 'current', made?.snapshot],
      ['2026-10', 'past', server.snapshotId],
    ]);
    expect((await portal.get('/api/portal/me')).body.freshness).toEqual({
      period: '2026-12',
      refreshedAt: '2026-12-06T10:00:00.000Z',
      status: 'fresh',
      lastError: null,
    });
    // Not again before the schedule says so.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refreshes()).toHaveLength(1);
    expect(await auditOf(admin, 'portal.refresh')).toEqual([expect.objectContaining({ actor: 'portal-scheduler', target: `snapshot:${made?.snapshot}` })]);
  });

  it('keeps the last good snapshot when a refresh fails, and says so with the error', async () => {
    for (const stop of stops.splice(0)) stop();
    const before = (await refreshes()).at(-1)?.snapshot as string;
    await changePortal(admin, { refresh: { everyMinutes: 5, source: 'extract' } });
    // A real PostgreSQL that has no such database: the extraction fails as it would in production.
    const env = { ...process.env, BILLING_PORTAL_SOURCE: 'postgres://postgres@127.0.0.1:5432/no_portal_database_here', BILLING_SOURCE_PASSWORD: 'x' };
    clock += 5 * MINUTE;
    stops.push(startPortalScheduler({ ...server.context, env }, { tickMs: 50 }));
    const failed = await until('a failed refresh', async () => (await refreshes()).find((row) => row.status === 'failed'));
    for (const stop of stops.splice(0)) stop();
    expect(failed).toMatchObject({ period: '2026-12', snapshot: null });
    expect(String(failed.error)).toMatch(/database "no_portal_database_here" does not exist/);

    expect(existsSync(`${server.context.workspace.snapshotsDir}/${before}`)).toBe(true);
    const { body } = await portal.get('/api/portal/periods');
    expect(body.periods[0]).toMatchObject({ period: '2026-12', kind: 'current', snapshotId: before, refreshedAt: '2026-12-06T10:00:00.000Z' });
    const freshness = (await portal.get('/api/portal/me')).body.freshness;
    expect(freshness).toMatchObject({ period: '2026-12', refreshedAt: '2026-12-06T10:00:00.000Z', status: 'failed' });
    expect(freshness.lastError).toBe(failed.error);
    expect((await admin.get('/api/admin/portal')).body.freshness).toEqual(freshness);
    expect((await auditOf(admin, 'portal.refresh_failed')).length).toBe(1);
  });

  it('refreshes on request, one at a time, and removes the snapshot the new one supersedes', async () => {
    await changePortal(admin, { refresh: { everyMinutes: 5, source: 'demo' } });
    const before = (await portal.get('/api/portal/periods')).body.periods[0].snapshotId as string;
    clock += MINUTE;
    const first = await admin.post('/api/admin/portal/refresh');
    const second = await admin.post('/api/admin/portal/refresh');
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 409, body: { code: 'already_running' } });
    const job = await waitForJob(admin, first.body.jobId);
    expect(job.status).toBe('succeeded');
    const after = (await portal.get('/api/portal/periods')).body.periods[0];
    expect(after.snapshotId).toBe(job.result.snapshot);
    expect(after.snapshotId).not.toBe(before);
    expect(existsSync(`${server.context.workspace.snapshotsDir}/${before}`)).toBe(false);
    expect((await portal.get('/api/portal/me')).body.freshness).toMatchObject({ status: 'fresh', lastError: null, refreshedAt: new Date(clock).toISOString() });
  });
});

describe('a refresh past its time limit', () => {
  it('is stopped, recorded as failed with why, and leaves the portal on what it had', async () => {
    const { server, admin } = await startPortalServer();
    try {
      await changePortal(admin, { enabled: true });
      const job = startPortalRefresh({ ...server.context, refreshLimitMs: 1 }, 'root');
      await until('the refresh to end', async () => (job.status === 'running' ? undefined : job));
      expect(job).toMatchObject({ status: 'failed', error: { code: 'cancelled', message: 'the refresh took longer than 0.001 s and was stopped' } });
      const [row] = await server.context.db.all('SELECT status, snapshot, error FROM portal_refreshes');
      expect(row).toEqual({ status: 'failed', snapshot: null, error: 'the refresh took longer than 0.001 s and was stopped' });
      expect(listSnapshots(server.context.workspace).map((manifest) => manifest.id)).toEqual([server.snapshotId]);
      expect(readdirSync(server.context.workspace.snapshotsDir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('a refresh at shutdown', () => {
  it('is stopped with the server, leaving no partial snapshot behind', async () => {
    const { server, admin } = await startPortalServer();
    try {
      await changePortal(admin, { enabled: true });
      const started = await admin.post('/api/admin/portal/refresh');
      expect(started.status).toBe(202);
      await server.close();
      const left = readdirSync(server.context.workspace.snapshotsDir).filter((name) => name.startsWith('.partial-'));
      expect(left).toEqual([]);
      const job = server.context.jobs.get(started.body.jobId);
      // Closing right after the request, the tiny demo is still being made: the shutdown stops it.
      expect(job?.status).toBe('cancelled');
    } finally {
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
});
