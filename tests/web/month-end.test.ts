/**
 * Month-end from a first start, through the browser only: the workspace `billing start` makes on a
 * fresh machine (the small demo snapshot and the example setup), a plan with a graduated tier and a
 * minimum for two clients and a billing code, a second person's approval, a billing run, an invoice
 * checked against amounts computed here from the statistics, its PDF and the accounting CSV, the
 * run finalised, then corrected with a credit note. Screenshots of each step are kept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact, round } from '../../engine/rating/money.ts';
import { type RunningServer, startServer } from '../../server/start.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { pdfText } from '../server/support/documents.ts';
import { apiClient } from '../server/support/test-server.ts';
import { type Browser, openBrowser } from './support/browser.ts';
import { ADMIN, gridReady, switchUser } from './support/workbench.ts';

const APPROVER = { name: 'bea', password: 'a long approver password' };

interface Row {
  readonly clientNumber: string;
  readonly billingCode: string;
  readonly values: Record<string, string>;
}

/** An amount as the page shows it ("1,234.50 USD") back to exact text ("1234.50"). */
const shown = (text: string | null) =>
  (text ?? '')
    .replace(/\s*[A-Z]{3}\s*$/, '')
    .replaceAll(',', '')
    .replace('−', '-')
    .replace(/^\+/, '');

/** The gold plan's usage line, computed here: the first 50 calls at 1.10, the rest at 0.90, rounded to the cent half-up. */
function goldUsage(calls: number, [first, rest]: readonly [string, string]): string {
  const tiered = exact(Math.min(calls, 50))
    .mul(first)
    .plus(exact(Math.max(calls - 50, 0)).mul(rest));
  return round(tiered, { scale: 2, mode: 'half-up' }).toFixed(2);
}

describe('month-end in the browser, from a first start', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  let rows: Row[];
  let goldAccounts: string[];
  let runId: string;
  const shot = (name: string) => browser.screenshot(`month-end-${name}`);
  const hash = () => page.evaluate(() => location.hash);
  /** Saves the setup being edited, submits it, and has the approver approve it with `comment`, all in the editor. */
  const submitAndApprove = async (comment: string) => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Submit it for review').waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review.').waitFor();
    await switchUser(page, server.url, APPROVER);
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByLabel('Review comment').fill(comment);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved: billing runs use this version.').waitFor();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-month-end-'));
    // What `billing start` does on a fresh machine: the shipped release, the small demo snapshot of last month, the example setup.
    server = await startServer({ workspace: resolveWorkspace(dir), port: 0, host: '127.0.0.1' });
    browser = await openBrowser(server.url);
    page = browser.page;
    api = apiClient(server.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the administrator and an approver in the workbench', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Create the administrator' }).waitFor();
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator and log in' }).click();
    await gridReady(page);
    await shot('1-grid');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel("New user's name").fill(APPROVER.name);
    await page.getByLabel("New user's password").fill(APPROVER.password);
    await page.getByLabel("New user's role").selectOption('approver');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('combobox', { name: `Role of ${APPROVER.name}` }).waitFor();
    expect(await page.getByRole('combobox', { name: `Role of ${APPROVER.name}` }).inputValue()).toBe('approver');

    await api.login(ADMIN.name, ADMIN.password);
    const snapshot = (await api.get('/api/snapshots')).body.snapshots[0].id as string;
    rows = (await api.get(`/api/grid?snapshot=${snapshot}&columns=SecCalls&limit=5000`)).body.rows;
    expect(rows.length).toBeGreaterThan(100);
  }, 120_000);

  it('adds a plan with a graduated tier and a minimum to the example setup, for two clients and a billing code, and a second person approves it', async () => {
    // Two clients, and a billing code of neither, so that three accounts are on the new plan; each with
    // enough calls that its bill is above the minimum, so the later price change shows on it.
    const codes = [...new Set(rows.map((row) => row.billingCode))].filter((code) => code !== '');
    const withCalls = rows.filter((row) => Number(row.values.SecCalls) > 150);
    const [first, second] = [withCalls[0], withCalls.find((row) => row.billingCode !== withCalls[0]?.billingCode)] as [Row, Row];
    const code = codes.find((c) => c !== first.billingCode && c !== second.billingCode && withCalls.some((row) => row.billingCode === c)) as string;
    goldAccounts = [first.billingCode, second.billingCode, code];

    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    await shot('2-setup-example');
    await page.getByRole('button', { name: 'Add plan' }).click();
    await page.getByLabel('Plan 3 id', { exact: true }).fill('gold');
    await page.getByLabel('Plan 3 name', { exact: true }).fill('Gold, per call with tiers');
    await page.getByLabel('Plan 3 minimum', { exact: true }).fill('120.00');
    await page.locator('fieldset[data-plan="gold"]').getByRole('button', { name: 'Add usage line' }).click();
    await page.getByLabel('Plan 3 line 2 statistic', { exact: true }).fill('SecCalls');
    await page.getByLabel('Plan 3 line 2 pricing', { exact: true }).selectOption('graduated');
    await page.getByLabel('Plan 3 line 2 tier 1 up to', { exact: true }).fill('50');
    await page.getByLabel('Plan 3 line 2 tier 1 price', { exact: true }).fill('1.10');
    await page.getByLabel('Plan 3 line 2 tier 2 price', { exact: true }).fill('0.90');
    for (let i = 2; i <= 4; i++) {
      await page.getByRole('button', { name: 'Add assignment' }).click();
      await page.getByLabel(`Assignment ${i} plan`, { exact: true }).selectOption('gold');
      await page.getByLabel(`Assignment ${i} from`, { exact: true }).fill('2020-01-01');
    }
    await page.getByLabel('Assignment 2 scope', { exact: true }).selectOption('client');
    await page.getByLabel('Assignment 2 client', { exact: true }).fill(first.clientNumber);
    await page.getByLabel('Assignment 3 scope', { exact: true }).selectOption('client');
    await page.getByLabel('Assignment 3 client', { exact: true }).fill(second.clientNumber);
    await page.getByLabel('Assignment 4 scope', { exact: true }).selectOption('billing code');
    await page.getByLabel('Assignment 4 billing code', { exact: true }).fill(code);
    await shot('3-setup-gold-plan');
    await submitAndApprove('gold plan as signed');
    await shot('4-setup-approved');
  }, 120_000);

  it('starts a billing run and opens an invoice whose lines are the amounts computed from the statistics', async () => {
    await page.getByRole('link', { name: 'Billing runs' }).click();
    // A double click, as people do: one run is made.
    await page.getByRole('button', { name: 'Start billing run' }).dblclick();
    await page.locator('.runs-table tbody tr').first().waitFor({ timeout: 120_000 });
    await expect.poll(async () => ((await api.get('/api/runs')).body.runs as unknown[]).length).toBe(1);
    expect(await page.locator('.runs-table tbody tr').count()).toBe(1);
    runId = (await api.get('/api/runs')).body.runs[0].id;
    await shot('5-run-listed');
    await page.locator(`tr[data-run="${runId}"]`).getByRole('link', { name: runId }).click();
    await page.getByRole('table', { name: 'Invoices' }).waitFor();

    for (const account of goldAccounts) {
      const calls = rows.filter((row) => row.billingCode === account).reduce((n, row) => n + Number(row.values.SecCalls ?? 0), 0);
      const usage = goldUsage(calls, ['1.10', '0.90']);
      const total = exact(usage).lt(120) ? '120.00' : usage;
      const row = page.getByRole('table', { name: 'Invoices' }).locator(`tr[data-account="${account}"]`);
      expect(shown(await row.locator('.total').textContent()), `account ${account}: ${calls} calls`).toBe(total);
    }
    // The demo's inactive client is reported, with its usage, and not invoiced.
    const notBilled = (await api.get(`/api/runs/${runId}/invoices`)).body.notBilled as { clientNumber: string; reason: string }[];
    expect(notBilled.some((client) => client.reason === 'inactive')).toBe(true);
    for (const client of notBilled)
      expect(await page.getByRole('table', { name: 'Not billed' }).locator(`tr[data-client="${client.clientNumber}"] .reason`).textContent()).toContain(
        client.reason === 'inactive' ? 'inactive in IS' : client.reason,
      );
    const account = goldAccounts[0] as string;
    const calls = rows.filter((row) => row.billingCode === account).reduce((n, row) => n + Number(row.values.SecCalls ?? 0), 0);
    await page.getByRole('table', { name: 'Invoices' }).getByRole('link', { name: account, exact: true }).click();
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    const usageRow = page.locator('tbody.line', { hasText: 'SecCalls' }).locator('tr').first();
    expect((await usageRow.locator('.quantity').textContent())?.replaceAll(',', '')).toBe(String(calls));
    const usage = goldUsage(calls, ['1.10', '0.90']);
    expect(shown(await usageRow.locator('.amount').textContent())).toBe(usage);
    const total = exact(usage).lt(120) ? '120.00' : usage;
    expect(shown(await page.locator('.lines-table tfoot .total').textContent())).toBe(total);
    if (exact(usage).lt(120))
      expect(shown(await page.locator('tbody.line[data-line="minimum"] .amount').textContent())).toBe(exact(120).minus(usage).toFixed(2));
    await page
      .locator('tbody.line', { hasText: 'SecCalls' })
      .getByRole('button', { name: /^Show how/ })
      .click();
    await shot('6-invoice-lines');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    const text = await pdfText(readFileSync(await pdf.path()));
    expect(text).toContain('DRAFT');
    expect(text).toContain(account);
    expect(text.replaceAll(',', '')).toContain(total);

    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: runId }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('navigation', { name: 'Downloads' }).getByRole('link', { name: 'QuickBooks CSV' }).click(),
    ]);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(await csv.path(), 'utf8').trim(), { header: true });
    const accountLines = parsed.data.filter((line) => line.Customer === account);
    expect(accountLines.length).toBeGreaterThan(0);
    expect(accountLines.reduce((sum, line) => sum.plus(line.ItemAmount ?? '0'), exact(0)).toFixed(2)).toBe(total);
  }, 180_000);

  it('finalises the run, numbering its invoices, then corrects it after a price change and shows the credit note', async () => {
    await page.getByRole('button', { name: 'Finalise…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Finalise' }).click();
    await page.locator('.run-header .run-state', { hasText: 'finalised' }).waitFor();
    const account = goldAccounts[0] as string;
    expect(await page.getByRole('table', { name: 'Invoices' }).locator(`tr[data-account="${account}"] td`).first().textContent()).toMatch(/^INV-\d+$/);
    await shot('7-run-finalised');

    // The gold plan's first tier goes from 1.10 to 1.25: a new setup version, approved by the other person.
    await switchUser(page, server.url, ADMIN);
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByLabel('Plan 3 line 2 tier 1 price', { exact: true }).fill('1.25');
    await submitAndApprove('first tier at 1.25 from now on');

    await page.evaluate((id) => {
      location.hash = `#runs/${id}`;
    }, runId);
    await page.getByLabel('Setup version').waitFor({ timeout: 60_000 });
    await page.getByLabel('Setup version').selectOption('3');
    await page.getByRole('button', { name: 'Correct this run' }).click();
    await expect.poll(hash, { timeout: 120_000 }).not.toBe(`#runs/${runId}`);
    const creditNotes = page.getByRole('table', { name: 'Credit notes' });
    await creditNotes.waitFor();
    const correction = (await hash()).replace('#runs/', '');
    const issued = (await api.get(`/api/runs/${runId}/invoices/${encodeURIComponent(account)}`)).body;
    const note = (await api.get(`/api/runs/${correction}/invoices`)).body.creditNotes.find((n: { account: string }) => n.account === account);
    expect(note, `a credit note for ${account}`).toBeDefined();
    const issuedUsage = issued.lines.find((line: { statistic: string | null }) => line.statistic === 'SecCalls');
    // The credit note takes back the line that changed, at the amount issued; the new invoice bills it at the new price.
    expect(note.total).toBe(exact(issuedUsage.amount).neg().toFixed(2));
    expect(shown(await creditNotes.locator(`tr[data-account="${account}"] .total`).textContent())).toBe(note.total);
    const calls = rows.filter((row) => row.billingCode === account).reduce((n, row) => n + Number(row.values.SecCalls ?? 0), 0);
    const reissued = (await api.get(`/api/runs/${correction}/invoices/${encodeURIComponent(account)}`)).body;
    expect(reissued.lines.find((line: { statistic: string | null }) => line.statistic === 'SecCalls').amount).toBe(goldUsage(calls, ['1.25', '0.90']));
    await creditNotes.locator(`tr[data-account="${account}"]`).getByRole('link', { name: account, exact: true }).click();
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    await shot('8-correction-credit-notes');
  }, 240_000);
});
