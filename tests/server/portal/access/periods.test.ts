/**
 * The portal's periods: one snapshot per past month (the newest of several), newest first, a month
 * finalised once a billing run for it is finalised; the current month only once it has a snapshot.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../../snapshots/period.ts';
import { PROJECT_ROOT } from '../../../support/project.ts';
import { approveSetup } from '../../support/setup-approval.ts';
import { type apiClient, type TestServer, waitForJob } from '../../support/test-server.ts';
import { changePortal, invitedClient, startPortalServer } from './support.ts';

describe('the portal’s periods', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let portal: Awaited<ReturnType<typeof invitedClient>>;
  const september: string[] = [];
  beforeAll(async () => {
    let clients: Awaited<ReturnType<typeof startPortalServer>>['clients'];
    ({ server, admin, clients } = await startPortalServer({ now: () => new Date('2026-12-06T10:00:00Z') }));
    await changePortal(admin, { enabled: true });
    portal = await invitedClient(server, admin, 'acme', { clientNumbers: [clients[0]?.clientNumber as string] });
    for (const [seed, at] of [
      [1, '2026-10-02T00:00:00Z'],
      [2, '2026-10-03T00:00:00Z'],
    ] as const) {
      const made = await createDemoSnapshot(server.context.workspace, {
        scale: scaleNamed('tiny'),
        period: parsePeriod('2026-09'),
        periodLabel: '2026-09',
        seed,
        now: () => new Date(at),
      });
      september.push(made.id);
    }
  });
  afterAll(() => server.stop());

  const periods = async () => (await portal.get('/api/portal/periods')).body.periods;

  it('lists one snapshot per past month, the newest of several, newest month first', async () => {
    expect(await periods()).toEqual([
      {
        period: '2026-10',
        from: '2026-10-01',
        to: '2026-10-07',
        kind: 'past',
        finalised: false,
        snapshotId: server.snapshotId,
        refreshedAt: expect.any(String),
      },
      {
        period: '2026-09',
        from: '2026-09-01',
        to: '2026-09-07',
        kind: 'past',
        finalised: false,
        snapshotId: september[1],
        refreshedAt: '2026-10-03T00:00:00.000Z',
      },
    ]);
  });

  it('says a month is finalised once a billing run for it is finalised', async () => {
    const setup = readFileSync(`${PROJECT_ROOT}examples/billing-setup.yaml`, 'utf8');
    expect((await admin.put('/api/setups/main', { text: setup }, { 'if-match': '0' })).status).toBe(200);
    await approveSetup(server.url, admin, admin, 'main', 1);
    const started = await admin.post('/api/runs', { snapshot: server.snapshotId, setup: 'main' });
    const job = await waitForJob(admin, started.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    // A draft run does not finalise the month.
    expect((await periods()).map((p: { finalised: boolean }) => p.finalised)).toEqual([false, false]);
    expect((await admin.post(`/api/runs/${job.result.run}/finalise`, {})).status).toBe(200);
    expect((await periods()).map((p: { period: string; finalised: boolean }) => [p.period, p.finalised])).toEqual([
      ['2026-10', true],
      ['2026-09', false],
    ]);
  });
});
