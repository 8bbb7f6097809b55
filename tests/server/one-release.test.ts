/**
 * One agreed number: after a legacy formula is changed, approved and promoted in the workbench,
 * the command line computes with the same release as the server (while the server runs), says
 * which, and gives the same values in `formula run`, `export be200` and `reconcile`, as the grid, a
 * billing run and a reconciliation in the workbench do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '../support/cli.ts';
import { approveDoubledFormula } from './support/doubled-formula.ts';
import { EXAMPLE_SETUP } from '../web/support/billing-setup.ts';
import { approveSetup } from './support/setup-approval.ts';
import { apiClient, startTestServer, waitForJob, type TestServer } from './support/test-server.ts';

describe('the command line and the workbench on one workspace', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let out: string;
  const cli = (...args: string[]) => billing([...args, '--workspace', server.context.workspace.root]);

  beforeAll(async () => {
    server = await startTestServer();
    out = mkdtempSync(join(tmpdir(), 'billing-one-release-'));
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'admin', password: 'a long admin password' });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('uses the shipped library as the first release, and says so', async () => {
    const run = await cli('formula', 'run', 'SecCalls', '--snapshot', server.snapshotId);
    expect(run.status, run.stderr).toBe(0);
    const release = (await admin.get('/api/formulas')).body.release;
    expect(run.stderr).toContain(`Formulas: release ${release.name} (sha256 ${String(release.contentHash).slice(0, 12)})`);
    expect(run.stderr).not.toContain('no longer reproduces');
  });

  it('after a legacy formula is changed and promoted, gives the values the grid gives, naming the same release', async () => {
    const before = await cli('formula', 'run', 'SecCalls', '--snapshot', server.snapshotId);
    await approveDoubledFormula(server.url, admin, 'SecCalls');
    const approved = (await admin.get('/api/drafts?status=approved')).body.drafts[0];
    expect((await admin.post('/api/releases', { name: 'doubled-calls', drafts: [approved.draftId] })).status).toBe(200);

    const grid = (await admin.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=5000`)).body;
    expect(grid.release).toBe('doubled-calls');
    const fromGrid = new Map<string, string>(
      grid.rows.map((row: { clientNumber: string; values: { SecCalls: string } }) => [row.clientNumber, row.values.SecCalls]),
    );
    const listed = (await admin.get('/api/formulas')).body;
    expect(listed.formulas.find((f: { id: string }) => f.id === 'SecCalls').changedFromLegacy).toContain('SQL differs');

    const run = await cli('formula', 'run', 'SecCalls', '--snapshot', server.snapshotId);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Formulas: release doubled-calls (sha256 ${String(listed.release.contentHash).slice(0, 12)})`);
    expect(run.stderr).toContain('Note: SecCalls is marked legacy but no longer reproduces Billing Export 200');
    const fromCli = tsvValues(run.stdout, 'SecCalls');
    expect(fromCli).toEqual(fromGrid);
    const wasBefore = tsvValues(before.stdout, 'SecCalls');
    expect([...fromCli].some(([client, value]) => Number(value) > 0 && Number(value) === 2 * Number(wasBefore.get(client)))).toBe(true);

    const file = join(out, 'be200.csv');
    const exported = await cli('export', 'be200', '--snapshot', server.snapshotId, '--out', file);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('release doubled-calls');
    expect(csvValues(readFileSync(file, 'utf8'), 'SecCalls')).toEqual(fromGrid);

    // The workbench's own export, reconciled on the command line and in the workbench: nothing differs.
    const reconciled = await cli('reconcile', '--snapshot', server.snapshotId, '--legacy', file);
    expect(reconciled.stderr).toContain('release doubled-calls');
    expect(reconciled.status, reconciled.stdout + reconciled.stderr).toBe(0);
    const upload = await admin.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'be200.csv',
      content: readFileSync(file).toString('base64'),
    });
    expect(upload.body.summary.cells.mismatch).toBe(0);
    const kept = (await admin.get('/api/reconciliations')).body.reconciliations.at(-1);
    expect(kept.record.release).toEqual({ name: 'doubled-calls', contentHash: listed.release.contentHash });

    // A billing run in the workbench bills with the same release: its Billing Export 200 file has the same values.
    expect((await admin.put('/api/setups/standard', { text: EXAMPLE_SETUP }, { 'If-Match': '0' })).status).toBe(200);
    await approveSetup(server.url, admin, admin, 'standard', 1);
    const job = await admin.post('/api/runs', { snapshot: server.snapshotId, setup: 'standard' });
    const done = await waitForJob(admin, job.body.id);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    const runId = (await admin.get('/api/runs')).body.runs.at(-1).id as string;
    const runBe200 = (await admin.get(`/api/runs/${runId}/files/be200.csv`)).body as string;
    expect(csvValues(runBe200, 'SecCalls')).toEqual(fromGrid);
    expect((await admin.get(`/api/runs/${runId}`)).body.formulaSource).toBe('release doubled-calls');
  });

  it('computes with a folder of formulas only when asked, and says so', async () => {
    const run = await cli('formula', 'run', 'SecCalls', '--snapshot', server.snapshotId, '--library', 'formulas');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Formulas: folder formulas');
  });
});

function tsvValues(stdout: string, column: string): Map<string, string> {
  return csvValues(stdout, column, '\t');
}

function csvValues(text: string, column: string, delimiter = ','): Map<string, string> {
  const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true, delimiter }).data;
  return new Map(rows.map((row) => [String(row.ClientNumber), String(row[column])]));
}
