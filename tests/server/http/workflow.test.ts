import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PER_CALL_SETUP } from '../support/per-call-setup.ts';
import { approveSetup } from '../support/setup-approval.ts';
import { apiClient, startTestServer, waitForJob, type TestServer } from '../support/test-server.ts';

// A new version of SecCalls that counts each secretarial call twice: easy to see on an invoice.
const doubledSecCalls = `id: SecCalls
title: Secretarial calls, counted twice
description: >-
  Every secretarial call that ended in the period, counted twice (a test of the review workflow).
unit: count
family: calls
variant: legacy
legacy:
  column: SecCalls
  position: 120
sql: |
  SELECT e.cltId AS cltID, count(*) * 2 AS value
  FROM statCallEnd e
  WHERE e.Stamp BETWEEN $start AND $end
    AND e.Kind = 1
  GROUP BY e.cltId
tests:
  - name: counts each kind-1 call twice
    rows:
      statCallEnd:
        - { callId: 1, cltId: 4, Kind: 1, Stamp: '2026-10-05 10:00:00' }
        - { callId: 2, cltId: 4, Kind: 2, Stamp: '2026-10-05 11:00:00' }
    expect: { 4: 2 }
`;

const setup = PER_CALL_SETUP;

describe('the review workflow over HTTP', () => {
  let server: TestServer;
  const admin = () => apiClient(server.url);
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('goes from first-start setup to a billing run that uses the newly approved version', async () => {
    const boss = admin();
    expect((await boss.get('/api/setup')).body).toEqual({ needsSetup: true });
    expect((await boss.post('/api/setup', { name: 'boss', password: 'correct horse battery' })).status).toBe(200);
    expect((await boss.post('/api/setup', { name: 'again', password: 'correct horse battery' })).body.code).toBe('already_set_up');
    for (const [name, role] of [
      ['edna', 'editor'],
      ['abe', 'approver'],
      ['val', 'viewer'],
    ]) {
      expect((await boss.post('/api/users', { name, password: 'a long password', role })).status).toBe(200);
    }

    const edna = apiClient(server.url);
    expect((await edna.login('edna', 'a long password')).status).toBe(200);
    const before = await edna.get('/api/formulas/SecCalls');
    expect(before.body.formula.title).toBe('Secretarial calls');

    // A run on the shipped release, for comparison.
    const abe = apiClient(server.url);
    await abe.login('abe', 'a long password');
    expect((await abe.put('/api/setups/main', { text: setup }, { 'if-match': '0' })).body.version).toBe(1);
    await approveSetup(server.url, boss, abe, 'main', 1);
    const firstRun = await waitForJob(abe, (await abe.post('/api/runs', { snapshot: server.snapshotId, setup: 'main' })).body.id);
    expect(firstRun.status).toBe('succeeded');

    const created = await edna.post('/api/drafts', { formulaId: 'SecCalls', text: before.body.text });
    expect(created.body).toMatchObject({ status: 'editing', revision: 1, author: 'edna', baseVersion: before.body.version });
    const edited = await edna.put(`/api/drafts/${created.body.draftId}`, { text: doubledSecCalls }, { 'if-match': '1' });
    expect(edited.body.revision).toBe(2);

    const review = await abe.get(`/api/drafts/${created.body.draftId}/review?snapshot=${server.snapshotId}`);
    expect(review.body.sqlDiff).toContain('+  SELECT e.cltId AS cltID, count(*) * 2 AS value');
    expect(review.body.results.length).toBeGreaterThan(0);
    // Every client's value doubles (and the new version also counts calls whose start row is missing).
    for (const delta of review.body.results as { before: { value: string }; after: { value: string } }[]) {
      expect(Number(delta.after.value) % 2).toBe(0);
      expect(Number(delta.after.value)).toBeGreaterThanOrEqual(2 * Number(delta.before.value));
    }

    expect((await edna.post(`/api/drafts/${created.body.draftId}/submit`)).body.status).toBe('in_review');
    expect((await edna.post(`/api/drafts/${created.body.draftId}/reviews`, { verdict: 'approve' })).status).toBe(403);
    expect((await abe.post(`/api/drafts/${created.body.draftId}/reviews`, { verdict: 'comment', comment: 'doubling is on purpose?' })).body.status).toBe(
      'in_review',
    );
    const approved = await abe.post(`/api/drafts/${created.body.draftId}/reviews`, { verdict: 'approve', comment: 'yes' });
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvedVersion).toMatch(/^[0-9a-f]{16}$/);

    const release = await abe.post('/api/releases', { name: 'october-fix', drafts: [created.body.draftId] });
    expect(release.body).toMatchObject({ name: 'october-fix', changed: [created.body.draftId] });
    expect((await edna.get('/api/formulas/SecCalls')).body.version).toBe(approved.body.approvedVersion);

    const secondRun = await waitForJob(abe, (await abe.post('/api/runs', { snapshot: server.snapshotId, setup: 'main' })).body.id);
    expect(secondRun.status).toBe('succeeded');
    const total = (run: { result: { total: string } }) => Number(run.result.total);
    const doubled = (await abe.post('/api/formulas/run', { id: 'SecCalls', snapshot: server.snapshotId })).body.values as Record<string, string>;
    expect(total(secondRun)).toBe(Object.values(doubled).reduce((sum, value) => sum + Number(value), 0));
    expect(total(secondRun)).toBeGreaterThanOrEqual(2 * total(firstRun));
    const lines = (await abe.get(`/api/runs/${secondRun.result.run}/files/lines.csv`)).body as string;
    expect(lines).toContain(`SecCalls@`);

    const audit = await boss.get('/api/audit?limit=200');
    const actions = audit.body.entries.map((entry: { action: string }) => entry.action);
    for (const action of [
      'user.create',
      'draft.create',
      'draft.update',
      'draft.in_review',
      'review.comment',
      'review.approve',
      'draft.approved',
      'release.create',
      'setup.save',
      'run.create',
    ]) {
      expect(actions, action).toContain(action);
    }
  });

  it('detects two people editing the same draft and never overwrites silently', async () => {
    const one = apiClient(server.url);
    const two = apiClient(server.url);
    await one.login('edna', 'a long password');
    await two.login('boss', 'correct horse battery');
    const formula = await one.get('/api/formulas/CheckCalls');
    const draft = (await one.post('/api/drafts', { formulaId: 'CheckCalls', text: formula.body.text })).body;
    const first = await one.put(`/api/drafts/${draft.draftId}`, { text: formula.body.text.replace('title:', 'title: (edited)') }, { 'if-match': '1' });
    const second = await two.put(
      `/api/drafts/${draft.draftId}`,
      { text: formula.body.text.replace('description:', 'description: (mine)') },
      { 'if-match': '1' },
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'edit_conflict', field: 'revision' });
    expect((await one.get(`/api/drafts/${draft.draftId}`)).body.text).toContain('(edited)');
    expect((await two.put(`/api/drafts/${draft.draftId}`, { text: formula.body.text }, {})).status).toBe(428);
  });

  it('answers bad requests with precise problems', async () => {
    const client = apiClient(server.url);
    await client.login('edna', 'a long password');
    const badJson = await client.request('POST', '/api/formulas/validate', '{"text": ', { 'content-type': 'application/json' });
    expect(badJson).toMatchObject({ status: 400, body: { code: 'bad_json' } });
    const noBody = await client.request('POST', '/api/formulas/validate', '', { 'content-type': 'application/json' });
    expect(noBody).toMatchObject({ status: 400, body: { code: 'bad_json', detail: 'this request needs a JSON body' } });
    expect((await client.post('/api/formulas/validate', {})).body).toMatchObject({ code: 'bad_request', field: 'text' });
    const invalid = await client.post('/api/formulas/validate', { text: doubledSecCalls.replace('count(*) * 2', 'count(e.nosuch)') });
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.errors[0]).toMatchObject({ code: 'unknown_column', line: 12, column: 34 });
    const badSetup = await client.put('/api/setups/broken', { text: setup.replace("'1.00'", '1.05') }, { 'if-match': '0' });
    expect(badSetup.status).toBe(400);
    expect(badSetup.body).toMatchObject({ code: 'file_field', field: 'plans.0.lines.0.price', line: 4 });
    expect((await client.get('/api/snapshots/nope')).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await client.post('/api/snapshots/demo', { period: '2026-13' })).body).toMatchObject({ status: 400, code: 'bad_period' });
  });
});
