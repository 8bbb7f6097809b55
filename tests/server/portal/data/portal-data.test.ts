/**
 * The portal's data routes for a client user scoped to two clients (one by client number, one by
 * billing code): every route and parameter tried with another client's numbers, billing codes,
 * invoice numbers, snapshot and period names shows nothing of another client; the statistics of a
 * finalised period equal the quantities on its invoices; the daily trend equals per-day values
 * computed with plain SQL on the snapshot; the rows behind a number add up to it, in the JSON pages
 * and in the CSV and XLSX downloads.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshotSandbox, type Sandbox } from '../../../../engine/formulas/sandbox.ts';
import { listClients } from '../../../../engine/rating/clients.ts';
import type { ClientInfo } from '../../../../engine/rating/model.ts';
import { exact } from '../../../../engine/rating/money.ts';
import { snapshotDataFile } from '../../../../snapshots/store/snapshot-store.ts';
import { PROJECT_ROOT } from '../../../support/project.ts';
import { approveSetup } from '../../support/setup-approval.ts';
import { apiClient, startTestServer, type TestServer, waitForJob } from '../../support/test-server.ts';
import { openPortal, type PortalResponse, portalClient } from './portal-client.ts';

type Portal = Awaited<ReturnType<typeof portalClient>>;

const BILLED = ['SelSecDuration', 'MsgDlvrd', 'SelPatches'];
const PUBLISHED = [...BILLED, 'Calls'];
const none = { values: {}, types: {} };

describe('the portal data of a client user scoped to two clients', () => {
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  let whole: Sandbox;
  let clients: readonly ClientInfo[];
  let mine: ClientInfo[];
  let others: ClientInfo[];
  let acme: Portal;
  let run: string;
  let stamps: { start: string; end: string };

  const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(exact(value)), exact(0)).toFixed();
  const plain = async (sql: string) => whole.query(sql, none, 'plain SQL');
  const inMine = () => `(${mine.map((client) => client.cltID).join(', ')})`;

  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    expect(
      (await admin.put('/api/setups/main', { text: readFileSync(`${PROJECT_ROOT}examples/billing-setup.yaml`, 'utf8') }, { 'if-match': '0' })).status,
    ).toBe(200);
    await approveSetup(server.url, admin, admin, 'main', 1);
    await openPortal(server, PUBLISHED);
    whole = await openSnapshotSandbox(snapshotDataFile(server.context.workspace, server.snapshotId));
    clients = await listClients(whole);
    mine = clients.filter((client) => client.clientNumber === '1005' || client.billingCode === 'BC001024');
    others = clients.filter((client) => !mine.includes(client));
    expect(mine.map((client) => client.clientNumber)).toEqual(['1005', '1024']);
    acme = await portalClient(server, admin, 'acme', { clientNumbers: ['1005'], billingCodes: ['BC001024'] });
    const manifest = (await admin.get(`/api/snapshots/${server.snapshotId}`)).body;
    stamps = manifest.period ?? manifest.manifest.period;
  });
  afterAll(async () => {
    whole?.close();
    await server?.stop();
  });

  /** Every answer the user gets: never a name of another client. */
  const seen = (response: PortalResponse): PortalResponse => {
    for (const other of others) expect(response.text.includes(other.name), `${other.name} in ${response.text.slice(0, 200)}`).toBe(false);
    return response;
  };
  const get = async (path: string) => seen(await acme.get(path));

  /** A run of the approved setup on the snapshot, finalised by an approver. */
  const finalisedRun = async (): Promise<string> => {
    const started = await admin.post('/api/runs', { snapshot: server.snapshotId, setup: 'main' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const job = await waitForJob(admin, started.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const id = job.result.run as string;
    const finalised = await admin.post(`/api/runs/${id}/finalise`, {});
    expect(finalised.status, JSON.stringify(finalised.body)).toBe(200);
    return id;
  };

  /** By client number and statistic, the `statistic` step values on the run's invoices. */
  const invoiceQuantities = async (id: string): Promise<Map<string, Map<string, string>>> => {
    const quantities = new Map<string, Map<string, string>>();
    for (const invoice of (await admin.get(`/api/runs/${id}/invoices`)).body.invoices as { account: string }[]) {
      const shown = (await admin.get(`/api/runs/${id}/invoices/${encodeURIComponent(invoice.account)}`)).body;
      for (const line of shown.lines)
        for (const step of line.steps) {
          if (step.kind !== 'statistic') continue;
          if (!quantities.has(step.clientNumber)) quantities.set(step.clientNumber, new Map());
          quantities.get(step.clientNumber)?.set(step.statistic, step.value);
        }
    }
    return quantities;
  };

  const callsByClient = async (): Promise<Map<string, string>> => {
    const rows = await plain(
      `SELECT c.ClientNumber::VARCHAR AS n, count(*) AS v FROM statCallEnd e JOIN statCallStart s USING (callId) JOIN cltClients c ON c.cltID = e.cltId
       WHERE e.Stamp BETWEEN '${stamps.start}' AND '${stamps.end}' GROUP BY 1`,
    );
    return new Map(rows.map((row) => [String(row.n), String(row.v)]));
  };

  it('shows the snapshot’s numbers until the period is finalised, then exactly the quantities its invoices were rated on', async () => {
    const before = (await get('/api/portal/statistics?period=2026-10')).body;
    expect(before).toMatchObject({ period: '2026-10', finalised: false, source: 'snapshot' });
    expect(before.statistics.map((statistic: { id: string }) => statistic.id)).toEqual(PUBLISHED);
    expect(before.clients.map((client: { clientNumber: string }) => client.clientNumber)).toEqual(['1005', '1024']);

    run = await finalisedRun();
    const after = (await get('/api/portal/statistics?period=2026-10')).body;
    expect(after).toMatchObject({ period: '2026-10', finalised: true, source: 'invoice' });
    const quantities = await invoiceQuantities(run);
    const calls = await callsByClient();
    for (const client of after.clients as { clientNumber: string; values: Record<string, string> }[]) {
      for (const statistic of BILLED) {
        const invoiced = quantities.get(client.clientNumber)?.get(statistic);
        expect(invoiced, `${client.clientNumber} ${statistic} on the invoice`).toBeDefined();
        expect({ client: client.clientNumber, statistic, value: client.values[statistic] }).toEqual({
          client: client.clientNumber,
          statistic,
          value: invoiced,
        });
        expect(client.values[statistic]).toBe(before.clients.find((b: { clientNumber: string }) => b.clientNumber === client.clientNumber).values[statistic]);
      }
      // Not billed by the setup: the run's own formula on its snapshot, here checked with plain SQL.
      expect(client.values.Calls).toBe(calls.get(client.clientNumber) ?? '0');
      expect(Number(client.values.Calls)).toBeGreaterThan(0);
    }
    const one = (await get('/api/portal/statistics?period=2026-10&client=1024')).body;
    expect(one.clients).toEqual([after.clients[1]]);
  });

  it('gives a daily trend equal to per-day plain SQL on the snapshot, and a monthly one equal to the period’s statistics', async () => {
    const perDay = async (sql: string, client?: string) =>
      new Map(
        (await plain(sql.replace('$clients', client ? `(${clients.find((c) => c.clientNumber === client)?.cltID})` : inMine()))).map((row) => [
          String(row.d),
          String(row.n),
        ]),
      );
    const messages = `SELECT strftime(h.Stamp, '%Y-%m-%d') AS d, count(*) AS n FROM msgHistories h JOIN msgMessages m ON m.msgId = h.msgId
      WHERE h.DispositionId = 2 AND m.cltID IN $clients AND h.Stamp BETWEEN '${stamps.start}' AND '${stamps.end}' GROUP BY 1`;
    const calls = `SELECT strftime(e.Stamp, '%Y-%m-%d') AS d, count(*) AS n FROM statCallEnd e JOIN statCallStart s USING (callId)
      WHERE e.cltId IN $clients AND e.Stamp BETWEEN '${stamps.start}' AND '${stamps.end}' GROUP BY 1`;
    for (const [statistic, sql, client] of [
      ['MsgDlvrd', messages, undefined],
      ['Calls', calls, undefined],
      ['Calls', calls, '1005'],
    ] as const) {
      const expected = await perDay(sql, client);
      const trend = (await get(`/api/portal/trends?statistic=${statistic}&grain=day${client ? `&client=${client}` : ''}`)).body;
      expect(trend.points.map((point: { date: string }) => point.date)).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((day) => `2026-10-${day}`));
      expect(trend.points).toEqual(trend.points.map((point: { date: string }) => ({ date: point.date, value: expected.get(point.date) ?? '0' })));
      expect([...expected.values()].some((value) => value !== '0')).toBe(true);
    }
    const statistics = (await get('/api/portal/statistics?period=2026-10')).body;
    const monthly = (await get('/api/portal/trends?statistic=MsgDlvrd&grain=month')).body;
    expect(monthly.points).toEqual([
      { date: '2026-10', value: sum(statistics.clients.map((client: { values: Record<string, string> }) => client.values.MsgDlvrd)) },
    ]);
  });

  it('lists the rows behind a number in pages that add up to it, filtered by kind, and downloads them as CSV and XLSX', async () => {
    const statistics = (await get('/api/portal/statistics?period=2026-10')).body;
    for (const statistic of ['MsgDlvrd', 'SelSecDuration', 'Calls']) {
      for (const client of statistics.clients as { clientNumber: string; values: Record<string, string> }[]) {
        const query = `statistic=${statistic}&period=2026-10&client=${client.clientNumber}`;
        const first = (await get(`/api/portal/drilldown?${query}&pageSize=7`)).body;
        expect({ statistic, client: client.clientNumber, sum: first.sum }).toEqual({ statistic, client: client.clientNumber, sum: client.values[statistic] });
        const rows = [...first.rows];
        for (let page = 2; rows.length < first.total; page++) rows.push(...(await get(`/api/portal/drilldown?${query}&pageSize=7&page=${page}`)).body.rows);
        expect(rows).toHaveLength(first.total);
        expect(sum(rows.map((row: { value: string }) => row.value))).toBe(client.values[statistic]);
        expect(rows.every((row: { clientNumber: string; agent?: string }) => row.clientNumber === client.clientNumber && !('agent' in row))).toBe(true);

        const csv = await get(`/api/portal/drilldown.csv?${query}`);
        expect(csv.headers.get('content-type')).toContain('text/csv');
        const lines = csv.text.trim().split('\r\n');
        expect(lines).toHaveLength(first.total + 1);
        expect(sum(lines.slice(1).map((line) => line.split(',').at(-1) as string))).toBe(client.values[statistic]);

        const xlsx = await get(`/api/portal/drilldown.xlsx?${query}`);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
        const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
        expect(sheet.rowCount).toBe(first.total + 1);
        const values = sheet.getColumn(sheet.columnCount).values.slice(2).map(String);
        expect(sum(values)).toBe(client.values[statistic]);
      }
    }
    const calls = (await get('/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=500')).body;
    expect(calls.sum).toBe(sum(statistics.clients.map((client: { values: Record<string, string> }) => client.values.Calls)));
    const kind = calls.kinds[0] as string;
    const ofKind = (await get(`/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=500&kind=${encodeURIComponent(kind)}`)).body;
    expect(ofKind.total).toBe(calls.rows.filter((row: { kind: string }) => row.kind === kind).length);
    expect(ofKind.total).toBeLessThan(calls.total);
  });

  it('answers every other client, billing code, statistic, period, snapshot, page and invoice as something that does not exist', async () => {
    const other = others.find((client) => client.billingCode === 'BC001002') as ClientInfo;
    const probes: [string, number][] = [
      [`/api/portal/statistics?period=2026-10&client=${other.clientNumber}`, 404],
      ['/api/portal/statistics?period=2026-10&client=BC001002', 400],
      ['/api/portal/statistics?period=2026-10&client=1005.5', 400],
      ['/api/portal/statistics?period=2026-09', 404],
      ['/api/portal/statistics?period=2026-13', 400],
      [`/api/portal/statistics?period=${server.snapshotId}`, 400],
      ['/api/portal/statistics', 400],
      ['/api/portal/trends?statistic=CngClientCalls&grain=day', 404],
      [`/api/portal/trends?statistic=Calls&grain=day&client=${other.clientNumber}`, 404],
      ['/api/portal/trends?statistic=Calls&grain=week', 400],
      ['/api/portal/trends?statistic=Calls&grain=day&from=2026-10-01&to=2027-10-01', 400],
      ['/api/portal/trends?statistic=Calls&grain=day&from=2026-02-30', 400],
      [`/api/portal/drilldown?statistic=Calls&period=2026-10&client=${other.clientNumber}`, 404],
      ['/api/portal/drilldown?statistic=CngClientCalls&period=2026-10', 404],
      ['/api/portal/drilldown?statistic=Calls&period=2026-09', 404],
      ['/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=0', 400],
      ['/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=501', 400],
      ['/api/portal/drilldown?statistic=Calls&period=2026-10&page=0', 400],
      ['/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=many', 400],
      [`/api/portal/drilldown.csv?statistic=Calls&period=2026-10&client=${other.clientNumber}`, 404],
      [`/api/portal/drilldown.xlsx?statistic=Calls&period=2026-10&client=${other.clientNumber}`, 404],
      ['/api/portal/invoices/..%2F..%2Frun.json/pdf', 404],
      ['/api/portal/invoices/INV-999999/pdf', 404],
    ];
    for (const [path, status] of probes) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.text.includes(other.name)).toBe(false);
    }
    // The user's own page and periods name only their clients.
    expect((await get('/api/portal/me')).body.clients.map((client: { clientNumber: string }) => client.clientNumber)).toEqual(['1005', '1024']);
    expect((await get('/api/portal/periods')).body.periods.map((period: { period: string }) => period.period)).toEqual(['2026-10']);
    // Parameters the portal does not take (a snapshot, a cltID) change nothing.
    const plainAnswer = (await get('/api/portal/statistics?period=2026-10')).body;
    const withSnapshot = (await get(`/api/portal/statistics?period=2026-10&snapshot=${server.snapshotId}&cltID=${other.cltID}&billingCode=BC001002`)).body;
    expect(withSnapshot).toEqual(plainAnswer);
    const drill = (await get(`/api/portal/drilldown?statistic=Calls&period=2026-10&pageSize=500&clientNumber=${other.clientNumber}`)).body;
    expect(new Set(drill.rows.map((row: { clientNumber: string }) => row.clientNumber))).toEqual(new Set(['1005', '1024']));
  });

  it('lists the invoices of accounts wholly the user’s, with their PDFs, and no other invoice by any number', async () => {
    const issued = (await admin.get(`/api/runs/${run}/invoices`)).body.invoices as { number: string; billingCode: string; account: string }[];
    const own = issued.filter((invoice) => ['BC001005', 'BC001024'].includes(invoice.billingCode));
    expect(own).toHaveLength(2);
    const listed = (await get('/api/portal/invoices')).body.invoices;
    expect(listed.map((invoice: { number: string }) => invoice.number).sort()).toEqual(own.map((invoice) => invoice.number).sort());
    expect(listed.every((invoice: { runId: string; period: string }) => invoice.runId === run && invoice.period === '2026-10')).toBe(true);
    for (const invoice of issued) {
      const pdf = await acme.get(`/api/portal/invoices/${invoice.number}/pdf`);
      const isOwn = own.includes(invoice);
      expect({ number: invoice.number, status: pdf.status }).toEqual({ number: invoice.number, status: isOwn ? 200 : 404 });
      if (isOwn) expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');
    }
    // An account that also bills a client outside the grant is not the user's: its invoice stays unseen.
    const partial = await portalClient(server, admin, 'partial', { clientNumbers: ['1002'], billingCodes: [] });
    expect((await partial.get('/api/portal/invoices')).body.invoices).toEqual([]);
    const shared = issued.find((invoice) => invoice.billingCode === 'BC001002') as { number: string };
    expect((await partial.get(`/api/portal/invoices/${shared.number}/pdf`)).status).toBe(404);
    expect((await partial.get('/api/portal/statistics?period=2026-10')).body.clients.map((client: { clientNumber: string }) => client.clientNumber)).toEqual([
      '1002',
    ]);
  });

  it('names agents in the rows only once the portal publishes their names', async () => {
    const hidden = (await get('/api/portal/drilldown?statistic=MsgDlvrd&period=2026-10&pageSize=500')).body;
    expect(hidden.columns.map((column: { key: string }) => column.key)).not.toContain('agent');
    expect(hidden.rows.some((row: object) => 'agent' in row)).toBe(false);
    await openPortal(server, PUBLISHED, { showAgentNames: true });
    const named = (await get('/api/portal/drilldown?statistic=MsgDlvrd&period=2026-10&pageSize=500')).body;
    expect(named.columns.map((column: { key: string }) => column.key)).toContain('agent');
    const agents = await plain('SELECT Name FROM agtAgents WHERE Name IS NOT NULL');
    const names = new Set(agents.map((row) => String(row.Name)));
    expect(named.rows.filter((row: { agent: string | null }) => row.agent !== null && names.has(row.agent)).length).toBeGreaterThan(0);
    expect(named.sum).toBe(hidden.sum);
    await openPortal(server, PUBLISHED);
  });

  it('refuses a workbench session (403) and no session (401); answers 403 while the portal is closed', async () => {
    expect((await admin.get('/api/portal/statistics?period=2026-10')).status).toBe(403);
    expect((await fetch(new URL('/api/portal/invoices', server.url))).status).toBe(401);
    const ctx = server.context;
    const { portalSettings, savePortalSettings } = await import('../../../../server/services/portal-settings.ts');
    await savePortalSettings(ctx, 'root', { ...(await portalSettings(ctx)), enabled: false });
    const closed = await get('/api/portal/statistics?period=2026-10');
    expect([closed.status, closed.body.code]).toEqual([403, 'portal_closed']);
    await openPortal(server, PUBLISHED);
  });
});
