import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/suite.ts';

describe('following a job in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  it('cancels a running demo snapshot from its progress (Space on the Cancel button): it ends "cancelled" and leaves no snapshot', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Snapshots' }).click();
    const form = page.getByRole('form', { name: 'Create a demo snapshot' });
    // A small demo takes seconds to generate: long enough to catch it running.
    await form.getByLabel('Scale').selectOption('small');
    await form.getByLabel('Period').fill('2026-08');
    await form.getByRole('button', { name: 'Create demo snapshot' }).click();
    const progress = form.locator('.job-progress');
    const cancel = progress.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor();
    expect(await progress.getAttribute('data-status')).toBe('running');
    await cancel.focus();
    await page.keyboard.press('Space');

    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
    expect(await progress.locator('.job-status').textContent()).toBe('cancelled');
    expect(await cancel.count()).toBe(0);
    // Cancelling is not a failure: no problem is shown, and the form can start again.
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.getByRole('button', { name: 'Create demo snapshot' }).isEnabled()).toBe(true);
    const snapshots = (await api.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id);
    expect(snapshots).toEqual([suite.server.snapshotId]);
    await browser.screenshot('job-cancelled');
  });
});
