import { beforeAll, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../engine/be200/csv.ts';
import { buildBe200Report } from '../../engine/be200/report.ts';
import { loadLibrary } from '../../engine/formulas/library.ts';
import { indexFormulas } from '../../engine/formulas/references.ts';
import { openSnapshotSandbox } from '../../engine/formulas/sandbox.ts';
import { readManifest, snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import { browserSuite } from './support/suite.ts';

describe('the reconciliation view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  /** Our own Billing Export 200 of the demo snapshot, with one cell changed: SecCalls one higher for the first client that has calls. */
  let csv: string;
  let changedClient: string;
  let ours: string;
  beforeAll(async () => {
    const workspace = suite.server.context.workspace;
    const manifest = readManifest(workspace, suite.server.snapshotId);
    const library = loadLibrary();
    const sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
    try {
      const report = await buildBe200Report({ sandbox, snapshotKey: manifest.contentHash, formulas: library.formulas, index: indexFormulas(library.formulas), variant: 'legacy', params: { start: manifest.period.start, end: manifest.period.end } });
      const column = report.header.indexOf('SecCalls');
      const changed = report.rows.findIndex((row) => Number(row[column]) > 0);
      const first = report.rows[changed] as readonly string[];
      changedClient = String(first[report.header.indexOf('ClientNumber')]);
      ours = String(first[column]);
      const rows = report.rows.map((row, i) => (i === changed ? row.map((value, j) => (j === column ? String(Number(value) + 1) : value)) : row));
      csv = reportToCsv({ header: report.header, rows });
    } finally {
      sandbox.close();
    }
  });

  it('uploads an export with one changed cell and shows exactly that one mismatch, explained, with the rows behind it', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByText('No reconciliation yet.').waitFor();
    await page.getByLabel('Legacy export').setInputFiles({ name: 'be200-edited.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await page.locator('.reconcile-summary').waitFor({ timeout: 60_000 });
    expect(await page.locator('.mismatch-count').textContent()).toBe('1 mismatches');
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
    await page.getByLabel('Tolerance for SecCalls').fill('abs:1');
    await page.getByLabel('Tolerance for SecCalls').press('Enter');
    await expect.poll(() => page.locator('.mismatch-count').textContent(), { timeout: 60_000 }).toBe('0 mismatches');
    await page.getByText('No mismatches: every compared cell agrees within its tolerance.').waitFor();
    await page.getByLabel('Mismatches only').uncheck();
    const within = page.locator('.variance-matrix td.within');
    expect(await within.count()).toBe(1);
    expect(await within.getAttribute('data-statistic')).toBe('SecCalls');
    await suite.browser.screenshot('reconcile-within-tolerance');
  });
});
