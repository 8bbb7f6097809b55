import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/project.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';

describe('the workbench API', () => {
  let server: TestServer;
  let client: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await startTestServer();
    client = apiClient(server.url);
    await client.post('/api/setup', { name: 'admin', password: 'a long admin password' });
  });
  afterAll(() => server.stop());

  it('serves the grid paged, with every Billing Export 200 column by default, and from the cache the second time', async () => {
    const first = await client.get(`/api/grid?snapshot=${server.snapshotId}&limit=5`);
    expect(first.status).toBe(200);
    expect(first.body.columns).toHaveLength(264);
    expect(first.body.total).toBe(20);
    expect(first.body.rows).toHaveLength(5);
    expect(first.body.rows[0].values.SecCalls).toMatch(/^\d+$/);
    const second = await client.get(`/api/grid?snapshot=${server.snapshotId}&offset=5&limit=5`);
    expect(second.body.computed).toBe(0);
    expect(second.body.cached).toBe(264);
    expect(second.body.rows[0].clientNumber).not.toBe(first.body.rows[0].clientNumber);
    const searched = await client.get(
      `/api/grid?snapshot=${server.snapshotId}&columns=SecCalls,CallDuration&search=${encodeURIComponent(first.body.rows[2].name)}`,
    );
    expect(searched.body.rows.map((row: { clientNumber: string }) => row.clientNumber)).toContain(first.body.rows[2].clientNumber);
    expect(Object.keys(searched.body.rows[0].values)).toEqual(['SecCalls', 'CallDuration']);
  });

  it('compares a scenario with its baseline without querying again when only prices change', async () => {
    const setup = readFileSync(join(PROJECT_ROOT, 'examples/billing-setup.yaml'), 'utf8');
    const scenario = readFileSync(join(PROJECT_ROOT, 'examples/scenario-live-rate.yaml'), 'utf8');
    expect((await client.put('/api/setups/main', { text: setup }, { 'if-match': '0' })).status).toBe(200);
    expect((await client.put('/api/scenarios/live', { text: scenario }, { 'if-match': '0' })).status).toBe(200);
    expect((await client.put('/api/scenarios/live', { text: scenario }, { 'if-match': '0' })).body.code).toBe('edit_conflict');
    const comparison = await client.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'main', scenario: 'live' });
    expect(comparison.status).toBe(200);
    expect(comparison.body.requeried).toBe(false);
    const { up, down, same } = comparison.body.counts;
    expect(up + down + same).toBeGreaterThan(0);
    const { before, after, change } = comparison.body.totals;
    expect(new Decimal(after).minus(before).eq(change)).toBe(true);
  });

  it('compares a scenario as edited (sent with the request) without saving it, and refuses a bad edit by its field', async () => {
    const edited = readFileSync(join(PROJECT_ROOT, 'examples/scenario-live-rate.yaml'), 'utf8').replace('price: "0.25"', 'price: "0.50"');
    const ask = { snapshot: server.snapshotId, setup: 'main', scenario: 'live' };
    const stored = await client.post('/api/scenarios/compare', ask);
    const asEdited = await client.post('/api/scenarios/compare', { ...ask, scenarioText: edited });
    expect(asEdited.status).toBe(200);
    expect(asEdited.body.totals.after).not.toBe(stored.body.totals.after);
    expect(asEdited.body.totals.before).toBe(stored.body.totals.before);
    expect((await client.get('/api/scenarios/live')).body.version).toBe(1);
    expect((await client.post('/api/scenarios/compare', ask)).body.totals).toEqual(stored.body.totals);
    const refused = await client.post('/api/scenarios/compare', { ...ask, scenarioText: edited.replace('"0.50"', '"half"') });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toMatch(/price/);
  });

  it('exports formulas as a package and imports changes as drafts for review, never straight into the library', async () => {
    const pkg = (await client.get('/api/library/export?ids=SecCalls,CheckCalls')).body;
    expect(pkg.formulas.map((f: { id: string }) => f.id)).toEqual(['CheckCalls', 'SecCalls']);
    const unchanged = await client.post('/api/library/import', { package: JSON.stringify(pkg) });
    expect(unchanged.body.items.map((item: { status: string }) => item.status)).toEqual(['unchanged', 'unchanged']);

    const edited = { ...pkg.formulas[0], text: pkg.formulas[0].text.replace('title:', 'title: Renamed') };
    const { createPackage } = await import('../../../engine/formulas/package.ts');
    const { parseFormulaFile } = await import('../../../engine/formulas/file-format.ts');
    const changedPackage = createPackage('theirs', [{ formula: parseFormulaFile(edited.text, edited.path), path: edited.path, text: edited.text }]);
    const applied = await client.post('/api/library/import', { package: JSON.stringify(changedPackage), apply: true });
    expect(applied.body.items[0]).toMatchObject({ id: 'CheckCalls', status: 'changed', differences: ['metadata'] });
    expect(applied.body.drafts).toEqual([{ formulaId: 'CheckCalls', draftId: expect.any(Number) }]);
    expect((await client.get(`/api/drafts/${applied.body.drafts[0].draftId}`)).body.status).toBe('editing');
    expect((await client.get('/api/formulas/CheckCalls')).body.formula.title).not.toContain('Renamed');
  });
});
