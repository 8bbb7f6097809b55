import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/suite.ts';

describe('the snapshots view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  it('creates a demo snapshot with live progress, lists it and offers it in the snapshot picker', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Snapshots' }).click();
    expect(await page.locator('.snapshots-table tbody tr').count()).toBe(1);
    await page.getByLabel('Period').fill('2026-09-01..2026-09-03');
    await page.getByLabel('Seed').fill('11');
    const progressSeen: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/events')) progressSeen.push(response.url());
    });
    await page.getByRole('button', { name: 'Create demo snapshot' }).click();
    await page.locator('.job-progress').waitFor();
    await expect.poll(() => page.locator('.snapshots-table tbody tr').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.locator('.job-progress').textContent()).toContain('succeeded');
    expect(progressSeen.length).toBeGreaterThan(0);

    const created = (await api.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id) as string[];
    const fresh = created.find((id) => id !== suite.server.snapshotId) as string;
    expect(await page.locator(`tr[data-snapshot="${fresh}"] td`).first().textContent()).toBe('2026-09-01 – 2026-09-03');
    expect(await page.getByLabel('Snapshot', { exact: true }).locator('option').allTextContents()).toContain(`${fresh} · 2026-09-01 – 2026-09-03`);
    // The grid keeps its snapshot: a new one is offered, not switched to.
    expect(await page.getByLabel('Snapshot', { exact: true }).inputValue()).toBe(suite.server.snapshotId);
    await browser.screenshot('snapshots-demo-created');
  });
});
