import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact, sum } from '../../../engine/rating/money.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { MESSAGES_ONLY_SETUP as MESSAGES_ONLY } from '../support/messages-setup.ts';

describe('what a formula draft does to the money, and who it waits for', () => {
  let server: TestServer;
  const boss = () => apiClient(server.url);
  let admin: ReturnType<typeof apiClient>;
  let approver: ReturnType<typeof apiClient>;
  let msgDlvrd: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = boss();
    await admin.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
    await admin.post('/api/users', { name: 'abe', password: 'a long password', role: 'approver' });
    approver = apiClient(server.url);
    await approver.login('abe', 'a long password');
    msgDlvrd = (await admin.get('/api/formulas/MsgDlvrd')).body.text;
  });
  afterAll(() => server.stop());

  it('says there is nothing to price while the workspace has no billing setup, without an error', async () => {
    const draft = (await admin.post('/api/drafts', { formulaId: 'MsgDlvrd', text: msgDlvrd })).body;
    const money = await admin.get(`/api/drafts/${draft.draftId}/money?snapshot=${server.snapshotId}`);
    expect(money.status).toBe(200);
    expect(money.body).toMatchObject({ setup: null, statistics: [], totals: { change: '0.00' }, accounts: [] });
  });

  it('prices a draft that counts each delivery twice: every account changes by its deliveries at 0.25', async () => {
    expect((await admin.put('/api/setups/messages', { text: MESSAGES_ONLY }, { 'If-Match': '0' })).status).toBe(200);
    const text = msgDlvrd.replace('SELECT m.cltID, count(*) AS value', 'SELECT m.cltID, count(*) * 2 AS value');
    expect(text).not.toBe(msgDlvrd);
    const draft = (await admin.post('/api/drafts', { formulaId: 'MsgDlvrd', text })).body;

    const money = await admin.get(`/api/drafts/${draft.draftId}/money?snapshot=${server.snapshotId}&top=1000`);
    expect(money.status).toBe(200);
    const grid = (await admin.get(`/api/grid?snapshot=${server.snapshotId}&columns=MsgDlvrd&limit=1000`)).body;
    const deliveriesByAccount = new Map<string, number>();
    for (const row of grid.rows) deliveriesByAccount.set(row.billingCode, (deliveriesByAccount.get(row.billingCode) ?? 0) + Number(row.values.MsgDlvrd ?? 0));
    const expected = [...deliveriesByAccount].filter(([, n]) => n > 0).map(([account, n]) => ({ account, change: exact(n).mul('0.25').toFixed(2) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(money.body).toMatchObject({
      draft: draft.draftId,
      formula: 'MsgDlvrd',
      setup: { name: 'messages', version: 1 },
      statistics: ['MsgDlvrd'],
      currency: 'USD',
    });
    expect(new Map(money.body.accounts.map((a: { account: string; change: string }) => [a.account, a.change]))).toEqual(
      new Map(expected.map((e) => [e.account, e.change])),
    );
    const totalChange = sum(expected.map((e) => exact(e.change)));
    expect(money.body.totals.change).toBe(totalChange.toFixed(2));
    expect(exact(money.body.totals.after).minus(money.body.totals.before).toFixed(2)).toBe(totalChange.toFixed(2));
    expect(money.body.counts).toMatchObject({ up: expected.length, down: 0 });
    // Largest change first.
    const changes = money.body.accounts.map((a: { change: string }) => Number(a.change));
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
  });

  it('says when the setup does not use the formula: no statistic, no change', async () => {
    const secCalls = (await admin.get('/api/formulas/SecCalls')).body.text;
    const draft = (await admin.post('/api/drafts', { formulaId: 'SecCalls', text: secCalls.replace('count(*) AS value', 'count(*) * 3 AS value') })).body;
    const money = await admin.get(`/api/drafts/${draft.draftId}/money?snapshot=${server.snapshotId}&setup=messages`);
    expect(money.status).toBe(200);
    expect(money.body.statistics).toEqual([]);
    expect(money.body.totals.change).toBe('0.00');
    expect(money.body.accounts).toEqual([]);
  });

  it('refuses a draft whose SQL does not validate before running it, and names a setup that does not exist', async () => {
    const bad = msgDlvrd.replace('FROM msgHistories h', "FROM msgHistories h, (SELECT current_setting('memory_limit')) x");
    const draft = (await admin.post('/api/drafts', { formulaId: 'MsgDlvrd', text: bad })).body;
    const refused = await admin.get(`/api/drafts/${draft.draftId}/money?snapshot=${server.snapshotId}`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('current_setting');
    const valid = (await admin.post('/api/drafts', { formulaId: 'MsgDlvrd', text: msgDlvrd })).body;
    const missing = await admin.get(`/api/drafts/${valid.draftId}/money?snapshot=${server.snapshotId}&setup=nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail ?? missing.body.message ?? JSON.stringify(missing.body)).toContain('nope');
  });

  it('lists a submitted draft as waiting for an approver who has not approved it, never for its author', async () => {
    const text = msgDlvrd.replace('count(*) AS value', 'count(*) + 0 AS value');
    const draft = (await admin.post('/api/drafts', { formulaId: 'MsgDlvrd', text })).body;
    expect((await approver.get('/api/reviews/waiting')).body.drafts.map((d: { draftId: number }) => d.draftId)).not.toContain(draft.draftId);
    await admin.post(`/api/drafts/${draft.draftId}/submit`);
    const waiting = (await approver.get('/api/reviews/waiting')).body;
    expect(waiting.drafts).toContainEqual(expect.objectContaining({ draftId: draft.draftId, formulaId: 'MsgDlvrd', author: 'boss' }));
    expect(waiting.count).toBe(waiting.drafts.length);
    expect((await admin.get('/api/reviews/waiting')).body.drafts.map((d: { draftId: number }) => d.draftId)).not.toContain(draft.draftId);
    await approver.post(`/api/drafts/${draft.draftId}/reviews`, { verdict: 'approve' });
    expect((await approver.get('/api/reviews/waiting')).body.drafts.map((d: { draftId: number }) => d.draftId)).not.toContain(draft.draftId);
  });

  it('lists a setup version in review for an approver who did not write it, until it is approved', async () => {
    expect((await admin.post('/api/setups/messages/versions/1/submit')).status).toBe(200);
    const waiting = (await approver.get('/api/reviews/waiting')).body;
    expect(waiting.setups).toContainEqual(expect.objectContaining({ name: 'messages', version: 1, author: 'boss' }));
    expect(waiting.count).toBe(waiting.drafts.length + waiting.setups.length);
    expect((await admin.get('/api/reviews/waiting')).body.setups).toEqual([]);
    expect((await approver.post('/api/setups/messages/versions/1/approve', {})).status).toBe(200);
    expect((await approver.get('/api/reviews/waiting')).body.setups).toEqual([]);
  });
});
