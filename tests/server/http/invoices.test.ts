import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact } from '../../../engine/rating/money.ts';
import { PROJECT_ROOT } from '../../support/project.ts';
import { pdfText, zipEntries } from '../support/documents.ts';
import { approveSetup } from '../support/setup-approval.ts';
import { apiClient, startTestServer, type TestServer, waitForJob } from '../support/test-server.ts';

type Client = ReturnType<typeof apiClient>;

const setupText = readFileSync(`${PROJECT_ROOT}examples/billing-setup.yaml`, 'utf8');

describe('invoices and the run lifecycle over HTTP', () => {
  let server: TestServer;
  let admin: Client;
  let abe: Client;
  let vic: Client;
  let cookieOf: (name: string) => Promise<string>;

  const login = async (name: string) => {
    const c = apiClient(server.url);
    expect((await c.login(name, 'a long password')).status).toBe(200);
    return c;
  };

  /** A run of the approved setup `setup`, made by abe; its id. */
  const startRun = async (setup = 'main'): Promise<string> => {
    const started = await abe.post('/api/runs', { snapshot: server.snapshotId, setup });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const job = await waitForJob(abe, started.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    return job.result.run as string;
  };

  /** GET as `name` with fetch, keeping the bytes (PDF, ZIP). */
  const bytes = async (name: string, path: string) => {
    const response = await fetch(new URL(path, server.url), { headers: { cookie: await cookieOf(name) } });
    return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'root', password: 'a long admin password' });
    for (const [name, role] of [
      ['abe', 'approver'],
      ['vic', 'viewer'],
    ])
      expect((await admin.post('/api/users', { name, password: 'a long password', role })).status).toBe(200);
    [abe, vic] = [await login('abe'), await login('vic')];
    cookieOf = async (name) => {
      const response = await fetch(new URL('/api/login', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: 'a long password' }),
      });
      return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
    };
    for (const [name, text] of [
      ['main', setupText],
      ['dearer', setupText.replace('price: "0.25"', 'price: "0.30"')],
    ]) {
      expect((await admin.put(`/api/setups/${name}`, { text }, { 'if-match': '0' })).status).toBe(200);
      await approveSetup(server.url, admin, admin, name as string, 1);
    }
  });
  afterAll(() => server.stop());

  it("lists a draft run's invoices and shows each one's lines with their steps and formulas; a viewer reads but may not finalise, discard or correct", async () => {
    const run = await startRun();
    const list = await vic.get(`/api/runs/${run}/invoices`);
    expect(list.status).toBe(200);
    expect(list.body.lifecycle).toMatchObject({ run, status: 'draft', finalisedAt: null, corrects: null });
    expect(list.body.invoices.length).toBeGreaterThan(0);
    expect(list.body.invoices.every((invoice: { number: null; kind: string }) => invoice.number === null && invoice.kind === 'invoice')).toBe(true);
    expect(list.body.creditNotes).toEqual([]);

    const { account, total } = list.body.invoices[0];
    const shown = await vic.get(`/api/runs/${run}/invoices/${encodeURIComponent(account)}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ account, total, status: 'draft', number: null, invoiceDate: null });
    const lines = shown.body.lines as { kind: string; formula: string | null; amount: string; steps: { kind: string }[] }[];
    expect(exact(shown.body.subtotal).eq(lines.reduce((sum, line) => sum.plus(line.amount), exact(0)))).toBe(true);
    for (const line of lines.filter((l) => l.kind === 'usage')) {
      expect(line.formula).not.toBeNull();
      expect(line.steps[0]?.kind).toBe('statistic');
    }

    expect((await vic.post(`/api/runs/${run}/finalise`)).status).toBe(403);
    expect((await vic.request('DELETE', `/api/runs/${run}`)).status).toBe(403);
    expect((await vic.post(`/api/runs/${run}/corrections`, { setup: 'dearer' })).status).toBe(403);
    const missing = await vic.get(`/api/runs/${run}/invoices/NO-SUCH-ACCOUNT`);
    expect([missing.status, missing.body.code, missing.body.detail]).toEqual([404, 'not_found', `run ${run} has no invoice for account NO-SUCH-ACCOUNT`]);
    const noRun = await vic.get('/api/runs/no-such-run/invoices');
    expect([noRun.status, noRun.body.code]).toEqual([404, 'not_found']);
  });

  // Most tests here finalise a run of the snapshot's one period afresh.
  const billAgain = { overlapReason: 'each test bills the period afresh' };

  it('downloads an invoice as a PDF with the company profile, and every invoice of the run as one ZIP', async () => {
    const saved = await abe.put('/api/company-profile', { name: 'Answer Co', address: '1 Main Street', paymentTermsDays: 21, footer: 'Thank you' });
    expect(saved.status).toBe(200);
    expect((await vic.get('/api/company-profile')).status).toBe(403);
    const run = await startRun();
    const { invoices } = (await vic.get(`/api/runs/${run}/invoices`)).body as { invoices: { account: string }[] };
    const account = invoices[0]?.account as string;

    const pdf = await bytes('vic', `/api/runs/${run}/invoices/${encodeURIComponent(account)}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="DRAFT-.*\.pdf"$/);
    const text = await pdfText(pdf.body);
    for (const expected of ['Answer Co', '1 Main Street', 'INVOICE', 'DRAFT', `Account: ${account}`, 'Payment terms: 21 days', 'Thank you'])
      expect(text).toContain(expected);
    // The draft's page carries the dates its PDF shows: today's, due after the 21 days' terms.
    const shown = (await vic.get(`/api/runs/${run}/invoices/${encodeURIComponent(account)}`)).body;
    const today = new Date().toISOString().slice(0, 10);
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10);
    expect([shown.invoiceDate, shown.provisionalDates]).toEqual([null, { invoiceDate: today, dueDate: due }]);
    expect(text).toContain(due);

    const zip = await bytes('vic', `/api/runs/${run}/documents`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = zipEntries(zip.body);
    expect(Object.keys(entries).sort()).toEqual(invoices.map((invoice) => `invoices/${invoice.account.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`).sort());
    for (const invoice of invoices) {
      const entry = entries[`invoices/${invoice.account.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`] as Uint8Array;
      expect(await pdfText(entry)).toContain(`Account: ${invoice.account}`);
    }
  });

  it('refuses to finalise a second run of a period already invoiced unless given a reason, and checks the reason', async () => {
    const [first, second] = [await startRun(), await startRun()];
    expect((await abe.post(`/api/runs/${first}/finalise`, billAgain)).status).toBe(200);
    const refused = await abe.post(`/api/runs/${second}/finalise`);
    expect([refused.status, refused.body.code, refused.body.field]).toEqual([409, 'already_invoiced', 'overlapReason']);
    expect(refused.body.detail).toContain(`finalised run ${first} (`);
    for (const overlapReason of ['', ' ', 'x'.repeat(501)]) {
      const bad = await abe.post(`/api/runs/${second}/finalise`, { overlapReason });
      expect([bad.status, bad.body.code, bad.body.field]).toEqual([400, 'bad_request', 'overlapReason']);
    }
    expect((await vic.get(`/api/runs/${second}/invoices`)).body.lifecycle.status).toBe('draft');
  });

  it('answers racing finalisations of two runs once each, numbers their invoices gap-free, and locks them', async () => {
    const [first, second] = [await startRun(), await startRun()];
    const attempts = await Promise.all([first, second, first, second, first, second].map((run) => abe.post(`/api/runs/${run}/finalise`, billAgain)));
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 200, 409, 409, 409, 409]);
    expect(attempts.filter((a) => a.status === 409).every((a) => a.body.code === 'wrong_state')).toBe(true);
    const numbers = (
      await Promise.all([first, second].map(async (run) => (await vic.get(`/api/runs/${run}/invoices`)).body.invoices.map((i: { number: string }) => i.number)))
    ).flat();
    const seqs = numbers.map((number: string) => Number(number.slice(4))).sort((a: number, b: number) => a - b);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => (seqs[0] as number) + i));
    const runs = (await vic.get('/api/runs')).body.runs as { id: string; lifecycle: { status: string } }[];
    expect(runs.filter((r) => r.id === first || r.id === second).map((r) => r.lifecycle.status)).toEqual(['finalised', 'finalised']);
    const discarded = await abe.request('DELETE', `/api/runs/${first}`);
    expect([discarded.status, discarded.body.code]).toEqual([409, 'wrong_state']);
    const account = (await vic.get(`/api/runs/${first}/invoices`)).body.invoices[0].account as string;
    const pdf = await bytes('vic', `/api/runs/${first}/invoices/${encodeURIComponent(account)}/pdf`);
    expect(pdf.headers.get('content-disposition')).toMatch(/filename="INV-\d{6}-/);
    expect(await pdfText(pdf.body)).not.toContain('DRAFT');
    const finalised = (await vic.get(`/api/runs/${first}/invoices/${encodeURIComponent(account)}`)).body;
    expect(finalised.invoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(finalised.provisionalDates).toBeNull();
  });

  it('corrects a finalised run as a job into credit notes and new invoices, numbered on finalising, and audits every step', async () => {
    const issued = await startRun();
    const draftCorrection = await abe.post(`/api/runs/${issued}/corrections`, { setup: 'dearer' });
    expect([draftCorrection.status, draftCorrection.body.code]).toEqual([409, 'wrong_state']);
    expect((await abe.post(`/api/runs/${issued}/finalise`, billAgain)).status).toBe(200);

    const started = await abe.post(`/api/runs/${issued}/corrections`, { setup: 'dearer', version: 1 });
    expect(started.status).toBe(202);
    const job = await waitForJob(abe, started.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const correction = job.result.run as string;
    expect(job.result.corrects).toBe(issued);

    const drafted = (await vic.get(`/api/runs/${correction}/invoices`)).body;
    expect(drafted.lifecycle).toMatchObject({ status: 'draft', corrects: issued });
    expect(drafted.creditNotes.length).toBeGreaterThan(0);
    const issuedTotals = new Map(
      ((await vic.get(`/api/runs/${issued}/invoices`)).body.invoices as { account: string; number: string }[]).map((i) => [i.account, i.number]),
    );
    for (const note of drafted.creditNotes) {
      expect(exact(note.total).isNegative()).toBe(true);
      expect(note.credits).toEqual({ run: issued, number: issuedTotals.get(note.account) });
    }

    // The correction re-bills the run it corrects without a reason; the earlier tests' runs of the period need one.
    const finalised = await abe.post(`/api/runs/${correction}/finalise`, billAgain);
    expect(finalised.body).toMatchObject({ status: 'finalised', corrects: issued });
    const numbered = (await vic.get(`/api/runs/${correction}/invoices`)).body;
    expect(numbered.creditNotes.every((note: { number: string }) => /^CN-\d{6}$/.test(note.number))).toBe(true);
    expect(numbered.invoices.every((invoice: { number: string }) => /^INV-\d{6}$/.test(invoice.number))).toBe(true);
    expect((await vic.get(`/api/runs/${issued}`)).body.lifecycle).toMatchObject({ status: 'corrected', correctedBy: correction, corrections: [correction] });
    const note = numbered.creditNotes[0];
    const notePdf = await pdfText((await bytes('vic', `/api/runs/${correction}/credit-notes/${encodeURIComponent(note.account)}/pdf`)).body);
    expect(notePdf).toContain('CREDIT NOTE');
    expect(notePdf).toContain(`Credits invoice: ${note.credits.number}`);

    const xero = await vic.get(`/api/runs/${correction}/export?format=xero`);
    expect(xero.headers.get('content-type')).toMatch(/^text\/csv/);
    const creditRows = (xero.body as string).split('\r\n').filter((row) => row.includes(`,${note.number},`));
    expect(creditRows.length).toBeGreaterThan(0);
    expect(creditRows.every((row) => /,-\d/.test(row))).toBe(true);

    const audit = (await admin.get('/api/audit?limit=20')).body.entries as { action: string; target: string; actor: string }[];
    const steps = audit
      .filter((entry) => entry.target === `run:${issued}` || entry.target === `run:${correction}`)
      .map((entry) => [entry.action, entry.target]);
    expect(steps).toEqual([
      ['run.corrected', `run:${issued}`],
      ['run.finalise', `run:${correction}`],
      ['run.correct', `run:${issued}`],
      ['run.finalise', `run:${issued}`],
      ['run.create', `run:${issued}`],
    ]);
  });

  it('discards a draft run, which is then gone from the list', async () => {
    const run = await startRun();
    const discarded = await abe.request('DELETE', `/api/runs/${run}`);
    expect(discarded.body).toEqual({ run, discarded: true });
    expect(((await vic.get('/api/runs')).body.runs as { id: string }[]).some((r) => r.id === run)).toBe(false);
  });

  it('refuses a company profile whose logo is not a PNG or JPEG image, or without a name, saying which field', async () => {
    const notPng = await abe.put('/api/company-profile', { name: 'Answer Co', logo: { type: 'image/png', base64: Buffer.from('GIF89a').toString('base64') } });
    expect([notPng.status, notPng.body.code, notPng.body.field]).toEqual([400, 'bad_logo', 'logo']);
    const nameless = await abe.put('/api/company-profile', { name: '' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.field).toBe('name');
    expect((await abe.get('/api/company-profile')).body).toMatchObject({ name: 'Answer Co', paymentTermsDays: 21 });
  });
});
