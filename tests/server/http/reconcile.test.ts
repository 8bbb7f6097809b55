import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../engine/be200/csv.ts';
import { billing } from '../../support/cli.ts';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { ourBe200Report } from '../support/our-be200.ts';

describe('reconciliation over HTTP', () => {
  let server: TestServer;
  let client: ReturnType<typeof apiClient>;
  let csv: string;
  beforeAll(async () => {
    server = await startTestServer();
    client = apiClient(server.url);
    await client.post('/api/setup', { name: 'admin', password: 'a long admin password' });
    const report = await ourBe200Report(server);
    // One known difference: the first client's SecCalls is one higher in the legacy file.
    const column = report.header.indexOf('SecCalls');
    const rows = report.rows.map((row, i) => (i === 0 ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
    csv = reportToCsv({ header: report.header, rows });
  });
  let stopped = false;
  afterAll(async () => {
    if (!stopped) await server.stop();
  });

  it('finds exactly the one changed cell, accepts it with a reason in the audit log, and reports it', async () => {
    const created = await client.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'be200.csv',
      content: Buffer.from(csv).toString('base64'),
    });
    expect(created.status).toBe(200);
    const details = (await client.get(`/api/reconciliations/${created.body.id}`)).body;
    const mismatches = details.reconciliation.variances.filter((v: { status: string }) => v.status === 'mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ statistic: 'SecCalls', delta: { change: '-1' } });

    const accepted = await client.post(`/api/reconciliations/${created.body.id}/acceptances`, {
      clientNumber: mismatches[0].clientNumber,
      statistic: 'SecCalls',
      reason: 'the legacy run counted a test call',
    });
    expect(accepted.body).toMatchObject({ by: 'admin', reason: 'the legacy run counted a test call' });
    const after = (await client.get(`/api/reconciliations/${created.body.id}`)).body;
    expect(
      after.reconciliation.variances.find((v: { statistic: string; status: string }) => v.statistic === 'SecCalls' && v.status === 'mismatch').acceptance.by,
    ).toBe('admin');
    const audit = (await client.get('/api/audit')).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toContain('variance.accept');

    const report = await client.get(`/api/reconciliations/${created.body.id}/report`);
    expect(report.headers.get('content-type')).toContain('text/csv');
    expect(report.body).toContain('SecCalls');
  });

  it('shows the snapshot rows behind a cell', async () => {
    const grid = (await client.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=1`)).body;
    const row = grid.rows[0];
    const rows = await client.get(`/api/cells/source-rows?snapshot=${server.snapshotId}&formula=SecCalls&client=${row.cltID}&limit=500`);
    expect(rows.body.kind).toBe('source-rows');
    expect(rows.body.count).toBe(Number(row.values.SecCalls));
  });
  it('lists kept reconciliations with the counts the command line prints for the same workspace', async () => {
    const renamed = await client.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'renamed.csv',
      content: Buffer.from(csv.replace(',SecCalls,', ',Secretarial Calls,')).toString('base64'),
    });
    expect(renamed.body.summary.open).toMatchObject({ columns: 2, total: 2 });
    const again = await client.post(`/api/reconciliations/${renamed.body.id}/again`, { tolerances: ['abs:1'] });
    expect(again.status).toBe(200);
    expect((await client.get(`/api/reconciliations/${again.body.id}`)).body.record).toMatchObject({
      tolerances: ['abs:1'],
      file: { name: 'renamed.csv', uploadedBy: 'admin' },
    });
    const listed = (await client.get('/api/reconciliations')).body.reconciliations;
    expect(listed.map((item: { status: string }) => item.status)).toEqual(['open', 'open', 'accepted']);
    const web = listed.map((item: { record: { id: string }; status: string; counts: object }) => [item.record.id, item.status, item.counts]);

    // The command line reads the same workspace once the server has let it go.
    await server.close();
    stopped = true;
    try {
      const cli = await billing(['reconcile', 'list', '--json', '--workspace', server.dir]);
      expect(cli.status).toBe(0);
      const items = JSON.parse(cli.stdout) as { record: { id: string }; status: string; counts: object }[];
      expect(items.map((item) => [item.record.id, item.status, item.counts])).toEqual(web);
      const text = await billing(['reconcile', 'show', again.body.id, '--workspace', server.dir]);
      expect(text.status).toBe(1);
      expect(text.stdout).toContain('Status: open; open 2 (unexplained 0, columns 2), explained 0, accepted 0 (carried over 0)');
    } finally {
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
});
