import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, waitForJob, type TestServer } from '../support/test-server.ts';

type Client = ReturnType<typeof apiClient>;

/** A setup billing every client per call, with an assignment for `client` and one for `billingCode`. */
function setupText({ client, billingCode, until = '2026-12-31' }: { client: string; billingCode: string; until?: string }): string {
  return [
    /* 1 */ 'plans:',
    /* 2 */ '  - id: per-call',
    /* 3 */ '    lines:',
    /* 4 */ "      - { id: calls, statistic: SecCalls, price: '1.00' }",
    /* 5 */ '  - id: dearer',
    /* 6 */ '    lines:',
    /* 7 */ "      - { id: calls, statistic: SecCalls, price: '1.50' }",
    /* 8 */ 'assignments:',
    /* 9 */ "  - { plan: per-call, from: '2020-01-01' }",
    /* 10 */ `  - { plan: dearer, scope: { client: ${client} }, from: '2026-01-01', until: '${until}' }`,
    /* 11 */ `  - { plan: dearer, scope: { billingCode: ${billingCode} }, from: '2026-01-01' }`,
    '',
  ].join('\n');
}

describe('billing setups over HTTP: validation on save, review by a second person, runs on approved versions', () => {
  let server: TestServer;
  let admin: Client;
  let edna: Client;
  let abe: Client;
  let amy: Client;
  let good: string;
  let client: { clientNumber: string; billingCode: string };

  const login = async (name: string) => {
    const c = apiClient(server.url);
    expect((await c.login(name, 'a long password')).status).toBe(200);
    return c;
  };
  const startRun = (who: Client, body: Record<string, unknown>) => who.post('/api/runs', { snapshot: server.snapshotId, setup: 'main', ...body });

  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const [name, role] of [
      ['edna', 'editor'],
      ['abe', 'approver'],
      ['amy', 'approver'],
    ])
      expect((await admin.post('/api/users', { name, password: 'a long password', role })).status).toBe(200);
    [edna, abe, amy] = [await login('edna'), await login('abe'), await login('amy')];
    const rows = (await admin.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=50`)).body.rows as {
      clientNumber: string;
      billingCode: string;
    }[];
    client = rows.find((row) => row.billingCode !== '') as { clientNumber: string; billingCode: string };
    good = setupText({ client: client.clientNumber, billingCode: client.billingCode });
  });
  afterAll(() => server.stop());

  it('refuses to save a setup with an unknown client and inverted dates, listing each error with its line, column and field', async () => {
    const bad = setupText({ client: '99999', billingCode: client.billingCode, until: '2025-12-31' });
    const refused = await edna.put('/api/setups/main', { text: bad }, { 'if-match': '0' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'file_field', field: 'assignments.1.scope.client', line: 10, file: 'main.yaml' });
    expect(refused.body.problems.map((p: { line: number; column: number; field: string; message: string }) => [p.line, p.column, p.field, p.message])).toEqual([
      [10, 38, 'assignments.1.scope.client', expect.stringMatching(/^no client 99999 in the snapshot/)],
      [10, 74, 'assignments.1.until', 'until 2025-12-31 is before from 2026-01-01'],
    ]);
    expect((await edna.get('/api/setups/main')).status).toBe(404);
  });

  it('checks a text without saving it, against the snapshot named', async () => {
    const text = setupText({ client: client.clientNumber, billingCode: 'NO-SUCH-CODE' });
    const checked = await edna.post('/api/setups/main/check', { text, snapshot: server.snapshotId });
    expect(checked.status).toBe(200);
    expect(checked.body.snapshot).toBe(server.snapshotId);
    expect(checked.body.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'unknown_billing_code', line: 11, field: 'assignments.2.scope.billingCode' }),
    ]);
    expect((await edna.get('/api/setups/main')).status).toBe(404);
    expect((await edna.post('/api/setups/main/check', { text, snapshot: 'nope' })).status).toBe(404);
  });

  it("lists what a setup may name: the snapshot's clients and billing codes, and the release's statistics", async () => {
    const choices = (await edna.get(`/api/setup-choices?snapshot=${server.snapshotId}`)).body;
    expect(choices.clients).toContainEqual(expect.objectContaining({ clientNumber: client.clientNumber, billingCode: client.billingCode }));
    expect(choices.billingCodes).toContain(client.billingCode);
    expect(choices.billingCodes).not.toContain('');
    expect(choices.statistics).toContainEqual(expect.objectContaining({ id: 'SecCalls', unit: 'count' }));
    expect((await edna.get('/api/setup-choices?snapshot=nope')).status).toBe(404);
  });

  it('saves a valid setup with its warnings, and bills with it only once a second person approved it', async () => {
    const withWarning = `${good}modifiers:\n  - { id: a, statistic: SecCalls, multiply: 2 }\n  - { id: b, statistic: SecCalls, add: 1 }\n`;
    const saved = await edna.put('/api/setups/main', { text: withWarning }, { 'if-match': '0' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, state: 'draft', editors: ['edna'] });
    expect(saved.body.warnings).toEqual([expect.objectContaining({ severity: 'warning', code: 'ambiguous', field: 'modifiers.1.order' })]);

    const notYet = await startRun(abe, {});
    expect(notYet.status).toBe(409);
    expect(notYet.body).toMatchObject({ code: 'setup_not_approved', field: 'setup' });
    expect(notYet.body.detail).toContain('setup main has no approved version (the latest, 1, is not submitted)');

    expect((await abe.post('/api/setups/main/versions/1/approve', {})).body.code).toBe('wrong_state');
    expect((await edna.post('/api/setups/main/versions/1/submit')).body.state).toBe('in_review');
    expect((await edna.post('/api/setups/main/versions/1/submit')).body.code).toBe('wrong_state');
    expect((await edna.post('/api/setups/main/versions/1/approve', {})).status).toBe(403); // an editor
    const approved = await abe.post('/api/setups/main/versions/1/approve', { comment: 'prices as agreed' });
    expect(approved.body).toMatchObject({
      state: 'approved',
      reviews: [
        { action: 'submit', actor: 'edna' },
        { action: 'approve', actor: 'abe', comment: 'prices as agreed' },
      ],
    });

    const run = await waitForJob(abe, (await startRun(abe, {})).body.id);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
  });

  it('lets no one approve a change they made, including an earlier unapproved version of it', async () => {
    // abe writes version 2, edna version 3 on top of it: neither may approve version 3.
    expect((await abe.put('/api/setups/main', { text: `${good}# abe\n` }, { 'if-match': '1' })).body.version).toBe(2);
    expect((await edna.put('/api/setups/main', { text: `${good}# abe and edna\n` }, { 'if-match': '2' })).body).toMatchObject({ version: 3 });
    expect((await edna.get('/api/setups/main/versions/3')).body.editors).toEqual(['abe', 'edna']);
    await edna.post('/api/setups/main/versions/3/submit');
    const own = await abe.post('/api/setups/main/versions/3/approve', {});
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'own_change' });
    expect(own.body.detail).toContain('abe made this change to setup main (versions by abe, edna)');

    expect((await amy.post('/api/setups/main/versions/3/reject', { comment: ' ' })).body).toMatchObject({ status: 400, field: 'comment' });
    const rejected = await amy.post('/api/setups/main/versions/3/reject', { comment: 'the comment lines change nothing' });
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      reviews: [{ action: 'submit' }, { action: 'reject', actor: 'amy', comment: 'the comment lines change nothing' }],
    });
    expect((await amy.post('/api/setups/main/versions/3/approve', {})).body.code).toBe('wrong_state');

    const versions = (await edna.get('/api/setups/main/versions')).body.versions;
    expect(versions.map((v: { version: number; state: string; author: string }) => `${v.version} ${v.author} ${v.state}`)).toEqual([
      '1 edna approved',
      '2 abe draft',
      '3 edna rejected',
    ]);
    expect((await edna.get('/api/setups')).body.setups).toEqual([{ name: 'main', version: 3, state: 'rejected', approvedVersion: 1 }]);
  });

  it('bills with the latest approved version unless an approved version is named, and refuses a version not approved', async () => {
    const named = await startRun(abe, { setupVersion: 3 });
    expect(named.status).toBe(409);
    expect(named.body.detail).toContain('setup main version 3 is rejected, not approved');
    expect((await startRun(abe, { setupVersion: 9 })).status).toBe(404);

    const job = await waitForJob(abe, (await startRun(abe, { setupVersion: 1 })).body.id);
    expect(job.status).toBe('succeeded');
    const entries = (await admin.get('/api/audit?limit=100')).body.entries as {
      action: string;
      actor: string;
      detail: { setup?: string; version?: number; comment?: string };
    }[];
    expect(entries.filter((e) => e.action === 'run.create').map((e) => e.detail.setup)).toEqual(['main@1', 'main@1']);
    expect(entries.filter((e) => e.action.startsWith('setup.') && e.action !== 'setup.save').map((e) => `${e.action} ${e.actor} ${e.detail.version}`)).toEqual([
      'setup.reject amy 3',
      'setup.submit edna 3',
      'setup.approve abe 1',
      'setup.submit edna 1',
    ]);
  });

  it('prices a what-if with the latest version, approved or not', async () => {
    await edna.put('/api/scenarios/same', { text: 'name: same\n' }, { 'if-match': '0' });
    const compared = await edna.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'main', scenario: 'same' });
    expect(compared.status, JSON.stringify(compared.body)).toBe(200);
  });
});
