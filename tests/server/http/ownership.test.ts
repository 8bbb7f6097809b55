/**
 * The two-person rule and who may act on what: nobody who changed a draft's text approves it,
 * an editor changes and withdraws only their own drafts, and a job is cancelled by its owner or
 * an administrator.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const secCalls = readFileSync('formulas/legacy/calls/SecCalls.yaml', 'utf8');
const PASSWORD = 'a long password';

describe('ownership of drafts and jobs', () => {
  let server: TestServer;
  let root: ReturnType<typeof apiClient>;
  const as = new Map<string, ReturnType<typeof apiClient>>();
  const user = (name: string) => as.get(name) as ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    root = apiClient(server.url);
    await root.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const [name, role] of [
      ['edna', 'editor'],
      ['eli', 'editor'],
      ['bea', 'approver'],
      ['ann', 'approver'],
    ] as const) {
      await root.post('/api/users', { name, password: PASSWORD, role });
      const client = apiClient(server.url);
      await client.login(name, PASSWORD);
      as.set(name, client);
    }
  });
  afterAll(() => server.stop());

  const newDraft = async (note: string) => (await user('edna').post('/api/drafts', { formulaId: 'SecCalls', text: `${secCalls}\n# ${note}\n` })).body;

  it("refuses the approval of an approver who changed another person's draft, and the version names everyone who wrote it", async () => {
    const draft = await newDraft('two people');
    const edited = await user('bea').put(`/api/drafts/${draft.draftId}`, { text: `${secCalls}\n# bea's own SQL\n` }, { 'if-match': '1' });
    expect(edited.status).toBe(200);
    expect((await user('edna').post(`/api/drafts/${draft.draftId}/submit`)).body.status).toBe('in_review');

    const own = await user('bea').post(`/api/drafts/${draft.draftId}/reviews`, { verdict: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'own_draft' });
    expect(own.body.detail).toContain('bea changed the text');

    const approved = await user('ann').post(`/api/drafts/${draft.draftId}/reviews`, { verdict: 'approve' });
    expect(approved.body.status).toBe('approved');
    const audit = (await root.get('/api/audit?limit=50')).body.entries.find(
      (entry: { action: string; target: string }) => entry.action === 'draft.approved' && entry.target === `draft:${draft.draftId}`,
    );
    expect(audit.detail).toMatchObject({ approvedVersion: approved.body.approvedVersion, editors: ['edna', 'bea'] });
    const versions = (await root.get('/api/formulas/SecCalls/versions')).body.versions;
    const version = versions.find((listed: { versionId: string }) => listed.versionId === approved.body.approvedVersion);
    expect(version).toMatchObject({ author: 'edna', editors: ['bea', 'edna'] });
    expect(versions[0].editors).toEqual(['system']);
  });

  it("refuses an editor changing or withdrawing another editor's draft; its author and an approver may", async () => {
    const draft = await newDraft('not yours');
    const changed = await user('eli').put(`/api/drafts/${draft.draftId}`, { text: `${secCalls}\n# eli\n` }, { 'if-match': '1' });
    expect(changed.status).toBe(403);
    expect(changed.body.code).toBe('not_owner');
    expect((await user('eli').post(`/api/drafts/${draft.draftId}/withdraw`)).body.code).toBe('not_owner');
    expect((await user('edna').get(`/api/drafts/${draft.draftId}`)).body).toMatchObject({ revision: 1, status: 'editing' });

    expect((await user('edna').put(`/api/drafts/${draft.draftId}`, { text: `${secCalls}\n# edna again\n` }, { 'if-match': '1' })).status).toBe(200);
    expect((await user('bea').post(`/api/drafts/${draft.draftId}/withdraw`)).body.status).toBe('withdrawn');
  });

  it("refuses an editor cancelling another user's job; an administrator may", async () => {
    const job = (await user('bea').post('/api/snapshots/demo', { scale: 'tiny', period: '2026-09', seed: 3 })).body;
    const refused = await user('eli').post(`/api/jobs/${job.id}/cancel`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_owner');
    const cancelled = await root.post(`/api/jobs/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
  });
});
