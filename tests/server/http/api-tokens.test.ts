/** API tokens: scoped, expiring, listed, revoked; a token cannot mint tokens; disabling a user revokes theirs for good. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const DAY = 86_400_000;
const PASSWORD = 'a long password';

describe('API tokens', () => {
  let server: TestServer;
  let clock = Date.parse('2026-11-02T09:00:00Z');
  let root: ReturnType<typeof apiClient>;
  let edna: ReturnType<typeof apiClient>;
  const bearer = (token: string) => apiClient(server.url, { bearer: token });
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(clock) });
    root = apiClient(server.url);
    await root.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const name of ['edna', 'eli']) await root.post('/api/users', { name, password: PASSWORD, role: 'editor' });
    edna = apiClient(server.url);
    await edna.login('edna', PASSWORD);
  });
  afterAll(() => server.stop());

  it("is scoped: a read-only token of an editor cannot write, and none may exceed its owner's role", async () => {
    const created = await edna.post('/api/tokens', { name: 'dashboard', role: 'viewer', days: 30 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'dashboard', owner: 'edna', role: 'viewer', revokedAt: null, expiresAt: '2026-12-02T09:00:00.000' });
    const readOnly = bearer(created.body.token);
    expect((await readOnly.get('/api/me')).body).toMatchObject({ name: 'edna', role: 'viewer' });
    expect((await readOnly.post('/api/drafts', { formulaId: 'SecCalls', text: 'id: SecCalls' })).status).toBe(403);

    const tooWide = await edna.post('/api/tokens', { name: 'admin please', role: 'admin' });
    expect(tooWide.status).toBe(403);
    expect(tooWide.body.code).toBe('scope_too_wide');
  });

  it('cannot mint another token', async () => {
    const token = (await edna.post('/api/tokens', { name: 'script' })).body.token;
    const minted = await bearer(token).post('/api/tokens', { name: 'offspring' });
    expect(minted.status).toBe(403);
    expect(minted.body.code).toBe('token_cannot_mint');
  });

  it('stops working when it expires', async () => {
    const token = (await edna.post('/api/tokens', { name: 'one day', days: 1 })).body.token;
    expect((await bearer(token).get('/api/me')).status).toBe(200);
    clock += 2 * DAY;
    expect((await bearer(token).get('/api/me')).status).toBe(401);
    await edna.login('edna', PASSWORD);
  });

  it('is listed without its secret, and revoked by its owner (not by another editor)', async () => {
    const created = (await edna.post('/api/tokens', { name: 'to revoke' })).body;
    const listed = (await edna.get('/api/tokens')).body.tokens;
    expect(listed.map((token: { name: string }) => token.name)).toContain('to revoke');
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const eli = apiClient(server.url);
    await eli.login('eli', PASSWORD);
    expect((await eli.get('/api/tokens')).body.tokens).toEqual([]);
    expect((await eli.request('DELETE', `/api/tokens/${created.id}`)).status).toBe(404);

    const revoked = await edna.request('DELETE', `/api/tokens/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await bearer(created.token).get('/api/me')).status).toBe(401);
    expect((await root.get('/api/tokens')).body.tokens.some((token: { id: number }) => token.id === created.id)).toBe(true);
  });

  it('is revoked for good when its owner is disabled: enabling them again does not bring it back', async () => {
    const token = (await edna.post('/api/tokens', { name: 'nightly' })).body.token;
    expect((await root.request('PATCH', '/api/users/edna', { disabled: true })).status).toBe(200);
    expect((await root.request('PATCH', '/api/users/edna', { disabled: false })).status).toBe(200);
    expect((await bearer(token).get('/api/me')).status).toBe(401);
  });
});
