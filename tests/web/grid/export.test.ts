import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../support/suite.ts';

describe('exporting the grid in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  it('exports the filtered grid as XLSX: the header frozen, a row per client, numbers as numbers equal to the API values', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    await page.getByLabel('Filter statistics').fill('SecCalls');
    await expect.poll(() => page.locator('.grid-columnheader:not(.pinned) .column-id').first().textContent()).toContain('SecCalls');
    const ids = await page.locator('.grid-columnheader:not(.pinned) .column-id').allTextContents();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Export XLSX' }).click()]);
    expect(download.suggestedFilename()).toBe(`${server.snapshotId}-statistics.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const grid = (await api.get(`/api/grid?snapshot=${server.snapshotId}&columns=SecCalls&limit=5000`)).body;
    expect(sheet.rowCount).toBe(1 + grid.total);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(3, 3 + ids.length)).toEqual(ids);
    const column = header.indexOf('SecCalls') + 1;
    expect(column).toBeGreaterThan(3);
    const values = grid.rows.map((row: { values: Record<string, string> }) => Number(row.values.SecCalls));
    expect(Array.from({ length: grid.total }, (_, i) => sheet.getRow(i + 2).getCell(column).value)).toEqual(values);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(await page.locator('.status-message').textContent()).toBe(`Exported ${grid.total} clients as XLSX`);
    await browser.screenshot('grid-exported-xlsx');
    await page.getByLabel('Filter statistics').fill('');
  });
});
