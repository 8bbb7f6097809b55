import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDoubledFormula } from '../support/doubled-formula.ts';
import { PER_CALL_SETUP } from '../support/per-call-setup.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

const setup = PER_CALL_SETUP;

describe('a scenario that computes a statistic with a stored formula version', () => {
  let server: TestServer;
  const admin = () => apiClient(server.url);
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    api = admin();
    await api.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
    expect((await api.put('/api/setups/per-call', { text: setup }, { 'if-match': '0' })).status).toBe(200);
    // SecCalls with every call counted twice, as an approved version 2 that no release holds yet.
    await approveDoubledFormula(server.url, api, 'SecCalls');
  });
  afterAll(() => server.stop());

  const compare = async (name: string, swap: string) => {
    expect((await api.put(`/api/scenarios/${name}`, { text: `name: ${name}\nformulas:\n  SecCalls: '${swap}'\n` }, { 'if-match': '0' })).status).toBe(200);
    return api.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'per-call', scenario: name, everyAccount: true });
  };

  it('prices with an approved version not yet released: each account changes by its calls counted once more', async () => {
    const versions = (await api.get('/api/formulas/SecCalls/versions')).body.versions as { number: number }[];
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    const response = await compare('doubled', 'SecCalls@v2');
    expect(response.status).toBe(200);
    expect(response.body.requeried).toBe(true);
    const calls = (await api.post('/api/formulas/run', { id: 'SecCalls', snapshot: server.snapshotId })).body.values as Record<string, string>;
    const total = Object.values(calls).reduce((sum, n) => sum.plus(n), new Decimal(0));
    expect(total.gt(0)).toBe(true);
    expect(response.body.totals).toEqual({ before: total.toFixed(), after: total.mul(2).toFixed(), change: total.toFixed() });
  });

  it('prices with the released version when the scenario names its number: nothing changes', async () => {
    const response = await compare('released', 'SecCalls@v1');
    expect(response.status).toBe(200);
    expect(response.body.totals.change).toBe('0');
  });

  it('refuses a version that does not exist, naming the statistic and the version', async () => {
    const response = await compare('missing', 'SecCalls@v9');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'unknown_formula_version', field: 'formulas.SecCalls' });
    expect(response.body.detail).toContain('SecCalls@v9');
  });

  it('refuses a scenario that names a stored version and, elsewhere, the release version of the same formula', async () => {
    const text = "name: both\nformulas:\n  SecCalls: 'SecCalls@v2'\n  CheckCalls: SecCalls\n";
    expect((await api.put('/api/scenarios/both', { text }, { 'if-match': '0' })).status).toBe(200);
    const response = await api.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'per-call', scenario: 'both' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'conflicting_formula_versions', field: 'formulas.CheckCalls' });
    expect(response.body.detail).toContain('SecCalls@v2');
  });
});
