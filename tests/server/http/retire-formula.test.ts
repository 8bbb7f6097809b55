/**
 * Retiring a formula goes through review (one approver proposes, another confirms) and is refused
 * while something needs it (409 naming who needs it); and
 * when a release lacks a formula a reconciliation needs, it answers 4xx naming it, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelease } from '../../../server/store/formulas.ts';
import { PER_CALL_SETUP } from '../support/per-call-setup.ts';
import { apiClient, startTestServer, type TestServer, waitForJob } from '../support/test-server.ts';

describe('retiring a formula over HTTP', () => {
  let server: TestServer;
  let boss: ReturnType<typeof apiClient>;
  let abe: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    boss = apiClient(server.url);
    await boss.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
    await boss.post('/api/users', { name: 'abe', password: 'a long password', role: 'approver' });
    abe = apiClient(server.url);
    await abe.login('abe', 'a long password');
  });
  afterAll(() => server.stop());

  const retire = (id: string, release: string) => boss.post(`/api/formulas/${id}/retire`, { release, reason: 'tidying up' });

  it('refuses to retire the legacy formula of a Billing Export 200 column, naming the column', async () => {
    const refused = await retire('SecCalls', 'without-seccalls');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('formula_in_use');
    expect(refused.body.detail).toContain('the Billing Export 200 layout (column SecCalls)');
    expect((await boss.get('/api/formulas/SecCalls')).status).toBe(200);
  });

  it('refuses to retire a formula a stored billing setup computes a statistic with, naming the setup', async () => {
    const setup = `statistics:\n  - { id: Calls, formula: SecCallsConsensus }\n${PER_CALL_SETUP.replace('statistic: SecCalls', 'statistic: Calls')}`;
    expect((await boss.put('/api/setups/consensus-calls', { text: setup }, { 'if-match': '0' })).status).toBe(200);
    const refused = await retire('SecCallsConsensus', 'without-consensus');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('billing setup consensus-calls (statistic Calls)');
  });

  it("refuses a proposal naming a release that exists, at the field; a name taken since the proposal gives way to the confirmer's", async () => {
    const existing = (await boss.get('/api/releases')).body.releases[0].name as string;
    const taken = await boss.post('/api/formulas/AbandonedCallsConsensus/retire', { release: existing, reason: 'tidying up' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'release_exists', field: 'release' });
    expect((await abe.get('/api/reviews/waiting')).body.retirements).toEqual([]);

    expect((await boss.post('/api/formulas/AbandonedCallsConsensus/retire', { release: 'soon-taken', reason: 'tidying up' })).body.status).toBe('proposed');
    await server.context.db.transaction((tx) => createRelease(tx, 'soon-taken', new Map(), 'boss', new Date(), 'made meanwhile'));
    const confirmed = await abe.post('/api/formulas/AbandonedCallsConsensus/retire', { release: 'its-own-name', reason: 'agreed' });
    expect(confirmed.body).toMatchObject({ status: 'retired', release: { name: 'its-own-name' } });
  });

  it('retires a formula nothing needs through review: one approver proposes, another confirms', async () => {
    const proposed = await retire('MsgDlvrdConsensus', 'without-msgdlvrd-consensus');
    expect(proposed.body).toMatchObject({ status: 'proposed', formula: 'MsgDlvrdConsensus', proposedBy: 'boss', release: null });
    expect((await boss.get('/api/formulas/MsgDlvrdConsensus')).status).toBe(200);
    // The proposal waits in the other approvers' reviews, not the proposer's.
    const waiting = (await abe.get('/api/reviews/waiting')).body;
    expect(waiting.retirements).toEqual([
      { formula: 'MsgDlvrdConsensus', proposedBy: 'boss', release: 'without-msgdlvrd-consensus', reason: 'tidying up', since: expect.any(String) },
    ]);
    expect(waiting.count).toBe(waiting.drafts.length + waiting.setups.length + 1);
    expect((await boss.get('/api/reviews/waiting')).body.retirements).toEqual([]);
    const again = await retire('MsgDlvrdConsensus', 'without-msgdlvrd-consensus');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'own_proposal' });
    // What is confirmed is what was proposed, with its release name.
    const confirmed = await abe.post('/api/formulas/MsgDlvrdConsensus/retire', { release: 'another-name', reason: 'agreed' });
    expect(confirmed.body).toMatchObject({ status: 'retired', proposedBy: 'boss', release: { name: 'without-msgdlvrd-consensus' } });
    expect((await boss.get('/api/formulas/MsgDlvrdConsensus')).status).toBe(404);
    expect((await abe.get('/api/reviews/waiting')).body.retirements).toEqual([]);
    const audit = (await boss.get('/api/audit')).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['formula.retire.propose', 'formula.retire.confirm']));
  });

  it('a run and a reconciliation on a release that lacks a Billing Export 200 formula answer 4xx naming it, not 500', async () => {
    expect((await boss.put('/api/setups/main', { text: PER_CALL_SETUP }, { 'if-match': '0' })).status).toBe(200);
    expect((await boss.post('/api/setups/main/versions/1/submit')).status).toBe(200);
    expect((await abe.post('/api/setups/main/versions/1/approve', {})).status).toBe(200);
    // A release made before these checks existed: SecCalls is gone.
    await server.context.db.transaction((tx) => createRelease(tx, 'legacy-gap', new Map([['SecCalls', null]]), 'boss', new Date(), 'made by hand'));
    const started = await abe.post('/api/runs', { snapshot: server.snapshotId, setup: 'main' });
    const run = started.status === 202 ? await waitForJob(abe, started.body.id) : { status: started.status, error: started.body };
    expect(run.status === 'failed' || (run.status >= 400 && run.status < 500)).toBe(true);
    expect(JSON.stringify(run.error)).toContain('SecCalls');
    expect(run.error.code).toBe('unknown_formula');
    const reconciled = await boss.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'be200.csv',
      content: Buffer.from('ClientNumber,ClientName,BillingCode,SecCalls\n1,a,b,1\n').toString('base64'),
    });
    expect(reconciled.status).toBeGreaterThanOrEqual(400);
    expect(reconciled.status).toBeLessThan(500);
    expect(reconciled.body.detail).toContain('SecCalls');
  });
});
