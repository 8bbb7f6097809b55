import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { approveSetup } from '../server/support/setup-approval.ts';
import { EXAMPLE_SETUP, saveSetup } from './support/billing-setup.ts';
import { focusVisible, openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { switchUser } from './support/workbench.ts';

/** An amount as the page shows it ("1,234.50 USD") back to the API's exact text ("1234.50"). */
const shownAmount = (text: string | null) =>
  (text ?? '')
    .replace(/\s*[A-Z]{3}\s*$/, '')
    .replaceAll(',', '')
    .replace('−', '-')
    .replace(/^\+/, '');

describe('billing runs in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(() => saveSetup(suite, 'standard'));
  const hash = () => suite.browser.page.evaluate(() => location.hash);
  let runId = '';

  /** Starts a run from the list and resolves with its id once it is listed. */
  const startRunFromList = async (page: Page): Promise<string> => {
    const before = ((await suite.api.get('/api/runs')).body.runs as { id: string }[]).map((run) => run.id);
    await page.getByRole('button', { name: 'Start billing run' }).click();
    await expect.poll(() => page.locator('.runs-table tbody tr').count(), { timeout: 60_000 }).toBe(before.length + 1);
    return ((await suite.api.get('/api/runs')).body.runs as { id: string }[]).map((run) => run.id).find((id) => !before.includes(id)) as string;
  };

  it('starts a run with live progress and lists it as a draft with the total the API has', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Billing runs' }).click();
    await page.getByText('No billing run yet.').waitFor();
    await browser.screenshot('runs-empty');
    // The empty list's next step is a button: it starts the run the form above describes.
    await page.getByRole('button', { name: 'Start the first billing run' }).click();
    await page.locator('.job-progress').waitFor();
    await page.locator('.runs-table tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.job-progress').textContent()).toContain('succeeded');

    const [run] = (await api.get('/api/runs')).body.runs;
    expect(await page.getByRole('link', { name: `Open run ${run.id}` }).count()).toBe(1);
    runId = run.id;
    const row = page.locator(`tr[data-run="${run.id}"]`);
    expect(await row.locator('td').nth(1).textContent()).toBe(server.snapshotId);
    expect(await row.locator('.run-state').textContent()).toBe('draft');
    // The run records its setup's text hash; the version whose text it is names it.
    await expect.poll(() => row.locator('td.setup').textContent()).toBe('standard v1');
    expect(shownAmount(await row.locator('.money').textContent())).toBe(run.totals.amount);
    await browser.screenshot('runs-listed');
  });

  it("opens a run with its invoices, each total and its change as the API has them, and downloads the run's files", async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.locator(`tr[data-run="${runId}"]`).getByRole('link', { name: runId }).click();
    expect(await hash()).toBe(`#runs/${runId}`);
    const list = (await api.get(`/api/runs/${runId}/invoices`)).body;
    await page.getByRole('table', { name: 'Invoices' }).waitFor();
    const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    expect(await rows.count()).toBe(list.invoices.length);
    for (const invoice of list.invoices.slice(0, 5)) {
      const row = page.getByRole('table', { name: 'Invoices' }).locator(`tr[data-account="${invoice.account}"]`);
      expect(shownAmount(await row.locator('.total').textContent())).toBe(invoice.total);
      expect(await row.locator('td').first().textContent()).toBe('DRAFT');
    }
    expect(shownAmount(await page.getByRole('table', { name: 'Invoices' }).locator('tfoot .money').textContent())).toBe(
      Number(list.totals.invoices).toFixed(2),
    );
    await browser.screenshot('run-draft');

    const downloads = page.getByRole('navigation', { name: 'Downloads' });
    const [be200] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: 'Billing Export 200' }).click()]);
    expect(be200.suggestedFilename()).toBe(`${runId}-be200.csv`);
    const text = readFileSync(await be200.path(), 'utf8');
    const [header, ...csvRows] = Papa.parse<string[]>(text.trim(), { newline: '\r\n' }).data;
    expect(header).toEqual(['ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((column) => column.name)]);
    const clients = (await api.get(`/api/grid?snapshot=${suite.server.snapshotId}&columns=SecCalls&limit=1`)).body.total;
    expect(csvRows).toHaveLength(clients);
    const [quickbooks] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: 'QuickBooks CSV' }).click()]);
    expect(readFileSync(await quickbooks.path(), 'utf8')).toBe((await api.get(`/api/runs/${runId}/export?format=quickbooks`)).body);
    const [zip] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: 'All PDFs (ZIP)' }).click()]);
    expect(zip.suggestedFilename()).toBe(`${runId}-documents.zip`);
    expect(
      readFileSync(await zip.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('opens an invoice with its lines as the API has them, shows how a line was made, and downloads its PDF', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const list = (await api.get(`/api/runs/${runId}/invoices`)).body;
    const account = list.invoices[0].account as string;
    await page.getByRole('table', { name: 'Invoices' }).getByRole('link', { name: account, exact: true }).click();
    expect(await hash()).toBe(`#runs/${runId}/invoices/${encodeURIComponent(account)}`);
    const invoice = (await api.get(`/api/runs/${runId}/invoices/${encodeURIComponent(account)}`)).body;
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    expect(await page.locator('.document-number').textContent()).toBe('DRAFT');
    for (const line of invoice.lines) {
      const row = page.locator(`tbody.line[data-line="${line.lineId}"] tr`).first();
      expect(shownAmount(await row.locator('.amount').textContent())).toBe(line.amount);
      expect((await row.locator('.quantity').textContent())?.replaceAll(',', '')).toBe(line.quantity);
    }
    expect(shownAmount(await page.locator('.lines-table tfoot .total').textContent())).toBe(invoice.total);
    // A draft shows the dates it would carry if finalised today, as its PDF does.
    const fact = (term: string) => page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent();
    expect(await fact('Invoice date')).toBe(`${invoice.provisionalDates.invoiceDate} if finalised today`);
    expect(await fact('Due date')).toBe(`${invoice.provisionalDates.dueDate} if finalised today`);

    const usage = invoice.lines.find((line: { statistic: string | null; steps: unknown[] }) => line.statistic !== null && line.steps.length > 2);
    const usageRow = page.locator(`tbody.line[data-line="${usage.lineId}"]`);
    const toggle = usageRow.getByRole('button', { name: `Show how ${usage.label} was made` });
    await toggle.click();
    expect(await usageRow.getByRole('button', { name: `Hide how ${usage.label} was made` }).getAttribute('aria-expanded')).toBe('true');
    expect(await usageRow.locator('.line-steps li').count()).toBe(usage.steps.length);
    expect(await usageRow.locator('.line-steps li').first().textContent()).toContain(usage.steps[0].clientNumber ?? '');
    await browser.screenshot('invoice-draft-steps');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`DRAFT-${runId}-${account.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it("shows the snapshot rows behind a client's billed statistic, as many as its value counts", async () => {
    const { browser, api } = suite;
    const { page } = browser;
    // An invoice line whose statistic step counts something (a count formula: its value is its number of rows).
    const list = (await api.get(`/api/runs/${runId}/invoices`)).body;
    let found: { account: string; lineId: string; label: string; clientNumber: string; statistic: string; value: string } | undefined;
    for (const summary of list.invoices) {
      const invoice = (await api.get(`/api/runs/${runId}/invoices/${encodeURIComponent(summary.account)}`)).body;
      for (const line of invoice.lines)
        for (const step of line.steps)
          if (step.kind === 'statistic' && step.statistic === 'SelPatches' && Number(step.value) > 0)
            found ??= { account: summary.account, lineId: line.lineId, label: line.label, ...step };
    }
    if (!found) throw new Error('no invoice line counts a patched call on the demo snapshot');
    await page.evaluate(
      (address) => {
        location.hash = address;
      },
      `#runs/${runId}/invoices/${encodeURIComponent(found.account)}`,
    );
    const line = page.locator(`tbody.line[data-line="${found.lineId}"]`);
    await line.getByRole('button', { name: `Show how ${found.label} was made` }).click();
    await line.getByRole('button', { name: `Show the rows behind SelPatches for client ${found.clientNumber}` }).click();
    const rows = page.getByRole('table', { name: `Rows behind SelPatches for client ${found.clientNumber}` });
    await rows.waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(Math.min(20, Number(found.value)));
    expect(await line.locator('.source-rows p').textContent()).toContain(`${found.value} `);
    await browser.screenshot('invoice-source-rows');
  });

  it("opens a line's statistic in the formula editor; Back returns to the invoice, Back again to the run, Forward to the invoice", async () => {
    const { page } = suite.browser;
    const invoiceHash = await hash();
    const statisticLink = page.locator('.lines-table tbody.line td a').first();
    const statistic = (await statisticLink.textContent()) as string;
    await statisticLink.click();
    await expect.poll(hash).toMatch(/^#grid\/formula\//);
    await page.locator('.editor-panel h2').waitFor();
    expect(await page.locator('.view-nav a[aria-current="page"]').textContent()).toBe('Grid');
    expect(statistic.length).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(hash).toBe(invoiceHash);
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    await page.goBack();
    await expect.poll(hash).toBe(`#runs/${runId}`);
    await page.getByRole('table', { name: 'Invoices' }).waitFor();
    await page.goForward();
    await expect.poll(hash).toBe(invoiceHash);
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    await page.reload();
    await page.getByRole('table', { name: 'Lines' }).waitFor({ timeout: 60_000 });
  });

  it('finalises a draft after a confirmation that says what locks, numbering its invoices without gaps', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: runId }).click();
    await page.getByRole('button', { name: 'Finalise…' }).click();
    const dialog = page.getByRole('dialog', { name: `Finalise billing run ${runId}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('can no longer be discarded or changed');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await browser.screenshot('run-finalise-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await api.get(`/api/runs/${runId}/invoices`)).body.lifecycle.status).toBe('draft');

    await page.getByRole('button', { name: 'Finalise…' }).click();
    await dialog.getByRole('button', { name: 'Finalise' }).click();
    await page.locator('.run-header .run-state', { hasText: 'finalised' }).waitFor();
    const list = (await api.get(`/api/runs/${runId}/invoices`)).body;
    expect(list.lifecycle.status).toBe('finalised');
    const numbers = list.invoices.map((invoice: { number: string }) => invoice.number).sort();
    expect(numbers.map((n: string) => Number(n.replace(/\D/g, '')))).toEqual(numbers.map((_: string, i: number) => i + 1));
    for (const invoice of list.invoices.slice(0, 5))
      expect(await page.getByRole('table', { name: 'Invoices' }).locator(`tr[data-account="${invoice.account}"] td`).first().textContent()).toBe(
        invoice.number,
      );
    expect(await page.getByRole('button', { name: 'Finalise…' }).count()).toBe(0);
    await browser.screenshot('run-finalised');
  });

  it('corrects a finalised run with a new setup version: the job shows its progress, the correction run its credit notes', async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    const raised = EXAMPLE_SETUP.replace('price: "0.25"', 'price: "0.40"');
    expect(raised).not.toBe(EXAMPLE_SETUP);
    const saved = await api.put('/api/setups/standard', { text: raised }, { 'if-match': '1' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await approveSetup(server.url, api, api, 'standard', 2);
    await page.reload();
    await page.getByLabel('Setup version').waitFor({ timeout: 60_000 });
    await page.getByLabel('Setup version').selectOption('2');
    await page.getByRole('button', { name: 'Correct this run' }).click();
    await page.locator('.job-progress').waitFor();
    await expect.poll(hash, { timeout: 60_000 }).not.toBe(`#runs/${runId}`);
    const correctionId = (await hash()).replace('#runs/', '');
    const list = (await api.get(`/api/runs/${correctionId}/invoices`)).body;
    expect(list.lifecycle.corrects).toBe(runId);
    await expect.poll(() => page.locator('.run-header .facts').textContent()).toContain('standard v2');
    expect(list.creditNotes.length).toBeGreaterThan(0);
    const creditNotes = page.getByRole('table', { name: 'Credit notes' });
    await creditNotes.waitFor();
    expect(await creditNotes.locator('tbody tr').count()).toBe(list.creditNotes.length);
    const first = list.creditNotes[0];
    expect(shownAmount(await creditNotes.locator(`tr[data-account="${first.account}"] .total`).textContent())).toBe(first.total);
    await browser.screenshot('correction-draft');

    await page.getByRole('button', { name: 'Finalise…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Finalise' }).click();
    await page.locator('.run-header .run-state', { hasText: 'finalised' }).waitFor();
    await creditNotes.locator(`tr[data-account="${first.account}"]`).getByRole('link', { name: first.account, exact: true }).click();
    await page.getByRole('table', { name: 'Lines' }).waitFor();
    expect(await page.locator('.document-number').textContent()).toMatch(/^CN-/);
    expect(await page.locator('.facts').textContent()).toContain(`of run ${runId}`);
    await browser.screenshot('credit-note');
    const creditNumber = (await page.locator('.document-number').textContent()) as string;
    await page
      .locator('.facts')
      .getByRole('link', { name: new RegExp(`of run ${runId}`) })
      .click();
    await expect.poll(hash).toBe(`#runs/${runId}/invoices/${encodeURIComponent(first.account)}`);
    await page.getByRole('link', { name: `${creditNumber} of run ${correctionId}` }).waitFor();
    await browser.screenshot('invoice-credited');
    expect((await api.get(`/api/runs/${runId}/invoices`)).body.lifecycle.status).toBe('corrected');
  });

  it('discards a draft run after confirming; it leaves the list', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Billing runs' }).click();
    const draft = await startRunFromList(page);
    await page.locator(`tr[data-run="${draft}"]`).getByRole('link', { name: draft }).click();
    await page.getByRole('button', { name: 'Discard draft…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard draft' }).click();
    await expect.poll(hash).toBe('#runs');
    await page.locator('.runs-table').waitFor();
    expect(await page.locator(`tr[data-run="${draft}"]`).count()).toBe(0);
    expect(((await api.get('/api/runs')).body.runs as { id: string }[]).some((run) => run.id === draft)).toBe(false);
  });

  it('refuses to finalise a second run of the finalised period, saying which run already invoices its accounts, until a reason is given', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.goto(`${suite.server.url}/#runs`);
    const again = await startRunFromList(page);
    await page.locator(`tr[data-run="${again}"]`).getByRole('link', { name: again }).click();
    await page.getByRole('button', { name: 'Finalise…' }).click();
    const dialog = page.getByRole('dialog', { name: `Finalise billing run ${again}?` });
    await dialog.getByRole('button', { name: 'Finalise', exact: true }).click();
    const reason = dialog.getByRole('textbox', { name: /Reason to invoice these accounts again/ });
    await reason.waitFor();
    expect(await dialog.locator('.problem').textContent()).toMatch(
      /would invoice accounts twice for the same days: finalised run \S+ \(.+\) already invoices \d+ of these accounts/,
    );
    expect((await api.get(`/api/runs/${again}/invoices`)).body.lifecycle.status).toBe('draft');
    expect(browser.errors.splice(0)).toEqual([expect.stringContaining('409 (Conflict)')]);
    await browser.screenshot('run-finalise-already-invoiced');

    expect(await dialog.getByRole('button', { name: 'Finalise anyway' }).isDisabled()).toBe(true);
    await reason.fill('October billed again at the client’s request');
    await dialog.getByRole('button', { name: 'Finalise anyway' }).click();
    await page.locator('.run-header .run-state', { hasText: 'finalised' }).waitFor();
    const audit = (await api.get('/api/audit?limit=5')).body.entries as { action: string; target: string; detail: { overlapReason?: string } }[];
    expect(audit.find((entry) => entry.action === 'run.finalise' && entry.target === `run:${again}`)?.detail.overlapReason).toBe(
      'October billed again at the client’s request',
    );
  });

  it('goes from the list to a run, an invoice and its steps with the keyboard alone', async () => {
    const { browser } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Billing runs');
    const runLink = page.locator(`tr[data-run="${runId}"]`).getByRole('link', { name: runId });
    await tabTo(page, runLink);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(hash).toBe(`#runs/${runId}`);
    // The page opened takes the focus (the link pressed is gone), so Tab goes on from its top.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Billing run ${runId}`);
    const accountLink = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr th a').first();
    await accountLink.waitFor();
    await tabTo(page, accountLink);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const toggle = page.locator('.lines-table tbody.line button').first();
    await toggle.waitFor();
    await tabTo(page, toggle);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await browser.screenshot('invoice-keyboard');
  });
  it('shows a viewer the invoices and files, without the actions an approver has, and says why', async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    const viewer = { name: 'viewer', password: 'a long viewer password', role: 'viewer' };
    expect((await api.post('/api/users', viewer)).status).toBe(200);
    await switchUser(page, server.url, viewer);
    await page.evaluate((id) => {
      location.hash = `#runs/${id}`;
    }, runId);
    await page.getByRole('table', { name: 'Invoices' }).waitFor();
    expect(await page.getByText('Finalising, correcting or discarding a run needs the approver role.').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Finalise|Correct|Discard/ }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Downloads' }).getByRole('link').count()).toBe(5);
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Billing runs' }).click();
    await page.locator('.runs-table').waitFor();
    expect(await page.getByRole('link', { name: 'Company profile' }).count()).toBe(0);
    await browser.screenshot('run-viewer');
  });
});
