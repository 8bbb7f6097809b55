import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { be200Statistics } from '../../engine/be200/columns.ts';
import { saveSetup } from './support/billing-setup.ts';
import { focusVisible, openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';

describe('billing runs in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(() => saveSetup(suite, 'standard'));

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

  it('starts a run and downloads its file with the keyboard alone', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Billing runs');
    const runIds = async () => ((await api.get('/api/runs')).body.runs as { id: string }[]).map((r) => r.id);
    const before = await runIds();
    await tabTo(page, page.getByRole('button', { name: 'Start billing run' }));
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.runs-table tbody tr').count(), { timeout: 60_000 }).toBe(before.length + 1);
    const newest = (await runIds()).find((id) => !before.includes(id)) as string;
    const link = page.locator(`tr[data-run="${newest}"]`).getByRole('link', { name: 'lines.csv' });
    await tabTo(page, link);
    expect(await focusVisible(page)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe(`${newest}-lines.csv`);
    await browser.screenshot('billing-run-keyboard');
  });
});
