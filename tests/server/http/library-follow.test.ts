import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact, sum } from '../../../engine/rating/money.ts';
import {
  ANSWERED_SETUP,
  CONSENSUS_PATH,
  clientsOf,
  expectedChange,
  FIXTURE_PATH,
  FORMULA_PATH,
  type PublicLibrary,
  publicLibrary,
  publishUpstreamChange,
  SQL_AFTER,
  SQL_BEFORE,
  valuesOfText,
} from '../support/library-repos.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

describe('followed community libraries over HTTP', () => {
  let server: TestServer;
  let dir: string;
  let library: PublicLibrary;
  let admin: ReturnType<typeof apiClient>;
  let viewer: ReturnType<typeof apiClient>;
  let approver: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-http-library-'));
    library = await publicLibrary(dir);
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
    await admin.post('/api/users', { name: 'vera', password: 'a long password', role: 'viewer' });
    await admin.post('/api/users', { name: 'abe', password: 'a long password', role: 'approver' });
    viewer = apiClient(server.url);
    await viewer.login('vera', 'a long password');
    approver = apiClient(server.url);
    await approver.login('abe', 'a long password');
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows a library pinned to its commit (editors only), and lists it with its packages; an empty workspace lists none', async () => {
    expect((await viewer.get('/api/library/followed')).body).toEqual({ libraries: [] });
    const refused = await viewer.post('/api/library/followed', { name: 'community', url: library.url });
    expect(refused.status).toBe(403);
    const added = await admin.post('/api/library/followed', { name: 'community', url: library.url });
    expect(added.status).toBe(201);
    const head = library.git(library.url, 'rev-parse', 'HEAD');
    expect(added.body.library).toMatchObject({ name: 'community', url: library.url, commit: head, packages: [{ name: 'amtelco-be200', version: '0.1.0' }] });
    expect((await viewer.get('/api/library/followed')).body.libraries).toEqual([added.body.library]);
    const twice = await admin.post('/api/library/followed', { name: 'community', url: library.url });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('library_exists');
  });

  it('says why a library cannot be followed: not a repository, no network, an option for a URL', async () => {
    const plain = await admin.post('/api/library/followed', { name: 'plain', url: dir });
    expect(plain.status).toBe(422);
    expect(plain.body).toMatchObject({ code: 'not_a_repository' });
    expect(plain.body.detail).toContain('is not a git repository');
    const down = await admin.post('/api/library/followed', { name: 'down', url: 'http://127.0.0.1:9/library.git' });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('no_network');
    const option = await admin.post('/api/library/followed', { name: 'option', url: '--upload-pack=touch /tmp/x' });
    expect(option.status).toBe(400);
    expect((await admin.get('/api/library/followed')).body.libraries.map((l: { name: string }) => l.name)).toEqual(['community']);
  });

  it("shows an upstream change — SQL and fixture diff, the clients and totals that move, the accounts' invoices with a setup — keeping the pin", async () => {
    const pin = (await admin.get('/api/library/followed')).body.libraries[0].commit;
    const upstream = publishUpstreamChange(library);
    expect((await admin.put('/api/setups/answered', { text: ANSWERED_SETUP }, { 'If-Match': '0' })).status).toBe(200);
    expect((await admin.post('/api/setups/answered/versions/1/submit')).status).toBe(200);
    expect((await approver.post('/api/setups/answered/versions/1/approve', {})).status).toBe(200);

    const snapshot = server.snapshotId;
    const released = (await admin.get('/api/formulas/AnsweredCalls')).body.text;
    const expected = expectedChange(
      await clientsOf(admin, snapshot),
      await valuesOfText(admin, snapshot, released),
      await valuesOfText(admin, snapshot, upstream.answeredCalls),
    );
    expect(expected.clients.size).toBeGreaterThan(0);
    expect(expected.accounts.size).toBeGreaterThan(0);

    const looked = await viewer.get(`/api/library/followed/community/changes?snapshot=${snapshot}&setup=answered&top=1000`);
    expect(looked.status).toBe(200);
    const { update, results, money } = looked.body;
    expect(update).toMatchObject({ name: 'community', from: pin, to: library.git(library.url, 'rev-parse', 'HEAD'), moved: false });
    expect(update.packages).toEqual([{ name: 'amtelco-be200', from: '0.1.0', to: '0.2.0' }]);
    const changed = update.formulas.find((f: { path: string }) => f.path === FORMULA_PATH);
    expect(changed).toMatchObject({ formulaId: 'AnsweredCalls', change: 'changed' });
    expect(changed.sqlDiff).toContain(`-  ${SQL_BEFORE}`);
    expect(changed.sqlDiff).toContain(`+  ${SQL_AFTER}`);
    expect(changed.sqlBefore).toContain(SQL_BEFORE);
    expect(changed.sqlAfter).toContain(SQL_AFTER);
    expect(update.formulas.find((f: { path: string }) => f.path === CONSENSUS_PATH)).toMatchObject({ formulaId: 'AnsweredCallsConsensus', change: 'added' });
    expect(update.fixtures).toEqual([expect.objectContaining({ path: FIXTURE_PATH, change: 'changed' })]);
    expect(update.fixtures[0].diff).toContain('+  (completion code 3), 8 was answered; 10 has no start row (a call still ringing).');

    const result = results.find((r: { formulaId: string }) => r.formulaId === 'AnsweredCalls');
    expect(result.moved).toBe(expected.clients.size);
    expect(new Map(result.clients.map((c: { client: string; before: string; after: string }) => [c.client, [c.before, c.after]]))).toEqual(expected.clients);
    // Every client's change is after minus before, a client the formula no longer gives a row counting 0.
    for (const c of result.clients as { before: string; after: string; change: string }[])
      expect(exact(c.change).eq(exact(c.after).minus(c.before))).toBe(true);
    expect([result.totalBefore, result.totalAfter]).toEqual([expected.totalBefore, expected.totalAfter]);

    expect(money.setup).toEqual({ name: 'answered', version: 1 });
    const priced = money.formulas.find((f: { formulaId: string }) => f.formulaId === 'AnsweredCalls').money;
    expect(priced).toMatchObject({ statistics: ['AnsweredCalls'], currency: 'USD' });
    expect(new Map(priced.accounts.map((a: { account: string; change: string }) => [a.account, a.change]))).toEqual(expected.accounts);
    expect(priced.totals.change).toBe(expected.moneyChange);
    expect(exact(priced.totals.after).minus(priced.totals.before).toFixed(2)).toBe(expected.moneyChange);
    expect(priced.counts.up + priced.counts.down).toBe(expected.accounts.size);
    // The consensus variant bills no statistic of this setup (AnsweredCalls is billed with the legacy formula): no money moves.
    const consensus = money.formulas.find((f: { formulaId: string }) => f.formulaId === 'AnsweredCallsConsensus').money;
    expect(consensus).toMatchObject({ statistics: [], totals: { change: '0.00' }, accounts: [] });

    // Looking keeps the pin; a setup without an approved version is refused with what to do.
    expect((await admin.get('/api/library/followed')).body.libraries[0].commit).toBe(pin);
    await admin.put('/api/setups/unapproved', { text: ANSWERED_SETUP }, { 'If-Match': '0' });
    const unapproved = await viewer.get(`/api/library/followed/community/changes?snapshot=${snapshot}&setup=unapproved`);
    expect(unapproved.status).toBe(409);
    expect(unapproved.body.code).toBe('setup_not_approved');
  });

  it('moves the pin (editors), adopts formulas at the pin as drafts of the review, and shows the consensus with distances between variants', async () => {
    expect((await viewer.post('/api/library/followed/community/update')).status).toBe(403);
    const moved = await admin.post('/api/library/followed/community/update');
    expect(moved.status).toBe(200);
    expect(moved.body.update.moved).toBe(true);
    const head = library.git(library.url, 'rev-parse', 'HEAD');
    expect((await admin.get('/api/library/followed')).body.libraries[0]).toMatchObject({
      commit: head,
      packages: [{ name: 'amtelco-be200', version: '0.2.0' }],
    });
    expect((await admin.get('/api/library/followed/community/changes')).body.update).toMatchObject({ from: head, to: head, formulas: [] });

    expect((await viewer.post('/api/library/followed/community/adopt', { formulas: ['AnsweredCalls'] })).status).toBe(403);
    const adopted = await admin.post('/api/library/followed/community/adopt', { formulas: ['AnsweredCalls', 'AnsweredCallsConsensus'] });
    expect(adopted.status).toBe(200);
    const [answered, consensus] = adopted.body.adoptions;
    expect(answered).toMatchObject({ formulaId: 'AnsweredCalls', path: FORMULA_PATH });
    // The shipped release has the consensus variant's very text: no draft.
    expect(consensus).toMatchObject({ formulaId: 'AnsweredCallsConsensus', unchanged: true });
    const draft = (await admin.get(`/api/drafts/${answered.draftId}`)).body;
    expect(draft).toMatchObject({ formulaId: 'AnsweredCalls', author: 'boss', status: 'editing' });
    expect(draft.text).toContain(SQL_AFTER);

    const snapshot = server.snapshotId;
    const view = await viewer.get(`/api/library/followed/community/consensus?snapshot=${snapshot}`);
    expect(view.status).toBe(200);
    const row = view.body.statistics.find((s: { statistic: string }) => s.statistic === 'AnsweredCalls');
    expect(row.variants.map((v: { formulaId: string; variant: string }) => [v.variant, v.formulaId])).toEqual([
      ['legacy', 'AnsweredCalls'],
      ['consensus', 'AnsweredCallsConsensus'],
    ]);
    const [legacy, other] = [
      await valuesOfText(admin, snapshot, draft.text),
      await valuesOfText(admin, snapshot, (await admin.get('/api/formulas/AnsweredCallsConsensus')).body.text),
    ];
    const clients = [...new Set([...legacy.keys(), ...other.keys()])];
    const gaps = clients.map((clt) => exact(other.get(clt) ?? '0').minus(legacy.get(clt) ?? '0'));
    const differ = gaps.filter((gap) => !gap.isZero()).length;
    expect(differ).toBeGreaterThan(0);
    expect(row.variants[0]).toMatchObject({ total: sum([...legacy.values()].map((v) => exact(v))).toString(), differFromLegacy: 0 });
    expect(row.variants[1]).toMatchObject({ total: sum([...other.values()].map((v) => exact(v))).toString(), differFromLegacy: differ });
    expect(row.pairs).toEqual([
      {
        a: 'AnsweredCalls',
        b: 'AnsweredCallsConsensus',
        clients: differ,
        totalChange: sum(gaps).toString(),
        absoluteDifference: sum(gaps.map((gap) => gap.abs())).toString(),
      },
    ]);
  });

  it("proposes a released formula and records the site's adoption as local branches, pushing nothing", async () => {
    const clone = join(server.dir, 'libraries', 'community');
    const publicHeads = library.git(library.url, 'branch', '--list');
    expect((await viewer.post('/api/library/followed/community/proposals', { formulas: ['CallsConsensus'] })).status).toBe(403);
    const proposed = await admin.post('/api/library/followed/community/proposals', { formulas: ['CallsConsensus'], branch: 'propose/calls' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      clone,
      branch: 'propose/calls',
      package: 'amtelco-be200',
      from: '0.2.0',
      to: '0.3.0',
      push: `git -C ${clone} push origin propose/calls`,
    });
    expect(proposed.body.files).toContain('amtelco-be200/formulas/consensus/calls/CallsConsensus.yaml');
    expect(library.git(clone, 'log', '-1', '--format=%s', 'propose/calls')).toBe('amtelco-be200 0.3.0: CallsConsensus');
    const again = await admin.post('/api/library/followed/community/proposals', { formulas: ['CallsConsensus'], branch: 'propose/calls' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('branch_exists');
    const badBranch = await admin.post('/api/library/followed/community/proposals', { formulas: ['CallsConsensus'], branch: '-f' });
    expect(badBranch.status).toBe(400);

    const recorded = await admin.post('/api/library/followed/community/adoption-records', { site: 'site-b', branch: 'adoption/site-b' });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ branch: 'adoption/site-b', file: 'adoptions/site-b.yaml', push: `git -C ${clone} push origin adoption/site-b` });
    // The shipped release runs the consensus variant as the library has it, not the changed AnsweredCalls (a draft, not released).
    expect(recorded.body.formulas).toEqual([{ package: 'amtelco-be200', version: '0.2.0', formula: 'AnsweredCallsConsensus' }]);
    expect(library.git(library.url, 'branch', '--list')).toBe(publicHeads);
  });
});
