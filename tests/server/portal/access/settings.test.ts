import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { apiClient, TestServer } from '../../support/test-server.ts';
import { auditOf, changePortal, portalBrowser, startPortalServer } from './support.ts';

/** The first bytes of a PNG, then anything: what the logo check reads. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64');

describe('the portal’s settings', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    ({ server, admin } = await startPortalServer());
  });
  afterAll(() => server.stop());

  it('starts closed, publishing calls, talk time and messages of the active release, in the company’s name', async () => {
    const { body } = await admin.get('/api/admin/portal');
    expect(body.settings).toMatchObject({
      enabled: false,
      showAgentNames: false,
      refresh: { everyMinutes: null, source: 'demo' },
      branding: { name: 'Your company', logoUrl: null, colours: { primary: '#1f4e79', accent: '#2e7d32' } },
    });
    expect(body.settings.publishedStatistics.map((s: { id: string }) => s.id)).toEqual(['Calls', 'SecTalkTime', 'MsgTaken']);
    expect((await portalBrowser(server).get('/api/portal/branding')).body).toEqual({ ...body.settings.branding, enabled: false });
  });

  it('publishes statistics of the active release under the release’s spelling, with the titles and units given', async () => {
    const saved = await changePortal(admin, { enabled: true, publishedStatistics: [{ id: 'answeredcalls', title: 'Calls we answered', unit: 'calls' }] });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.publishedStatistics).toEqual([{ id: 'AnsweredCalls', title: 'Calls we answered', unit: 'calls' }]);
    expect((await admin.get('/api/admin/portal')).body.settings.enabled).toBe(true);
  });

  it('refuses what it cannot publish or show, naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ publishedStatistics: [{ id: 'NoSuchStatistic', title: 'x', unit: 'y' }] }, 'unknown_statistic', 'settings.publishedStatistics.0.id'],
      [
        {
          publishedStatistics: [
            { id: 'Calls', title: 'a', unit: 'calls' },
            { id: 'CALLS', title: 'b', unit: 'calls' },
          ],
        },
        'duplicate_statistic',
        'settings.publishedStatistics.1.id',
      ],
      [{ branding: { name: 'Answer Co', logoUrl: null, colours: { primary: 'red', accent: '#000000' } } }, 'bad_request', 'settings.branding.colours.primary'],
      [
        { branding: { name: 'Answer Co', logoUrl: 'https://example.com/logo.png', colours: { primary: '#000000', accent: '#000000' } } },
        'bad_request',
        'settings.branding.logoUrl',
      ],
      [
        { branding: { name: 'Answer Co', logoUrl: `data:image/jpeg;base64,${PNG}`, colours: { primary: '#000000', accent: '#000000' } } },
        'bad_logo',
        'settings.branding.logoUrl',
      ],
      [
        { branding: { name: 'Answer Co', logoUrl: `data:image/png;base64,${'A'.repeat(400_000)}`, colours: { primary: '#000000', accent: '#000000' } } },
        'bad_request',
        'settings.branding.logoUrl',
      ],
      [{ refresh: { everyMinutes: 1, source: 'demo' } }, 'bad_request', 'settings.refresh.everyMinutes'],
    ];
    for (const [change, code, field] of cases) {
      const response = await changePortal(admin, change);
      expect(response.body, JSON.stringify(change).slice(0, 100)).toMatchObject({ status: 400, code, field });
    }
  });

  it('saves a logo and colours, shows them on the public branding, and audits the change without the image’s bytes', async () => {
    const branding = { name: 'Answer Co', logoUrl: `data:image/png;base64,${PNG}`, colours: { primary: '#123456', accent: '#abcdef' } };
    expect((await changePortal(admin, { branding })).status).toBe(200);
    expect((await portalBrowser(server).get('/api/portal/branding')).body).toEqual({ ...branding, enabled: true });
    const entry = (await auditOf(admin, 'portal.settings')).at(-1);
    expect(entry).toMatchObject({ actor: 'root', detail: { branding: [expect.anything(), { name: 'Answer Co', logoUrl: 'image/png, 12 bytes' }] } });
    expect(JSON.stringify(entry)).not.toContain(PNG);
  });
});
