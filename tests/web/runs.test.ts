import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { saveSetup } from './support/billing-setup.ts';
import { browserSuite } from './support/suite.ts';

describe('billing runs in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(() => saveSetup(suite.api, 'standard'));

  it('starts a run with live progress, lists it, and downloads its Billing Export 200 file with a row per client', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Billing runs' }).click();
    await page.getByText('No billing run yet.').waitFor();
    await page.getByRole('button', { name: 'Start billing run' }).click();
    await page.locator('.job-progress').waitFor();
    await page.locator('.runs-table tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.job-progress').textContent()).toContain('succeeded');

    const [run] = (await api.get('/api/runs')).body.runs;
    const row = page.locator(`tr[data-run="${run.id}"]`);
    expect(await row.locator('td').nth(1).textContent()).toBe(server.snapshotId);
    await browser.screenshot('billing-run-listed');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'be200.csv' }).click()]);
    expect(download.suggestedFilename()).toBe(`${run.id}-be200.csv`);
    const text = readFileSync(await download.path(), 'utf8');
    const parsed = Papa.parse<string[]>(text.trim(), { newline: '\r\n' });
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(['ClientNumber', 'ClientName', 'BillingCode', ...be200Statistics.map((column) => column.name)]);
    const clients = (await api.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=1`)).body.total;
    expect(rows).toHaveLength(clients);
    expect(text).toBe((await api.get(`/api/runs/${run.id}/files/be200.csv`)).body);
  });
});
