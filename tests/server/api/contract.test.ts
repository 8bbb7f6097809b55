/**
 * The API contract over every endpoint: a walk through the whole product (first start, users,
 * snapshots, formulas, review, setups, what-if, runs, reconciliation, library) that calls each
 * endpoint of server/api/contract.ts at least once on a real server and checks each answer
 * against the endpoint's reply schema. An endpoint added to the contract without a call here
 * fails the last test.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../../engine/be200/csv.ts';
import { buildBe200Report } from '../../../engine/be200/report.ts';
import { openSnapshotSandbox } from '../../../engine/formulas/sandbox.ts';
import { listClients } from '../../../engine/rating/clients.ts';
import { api, type EndpointName } from '../../../server/api/contract.ts';
import { fillPath, type Endpoint, type Input, type Output } from '../../../server/api/endpoint.ts';
import { readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { PROJECT_ROOT } from '../../support/project.ts';
import { publicLibrary, publishUpstreamChange } from '../support/library-repos.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN = { name: 'ada', password: 'a long admin password' };
const APPROVER = { name: 'bea', password: 'a long approver password', role: 'approver' as const };

/** A client that calls endpoints by their contract and checks every answer against it. */
function contractClient(baseUrl: string, called: Set<EndpointName>) {
  let cookie = '';
  let csrf = '';
  const nameOf = new Map(Object.entries(api).map(([name, endpoint]) => [endpoint as Endpoint, name as EndpointName]));
  async function send<E extends Endpoint>(endpoint: E, input: Input<E>): Promise<Response> {
    const given = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, unknown> };
    const search = new URLSearchParams(Object.entries(given.query ?? {}).map(([k, v]) => [k, String(v)]));
    const response = await fetch(new URL(`${fillPath(endpoint.path, given.params)}${search.size > 0 ? `?${search}` : ''}`, baseUrl), {
      method: endpoint.method.toUpperCase(),
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && endpoint.method !== 'get' ? { 'x-csrf-token': csrf } : {}),
        ...(endpoint.body ? { 'content-type': 'application/json' } : {}),
        ...Object.fromEntries(Object.entries(given.headers ?? {}).map(([k, v]) => [k, String(v)])),
      },
      ...(endpoint.body ? { body: JSON.stringify(given.body ?? {}) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] as string;
    called.add(nameOf.get(endpoint) as EndpointName);
    return response;
  }
  return {
    /** Calls a JSON endpoint; its status must be a success and its body must match the reply schema. */
    async json<E extends Endpoint>(endpoint: E, input: Input<E>): Promise<Output<E>> {
      const response = await send(endpoint, input);
      const text = await response.text();
      expect(response.status, `${endpoint.method} ${endpoint.path}: ${text.slice(0, 500)}`).toBe(
        'json' in endpoint.reply ? (endpoint.reply.status ?? 200) : 200,
      );
      if (!('json' in endpoint.reply)) throw new Error(`${endpoint.path} does not answer JSON`);
      const parsed = endpoint.reply.json.safeParse(JSON.parse(text));
      expect(parsed.success ? [] : parsed.error.issues, `${endpoint.method} ${endpoint.path}`).toEqual([]);
      const body = parsed.data as Output<E>;
      if (body && typeof body === 'object' && 'csrfToken' in body) csrf = String(body.csrfToken);
      if (body && typeof body === 'object' && 'csrf' in body) csrf = String(body.csrf);
      return body;
    },
    /** Calls an endpoint that answers 204 No Content. */
    async empty<E extends Endpoint>(endpoint: E, input: Input<E>): Promise<void> {
      const response = await send(endpoint, input);
      expect(response.status, `${endpoint.method} ${endpoint.path}: ${(await response.text()).slice(0, 500)}`).toBe(204);
    },
    /** Calls a file or events endpoint: 200 with the content type given. */
    async raw<E extends Endpoint>(endpoint: E, input: Input<E>, contentType: RegExp): Promise<string> {
      const response = await send(endpoint, input);
      const text = await response.text();
      expect(response.status, text.slice(0, 500)).toBe(200);
      expect(response.headers.get('content-type')).toMatch(contentType);
      return text;
    },
  };
}

async function waitForJob(client: ReturnType<typeof contractClient>, id: string) {
  for (;;) {
    const job = await client.json(api.showJob, { params: { id } });
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The snapshot's Billing Export 200 as a legacy CSV, with one cell one higher than ours. */
async function legacyFile(server: TestServer): Promise<string> {
  const manifest = readManifest(server.context.workspace, server.snapshotId);
  const library = await server.context.library();
  const sandbox = await openSnapshotSandbox(snapshotDataFile(server.context.workspace, manifest.id));
  try {
    const report = await buildBe200Report({
      sandbox,
      snapshotKey: manifest.contentHash,
      formulas: library.formulas,
      index: library.index,
      variant: 'legacy',
      params: { start: manifest.period.start, end: manifest.period.end },
    });
    const column = report.header.indexOf('SecCalls');
    const rows = report.rows.map((row, i) => (i === 0 ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
    return reportToCsv({ header: report.header, rows });
  } finally {
    sandbox.close();
  }
}

describe('the API contract', () => {
  let server: TestServer;
  const called = new Set<EndpointName>();
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers every endpoint as its contract says, on a walk through the product', async () => {
    const admin = contractClient(server.url, called);
    const snapshot = server.snapshotId;
    expect((await admin.json(api.setupStatus, {})).needsSetup).toBe(true);
    await admin.json(api.createAdministrator, { body: ADMIN });
    await admin.json(api.health, {});
    await admin.json(api.me, {});
    await admin.json(api.createUser, { body: APPROVER });
    await admin.json(api.changeUser, { params: { name: APPROVER.name }, body: { disabled: false } });
    expect((await admin.json(api.listUsers, {})).users.map((u) => u.name)).toEqual(['ada', 'bea']);
    const token = await admin.json(api.createToken, { body: { name: 'script', role: 'viewer', days: 7 } });
    expect((await admin.json(api.listTokens, {})).tokens.map((listed) => listed.id)).toContain(token.id);
    expect((await admin.json(api.revokeToken, { params: { id: String(token.id) } })).revokedAt).not.toBeNull();

    // Snapshots and jobs.
    await admin.json(api.listSnapshots, {});
    await admin.json(api.showSnapshot, { params: { id: snapshot } });
    const demo = await admin.json(api.createDemoSnapshot, { body: { scale: 'tiny', period: '2026-09', seed: 3 } });
    const events = await admin.raw(api.jobEvents, { params: { id: demo.id } }, /text\/event-stream/);
    expect(events).toContain('event: job');
    const made = await waitForJob(admin, demo.id);
    expect(made.status).toBe('succeeded');
    expect((await admin.json(api.cancelJob, { params: { id: demo.id } })).cancelled).toBe(false);
    await admin.json(api.deleteSnapshot, { params: { id: String(made.result?.snapshot) } });
    const extraction = await admin.json(api.extractSnapshot, { body: { source: 'postgres://nobody@127.0.0.1:1/none', period: '2026-10' } });
    expect((await waitForJob(admin, extraction.id)).status).toBe('failed');

    // Formulas and their checks.
    const formulas = await admin.json(api.listFormulas, {});
    const secCalls = await admin.json(api.showFormula, { params: { id: 'SecCalls' } });
    const versions = await admin.json(api.formulaVersions, { params: { id: 'SecCalls' } });
    await admin.json(api.formulaDiff, { params: { id: 'SecCalls' }, query: { from: secCalls.version, to: versions.versions[0]?.versionId ?? '' } });
    expect((await admin.json(api.validateFormula, { body: { text: secCalls.text } })).valid).toBe(true);
    expect((await admin.json(api.testFormula, { body: { text: secCalls.text } })).tests.length).toBeGreaterThan(0);
    await admin.json(api.runFormula, { body: { id: 'SecCalls', snapshot } });
    await admin.json(api.snapshotSchema, {});
    expect((await admin.json(api.listQuirks, {})).quirks.length).toBe(30);

    // Review: a draft by the administrator, approved by the approver, promoted; another withdrawn.
    const draft = await admin.json(api.createDraft, { body: { formulaId: 'SecCalls', text: secCalls.text } });
    const edited = await admin.json(api.editDraft, {
      params: { id: String(draft.draftId) },
      headers: { 'if-match': draft.revision },
      body: { text: `${secCalls.text}\n` },
    });
    await admin.json(api.submitDraft, { params: { id: String(draft.draftId) } });
    await admin.json(api.listDrafts, { query: { status: 'in_review' } });
    await admin.json(api.showDraft, { params: { id: String(draft.draftId) } });
    await admin.json(api.draftReview, { params: { id: String(draft.draftId) }, query: { snapshot } });
    const approver = contractClient(server.url, called);
    await approver.json(api.login, { body: { name: APPROVER.name, password: APPROVER.password } });
    expect((await approver.json(api.reviewInbox, {})).drafts.map((d) => d.draftId)).toContain(draft.draftId);
    expect((await approver.json(api.reviewDraft, { params: { id: String(edited.draftId) }, body: { verdict: 'approve' } })).status).toBe('approved');
    await admin.json(api.promoteDrafts, { body: { name: 'contract-1', drafts: [draft.draftId] } });
    await admin.json(api.listReleases, {});
    const other = await admin.json(api.createDraft, { body: { formulaId: 'SecCalls', text: secCalls.text } });
    expect((await admin.json(api.withdrawDraft, { params: { id: String(other.draftId) } })).status).toBe('withdrawn');
    const unused =
      formulas.formulas.find((f) => f.variant === 'consensus' && f.id === 'SecCallsConsensus') ?? formulas.formulas.find((f) => f.variant === 'consensus');
    expect((await admin.json(api.retireFormula, { params: { id: String(unused?.id) }, body: { release: 'contract-2', reason: 'not used here' } })).status).toBe(
      'proposed',
    );
    expect((await approver.json(api.retireFormula, { params: { id: String(unused?.id) }, body: { release: 'contract-2', reason: 'agreed' } })).status).toBe(
      'retired',
    );

    // Setups, scenarios, what-if and a billing run.
    const setupText = readFileSync(`${PROJECT_ROOT}examples/billing-setup.yaml`, 'utf8');
    const scenarioText = readFileSync(`${PROJECT_ROOT}examples/scenario-live-rate.yaml`, 'utf8');
    await admin.json(api.saveSetup, { params: { name: 'standard' }, headers: { 'if-match': 0 }, body: { text: setupText } });
    await admin.json(api.listSetups, {});
    expect((await admin.json(api.draftMoney, { params: { id: String(draft.draftId) }, query: { snapshot, setup: 'standard' } })).setup?.name).toBe('standard');
    await admin.json(api.showSetup, { params: { name: 'standard' } });
    expect((await admin.json(api.checkSetup, { params: { name: 'standard' }, body: { text: setupText, snapshot } })).snapshot).toBe(snapshot);
    await admin.json(api.submitSetup, { params: { name: 'standard', version: '1' } });
    expect((await approver.json(api.approveSetup, { params: { name: 'standard', version: '1' }, body: {} })).state).toBe('approved');
    await admin.json(api.saveSetup, { params: { name: 'standard' }, headers: { 'if-match': 1 }, body: { text: `${setupText}# a second version\n` } });
    await admin.json(api.submitSetup, { params: { name: 'standard', version: '2' } });
    await approver.json(api.rejectSetup, { params: { name: 'standard', version: '2' }, body: { comment: 'no change to bill' } });
    expect((await admin.json(api.listSetupVersions, { params: { name: 'standard' } })).versions.map((v) => v.state)).toEqual(['approved', 'rejected']);
    await admin.json(api.showSetupVersion, { params: { name: 'standard', version: '1' } });
    expect((await admin.json(api.setupChoices, { query: { snapshot } })).clients.length).toBeGreaterThan(0);
    await admin.json(api.saveScenario, { params: { name: 'dearer' }, headers: { 'if-match': 0 }, body: { text: scenarioText } });
    await admin.json(api.listScenarios, {});
    await admin.json(api.showScenario, { params: { name: 'dearer' } });
    await admin.json(api.compareScenario, { body: { snapshot, setup: 'standard', scenario: 'dearer', everyAccount: true } });
    const runJob = await admin.json(api.startRun, { body: { snapshot, setup: 'standard' } });
    const ran = await waitForJob(admin, runJob.id);
    expect(ran.status, JSON.stringify(ran.error)).toBe('succeeded');
    const runs = await admin.json(api.listRuns, {});
    const run = await admin.json(api.showRun, { params: { id: String(runs.runs[0]?.id) } });
    await admin.raw(api.runFile, { params: { id: run.id, name: 'lines.csv' } }, /text\/csv/);

    // The run's invoices, their documents and the accounting export; finalised, corrected with a
    // dearer setup (credit notes and new invoices), and a draft discarded.
    await admin.json(api.saveCompanyProfile, { body: { name: 'Answer Co', address: '1 Main Street', paymentTermsDays: 14 } });
    expect((await approver.json(api.showCompanyProfile, {})).version).toBe(1);
    const invoices = await admin.json(api.listInvoices, { params: { id: run.id } });
    const account = String(invoices.invoices[0]?.account);
    expect((await admin.json(api.showInvoice, { params: { id: run.id, account } })).lines.length).toBeGreaterThan(0);
    await admin.raw(api.invoicePdf, { params: { id: run.id, account } }, /application\/pdf/);
    await admin.raw(api.accountingExport, { params: { id: run.id }, query: { format: 'quickbooks' } }, /text\/csv/);
    expect((await approver.json(api.finaliseRun, { params: { id: run.id } })).status).toBe('finalised');
    await admin.json(api.saveSetup, {
      params: { name: 'dearer' },
      headers: { 'if-match': 0 },
      body: { text: setupText.replace('price: "0.25"', 'price: "0.30"') },
    });
    await admin.json(api.submitSetup, { params: { name: 'dearer', version: '1' } });
    await approver.json(api.approveSetup, { params: { name: 'dearer', version: '1' }, body: {} });
    const correcting = await approver.json(api.startCorrection, { params: { id: run.id }, body: { setup: 'dearer', version: 1 } });
    const correctionJob = await waitForJob(admin, correcting.id);
    expect(correctionJob.status, JSON.stringify(correctionJob.error)).toBe('succeeded');
    const correction = String(correctionJob.result?.run);
    const credited = (await admin.json(api.listInvoices, { params: { id: correction } })).creditNotes[0];
    expect(credited?.credits?.run).toBe(run.id);
    await admin.json(api.showCreditNote, { params: { id: correction, account: String(credited?.account) } });
    await admin.raw(api.creditNotePdf, { params: { id: correction, account: String(credited?.account) } }, /application\/pdf/);
    await admin.raw(api.runDocuments, { params: { id: correction } }, /application\/zip/);
    expect((await approver.json(api.discardRun, { params: { id: correction } })).discarded).toBe(true);

    // The grid, the rows behind a cell, and packages.
    const grid = await admin.json(api.grid, { query: { snapshot, columns: 'SecCalls', limit: 5 } });
    await admin.json(api.sourceRows, { query: { snapshot, formula: 'SecCalls', client: grid.rows[0]?.cltID ?? 0 } });
    const pkg = await admin.json(api.exportPackage, { query: { ids: 'SecCalls' } });
    await admin.json(api.importPackage, { body: { package: JSON.stringify(pkg) } });

    // A followed community library: a bare repository stands in for it, site A publishes a change.
    const library = await publicLibrary(mkdtempSync(join(server.dir, 'library-')));
    expect((await admin.json(api.followLibrary, { body: { name: 'community', url: library.url } })).library.packages).toEqual([
      { name: 'amtelco-be200', version: '0.1.0' },
    ]);
    expect((await admin.json(api.listLibraries, {})).libraries.length).toBe(1);
    publishUpstreamChange(library);
    const changes = await admin.json(api.libraryChanges, { params: { name: 'community' }, query: { snapshot, setup: 'standard' } });
    expect(changes.money?.formulas.length).toBe(2);
    expect((await admin.json(api.updateLibrary, { params: { name: 'community' } })).update.moved).toBe(true);
    await admin.json(api.adoptLibraryFormulas, { params: { name: 'community' }, body: { formulas: ['AnsweredCalls'] } });
    expect((await admin.json(api.libraryConsensus, { params: { name: 'community' }, query: { snapshot } })).statistics[0]?.pairs.length).toBe(1);
    await admin.json(api.proposeToLibrary, { params: { name: 'community' }, body: { formulas: ['CallsConsensus'] } });
    await admin.json(api.recordLibraryAdoption, { params: { name: 'community' }, body: { site: 'site-b' } });

    // Reconciliation.
    const reconciliation = await admin.json(api.createReconciliation, {
      body: { snapshot, fileName: 'be200.csv', content: Buffer.from(await legacyFile(server)).toString('base64') },
    });
    const shown = await admin.json(api.showReconciliation, { params: { id: reconciliation.id } });
    const mismatch = shown.reconciliation.variances.find((v) => v.status === 'mismatch');
    await admin.json(api.acceptVariance, {
      params: { id: reconciliation.id },
      body: { clientNumber: String(mismatch?.clientNumber), statistic: 'SecCalls', reason: 'a test call in the legacy run' },
    });
    await admin.raw(api.reconciliationReport, { params: { id: reconciliation.id }, query: { format: 'csv' } }, /text\/csv/);
    await admin.json(api.listReconciliations, { query: {} });
    await admin.json(api.reconcileAgain, { params: { id: reconciliation.id }, body: { tolerances: ['SecCalls=abs:1'] } });
    const renamed = await admin.json(api.createReconciliation, {
      body: {
        snapshot,
        fileName: 'renamed.csv',
        content: Buffer.from((await legacyFile(server)).replace(',SecCalls,', ',Secretarial Calls,')).toString('base64'),
      },
    });
    await admin.json(api.acceptColumn, { params: { id: renamed.id }, body: { finding: 'missing', column: 'SecCalls', reason: 'renamed by this site' } });
    await admin.json(api.mapColumn, { params: { id: renamed.id }, body: { header: 'Secretarial Calls', statistic: 'SecCalls' } });
    // The customer portal: its settings, an invitation and the client user it makes, who logs in to the portal.
    const portal = await admin.json(api.adminPortal, {});
    await admin.json(api.saveAdminPortal, { body: { settings: { ...portal.settings, enabled: true } } });
    // The account invoiced above, by its billing code: the client user sees its finalised invoice.
    const granted = (await server.context.snapshots.use(snapshot, ({ sandbox }) => listClients(sandbox))).filter((c) => c.billingCode === account);
    const grant = { clientNumbers: [], billingCodes: [account] };
    const invite = await admin.json(api.createClientInvite, { body: { grant } });
    await admin.empty(api.revokeClientInvite, { params: { id: (await admin.json(api.createClientInvite, { body: { grant } })).id } });
    const client = contractClient(server.url, called);
    await client.json(api.portalBranding, {});
    expect((await client.json(api.portalInvite, { params: { token: invite.token } })).scope).toBe(`billing code ${account}`);
    await client.json(api.acceptPortalInvite, { params: { token: invite.token }, body: { name: 'acme', password: 'a long client password' } });
    await client.json(api.portalLogin, { body: { name: 'acme', password: 'a long client password' } });
    expect((await client.json(api.portalMe, {})).clients.map((c) => c.clientNumber)).toEqual(granted.map((c) => c.clientNumber));
    await client.json(api.portalPeriods, {});
    // What the client user sees: a month's statistics, a trend, the calls behind a number (also as files), finalised invoices.
    const shownPeriod = { statistic: 'Calls', period: '2026-10' };
    await client.json(api.portalStatistics, { query: { period: shownPeriod.period } });
    await client.json(api.portalTrends, { query: { statistic: 'Calls', grain: 'day' } });
    await client.json(api.portalDrilldown, { query: shownPeriod });
    await client.raw(api.portalDrilldownCsv, { query: shownPeriod }, /text\/csv/);
    await client.raw(api.portalDrilldownXlsx, { query: shownPeriod }, /spreadsheetml/);
    const [shownInvoice] = (await client.json(api.portalInvoices, {})).invoices;
    await client.raw(api.portalInvoicePdf, { params: { number: String(shownInvoice?.number) } }, /application\/pdf/);
    await client.empty(api.portalLogout, {});
    const [clientUser] = (await admin.json(api.listClientUsers, {})).users;
    await admin.json(api.changeClientUser, { params: { id: String(clientUser?.id) }, body: { disabled: true } });
    expect((await waitForJob(admin, (await admin.json(api.refreshPortal, {})).jobId)).status).toBe('succeeded');

    await admin.json(api.auditLog, { query: { limit: 5 } });
    await admin.json(api.logout, {});
  }, 180_000);

  it('called every endpoint of the contract', () => {
    expect(Object.keys(api).filter((name) => !called.has(name as EndpointName))).toEqual([]);
  });

  it('describes every endpoint in the OpenAPI document, with a reply schema and the role it needs', async () => {
    const document = (await (await fetch(new URL('/api/openapi.json', server.url))).json()) as {
      paths: Record<string, Record<string, { description: string; responses: Record<string, { content: Record<string, { schema: object }> }> }>>;
    };
    for (const endpoint of Object.values(api)) {
      const operation = document.paths[endpoint.path]?.[endpoint.method];
      expect(operation, `${endpoint.method} ${endpoint.path}`).toBeDefined();
      const success = Object.entries(operation?.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
      const schema = Object.values(success?.content ?? {})[0]?.schema ?? {};
      expect(Object.keys(schema).length, `${endpoint.method} ${endpoint.path} has an empty reply schema`).toBeGreaterThan(0);
      expect(operation?.description).toContain(endpoint.access === 'public' ? 'No authentication' : `the ${endpoint.access} role`);
    }
  });
});
