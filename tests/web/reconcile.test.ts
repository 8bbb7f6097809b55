import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../engine/be200/csv.ts';
import { loadExcelJs } from '../../engine/reconcile/import-xlsx.ts';
import { REPORT_HEADER } from '../../engine/reconcile/report-table.ts';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { focusedAttribute, focusVisible, openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { ourBe200Report } from '../server/support/our-be200.ts';

describe('the reconciliation view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  /** Our own Billing Export 200 of the demo snapshot, with one cell changed: SecCalls one higher for the first client that has calls. */
  let csv: string;
  let changedClient: string;
  let ours: string;
  /** The same export with one more delivered message for the first client that has some. */
  let messagesCsv: string;
  let messagesClient: string;
  beforeAll(async () => {
    const report = await ourBe200Report(suite.server);
    const column = report.header.indexOf('SecCalls');
    const changed = report.rows.findIndex((row) => Number(row[column]) > 0);
    const first = report.rows[changed] as readonly string[];
    changedClient = String(first[report.header.indexOf('ClientNumber')]);
    ours = String(first[column]);
    const rows = report.rows.map((row, i) => (i === changed ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
    csv = reportToCsv({ header: report.header, rows });
    const delivered = report.header.indexOf('MsgDlvrd');
    const busy = report.rows.findIndex((row) => Number(row[delivered]) > 0);
    messagesClient = String(report.rows[busy]?.[report.header.indexOf('ClientNumber')]);
    messagesCsv = reportToCsv({
      header: report.header,
      rows: report.rows.map((row, i) => (i === busy ? row.map((value, j) => (j === delivered ? String(Number(value) + 1) : value)) : row)),
    });
  });

  it('uploads an export with one changed cell and shows exactly that one mismatch, explained, with the rows behind it', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByText('No reconciliation yet.').waitFor();
    await page.getByLabel('Legacy export').setInputFiles({ name: 'be200-edited.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await page.locator('.reconcile-summary').waitFor({ timeout: 60_000 });
    // Kept, at an address of its own.
    expect(new URL(page.url()).hash).toMatch(/^#reconcile\/[a-z0-9.-]+$/);
    expect(await page.locator('.reconcile-record').textContent()).toMatch(/^be200-edited\.csv \(sha256 [0-9a-f]{12}\), uploaded by admin at /);
    expect(await page.locator('.mismatch-count').textContent()).toBe('1 mismatches');
    expect(await page.locator(`.variance-matrix th .client-number`).textContent()).toBe(changedClient);
    expect((await page.locator('.variance-matrix th .client-name').textContent())?.length).toBeGreaterThan(0);
    expect(await page.locator('.variance-chart g[data-statistic]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-statistic')))).toEqual(['SecCalls']);
    const cells = page.locator('.variance-matrix td.mismatch');
    expect(await cells.count()).toBe(1);
    expect(await cells.getAttribute('data-client')).toBe(changedClient);
    expect(await cells.getAttribute('data-statistic')).toBe('SecCalls');
    expect(await cells.textContent()).toBe(`${Number(ours) + 1} → ${ours}`);

    await cells.locator('button').focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('.variance-detail');
    await detail.waitFor();
    expect(await detail.locator('h3').textContent()).toBe(`Client ${changedClient} · SecCalls`);
    expect(await detail.locator('.facts').textContent()).toContain('-1');
    expect((await detail.locator('.explanation').textContent())?.length).toBeGreaterThan(10);
    await detail.getByRole('button', { name: 'Show the rows behind our value' }).click();
    await detail.locator('.rows-count').waitFor({ timeout: 30_000 });
    expect(await detail.locator('.rows-count').textContent()).toMatch(new RegExp(`^${ours} \\w+ rows`));
    await browser.screenshot('reconcile-one-mismatch');
  });

  it('hides the mismatch when its column tolerance allows it, and shows it again as within tolerance without the filter', async () => {
    const { page } = suite.browser;
    // A tolerance that cannot be read is refused, saying what is wrong, and the reconciliation stays as it was.
    const before = new URL(page.url()).hash;
    await page.getByLabel('Tolerance for SecCalls').fill('abs:one');
    await page.getByLabel('Tolerance for SecCalls').press('Enter');
    await expect.poll(() => page.locator('.problem').first().textContent(), { timeout: 30_000 }).toContain('cannot read "abs:one"');
    expect(new URL(page.url()).hash).toBe(before);
    expect(suite.browser.errors.splice(0)).toEqual([expect.stringContaining('400 (Bad Request)')]);
    await suite.browser.screenshot('reconcile-bad-tolerance');
    await page.getByLabel('Tolerance for SecCalls').fill('abs:1');
    await page.getByLabel('Tolerance for SecCalls').press('Enter');
    await expect.poll(() => page.locator('.mismatch-count').textContent(), { timeout: 60_000 }).toBe('0 mismatches');
    await page.getByText('No mismatches: every compared cell agrees within its tolerance.').waitFor();
    expect(await page.locator('.reconcile-record').textContent()).toContain('be200-edited.csv');
    await page.getByLabel('Show variances').selectOption('all');
    const within = page.locator('.variance-matrix td.within');
    expect(await within.count()).toBe(1);
    expect(await within.getAttribute('data-statistic')).toBe('SecCalls');
    await suite.browser.screenshot('reconcile-within-tolerance');
  });

  it('accepts the known difference with a reason (keyboard only), lists it apart with who and why, and the CSV and XLSX reports say so', async () => {
    const { browser } = suite;
    const { page } = browser;
    const reason = 'the legacy export counted a test call on the 3rd';
    // Back to no tolerance: the difference is a mismatch again, open until someone accepts it.
    await page.getByLabel('Tolerance for SecCalls').fill('');
    await page.getByLabel('Tolerance for SecCalls').press('Enter');
    await expect.poll(() => page.locator('.mismatch-count').textContent(), { timeout: 60_000 }).toBe('1 mismatches');
    await page.getByLabel('Show variances').selectOption('open');
    expect(await page.locator('.accepted-count').textContent()).toBe('0 accepted');

    await page.locator('.variance-matrix td.mismatch button').focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('.variance-detail');
    await detail.getByLabel('Reason for accepting').focus();
    await page.keyboard.type(reason);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Accept variance');
    await page.keyboard.press('Enter');

    const accepted = page.getByRole('region', { name: 'Accepted variances' });
    await accepted.waitFor();
    const row = accepted.locator(`tr[data-client="${changedClient}"][data-statistic="SecCalls"]`);
    // The focus follows the accepted cell into the list, so the keyboard is not sent back to the top.
    await expect.poll(() => focusedAttribute(page, 'aria-label')).toBe(`Show client ${changedClient}, SecCalls`);
    expect(await row.locator('.accepted-by').textContent()).toBe('admin');
    expect(await row.locator('.accepted-why').textContent()).toBe(reason);
    expect(await row.locator('td.num').allTextContents()).toEqual([String(Number(ours) + 1), ours]);
    // The open count (mismatches nobody accepted) goes to zero.
    expect(await page.locator('.mismatch-count').textContent()).toBe('0 mismatches');
    expect(await page.locator('.accepted-count').textContent()).toBe('1 accepted');
    expect(await detail.locator('.variance-status').textContent()).toMatch(new RegExp(`^accepted by admin on \\d{4}-\\d{2}-\\d{2}: ${reason}$`));
    expect(await detail.getByLabel('Reason for accepting').count()).toBe(0);
    // Accepted is no longer a mismatch to look at; without the filter it shows, marked accepted.
    await page.getByText('No open mismatches: every compared cell agrees within its tolerance or was accepted.').waitFor();
    await page.getByLabel('Show variances').selectOption('accepted');
    expect(await page.locator(`.variance-matrix td.accepted[data-client="${changedClient}"][data-statistic="SecCalls"]`).count()).toBe(1);
    await browser.screenshot('reconcile-accepted');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download report (CSV)' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^reconciliation-.+\.csv$/);
    const [header, ...rows] = Papa.parse<string[]>(readFileSync(await csvDownload.path(), 'utf8').trim(), { newline: '\r\n' }).data;
    expect(header).toEqual([...REPORT_HEADER]);
    const column = (row: readonly string[], name: (typeof REPORT_HEADER)[number]) => row[REPORT_HEADER.indexOf(name)];
    const reported = rows.filter((r) => column(r, 'Statistic') === 'SecCalls' && column(r, 'ClientNumber') === changedClient);
    expect(reported).toHaveLength(1);
    const [line] = reported as [string[]];
    expect([column(line, 'Legacy'), column(line, 'Ours'), column(line, 'Difference'), column(line, 'Status')]).toEqual([
      String(Number(ours) + 1),
      ours,
      '-1',
      'accepted mismatch',
    ]);
    expect([column(line, 'AcceptedBy'), column(line, 'AcceptedWhy')]).toEqual(['admin', reason]);
    expect(column(line, 'ClientName')?.length).toBeGreaterThan(0);
    expect(rows.filter((r) => column(r, 'Status') === 'mismatch')).toEqual([]);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download report (XLSX)' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^reconciliation-.+\.xlsx$/);
    const workbook = new (await loadExcelJs()).Workbook();
    await workbook.xlsx.load(readFileSync(await xlsxDownload.path()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Accepted');
    expect(sheet?.rowCount).toBe(2);
    const values = ((sheet as ExcelJS.Worksheet).getRow(2).values as unknown[]).slice(1);
    expect(values[REPORT_HEADER.indexOf('ClientNumber')]).toBe(changedClient);
    expect(values[REPORT_HEADER.indexOf('AcceptedWhy')]).toBe(reason);
  });

  it('is used with the keyboard alone: Tab from the top bar to a cell of the matrix, Enter explains it, then the rows behind it', async () => {
    const { browser } = suite;
    const { page } = browser;
    // The reconciliation open now, as the list links it (its address without the filter and cell).
    const opened = new URL(page.url()).hash.split('/').slice(0, 2).join('/');
    await openViewByKeyboard(page, 'Reconciliation');
    await tabTo(page, page.locator(`.reconciliation-list a[href="${opened}"]`));
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(opened);
    await page.getByLabel('Show variances').selectOption('all');
    const cellButton = page.locator(`.variance-matrix td[data-client="${changedClient}"][data-statistic="SecCalls"] button`);
    await tabTo(page, cellButton);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const detail = page.locator('.variance-detail');
    await expect.poll(() => detail.locator('h3').textContent()).toBe(`Client ${changedClient} · SecCalls`);
    await tabTo(page, detail.getByRole('button', { name: 'Show the rows behind our value' }));
    await page.keyboard.press('Enter');
    await detail.locator('.rows-count').waitFor({ timeout: 30_000 });
    await browser.screenshot('reconcile-keyboard-only');
  });

  it('finds a reconciliation as it was after a reload mid-way, and lists every one of the period with the counts the server gives', async () => {
    const { browser } = suite;
    const { page } = browser;
    // Mid-way: the accepted variances shown, one of them open in the detail.
    await page.getByLabel('Show variances').selectOption('accepted');
    await page.locator(`.variance-matrix td[data-client="${changedClient}"][data-statistic="SecCalls"] button`).click();
    await page.locator('.variance-detail h3').waitFor();
    const address = new URL(page.url()).hash;
    expect(address).toMatch(new RegExp(`^#reconcile/[a-z0-9.-]+/show/accepted/cell/${changedClient}/SecCalls$`));
    const state = async () => ({
      summary: await page.locator('.reconcile-summary').textContent(),
      accepted: await page.locator('.accepted-variances tbody tr').allTextContents(),
      record: await page.locator('.reconcile-record').textContent(),
      filter: await page.getByLabel('Show variances').inputValue(),
      matrix: await page.locator('.variance-matrix').textContent(),
      detail: await page.locator('.variance-detail .facts').textContent(),
    });
    const before = await state();
    await browser.screenshot('reconcile-before-reload');
    await page.reload();
    await page.locator('.variance-detail .facts').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe(address);
    expect(await state()).toEqual(before);
    await browser.screenshot('reconcile-after-reload');

    await page.getByRole('link', { name: 'All reconciliations' }).click();
    const rows = page.locator('.reconciliation-list tbody tr');
    await rows.first().waitFor();
    const { reconciliations } = (await (await page.request.get(new URL('/api/reconciliations', page.url()).toString())).json()) as {
      reconciliations: { record: { id: string }; status: string; counts: { open: number; explained: number; accepted: number } }[];
    };
    expect(await rows.count()).toBe(reconciliations.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-id'),
        tr.getAttribute('data-status'),
        tr.querySelector('.open-count')?.textContent,
        tr.querySelector('.explained-count')?.textContent,
        tr.querySelector('.accepted-count')?.textContent?.split(' ')[0],
      ]),
    );
    expect(shown).toEqual(reconciliations.map((r) => [r.record.id, r.status, String(r.counts.open), String(r.counts.explained), String(r.counts.accepted)]));
    expect(shown[0]?.[1]).toBe('accepted');
    await browser.screenshot('reconcile-list');
  });

  it('keeps a renamed column open until it is mapped, then compares it again under the saved mapping', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page
      .getByLabel('Legacy export')
      .setInputFiles({ name: 'renamed.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace(',SecCalls,', ',Secretarial Calls,')) });
    await page.getByRole('button', { name: 'Reconcile' }).click();
    const findings = page.getByRole('region', { name: 'Columns' });
    await findings.waitFor({ timeout: 60_000 });
    expect(await findings.locator('h3').textContent()).toBe('Columns (2 open)');
    expect(await page.locator('.columns-open').textContent()).toBe('; 2 columns not compared');
    await browser.screenshot('reconcile-renamed-column');
    await findings.getByLabel('Map column Secretarial Calls to').selectOption('SecCalls');
    const first = new URL(page.url()).hash;
    await findings.getByRole('button', { name: 'Map and compare again' }).click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: 60_000 }).not.toBe(first);
    await page.locator('.mapped-column').waitFor({ timeout: 60_000 });
    expect(await page.locator('.mapped-column').textContent()).toBe('“Secretarial Calls” read as SecCalls (a saved column mapping)');
    // The changed cell is compared again, and the acceptance given before still holds for its values: carried over.
    expect(await page.locator('.mismatch-count').textContent()).toBe('0 mismatches');
    expect(await page.locator('.carried-count').textContent()).toBe(' (1 carried over)');
    expect(await page.locator('.columns-open').count()).toBe(0);
    await page.getByLabel('Show variances').selectOption('accepted');
    expect(await page.locator('.accepted-variances tr.carried-over .given-in').textContent()).toMatch(/^carried over from [a-z0-9.-]+$/);
    await browser.screenshot('reconcile-mapped-column');
  });

  it('compares the same file with a new snapshot of the period, the mapping and the acceptance carried over', async () => {
    const { browser } = suite;
    const { page } = browser;
    const again = await createDemoSnapshot(suite.server.context.workspace, {
      scale: scaleNamed('tiny'),
      period: parsePeriod('2026-10'),
      periodLabel: '2026-10',
      seed: 7,
    });
    const first = new URL(page.url()).hash;
    await page.reload();
    await page.getByLabel('Snapshot').selectOption(again.id);
    const button = page.getByRole('button', { name: `Compare this file with snapshot ${again.id}` });
    await button.click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: 60_000 }).not.toBe(first.split('/').slice(0, 2).join('/'));
    await expect.poll(() => page.locator('.reconcile-record').textContent(), { timeout: 60_000 }).toContain(`snapshot ${again.id},`);
    expect(await page.locator('.mapped-column').textContent()).toBe('“Secretarial Calls” read as SecCalls (a saved column mapping)');
    expect(await page.locator('.mismatch-count').textContent()).toBe('0 mismatches');
    expect(await page.locator('.carried-count').textContent()).toBe(' (1 carried over)');
    expect(await button.count()).toBe(0);
    await browser.screenshot('reconcile-new-snapshot');
  });

  it('explains a difference by data changed since the export time given with the file, showing the rows stamped after it as evidence', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByLabel('Legacy export').setInputFiles({ name: 'messages.csv', mimeType: 'text/csv', buffer: Buffer.from(messagesCsv) });
    await page.getByLabel('Exported at').fill('2026-10-02T00:00');
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await expect.poll(() => page.locator('.reconcile-record').textContent(), { timeout: 60_000 }).toContain('messages.csv');
    expect(await page.locator('.reconcile-record').textContent()).toContain('exported at 2026-10-02 00:00');
    await page.getByLabel('Show variances').selectOption('explained');
    await page.locator(`.variance-matrix td[data-client="${messagesClient}"][data-statistic="MsgDlvrd"] button`).click();
    const detail = page.locator('.variance-detail');
    expect(await detail.locator('.explanation strong').first().textContent()).toBe('Data changed since the export');
    expect(await detail.locator('.evidence li').first().textContent()).toMatch(
      new RegExp(`^\\d+ msgHistories rows of client ${messagesClient} stamped after the export \\(2026-10-02T00:00\\), the first at 2026-10-0`),
    );
    await browser.screenshot('reconcile-data-changed');
  });
});
