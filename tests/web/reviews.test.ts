import { describe, expect, it } from 'vitest';
import { apiClient } from '../server/support/test-server.ts';
import { browserSuite } from './support/suite.ts';
import { MESSAGES_ONLY_SETUP as MESSAGES_ONLY } from '../server/support/messages-setup.ts';

const EDITOR = { name: 'edna', password: 'a long editor password', role: 'editor' };

describe('reviews an approver can find', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  it('counts what waits in the top bar, lists it, and opens a draft whose review prices the change on invoices', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    await api.post('/api/users', EDITOR);
    const edna = apiClient(server.url);
    await edna.login(EDITOR.name, EDITOR.password);
    const saved = await edna.put('/api/setups/messages', { text: MESSAGES_ONLY }, { 'If-Match': '0' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await edna.post('/api/setups/messages/versions/1/submit')).status).toBe(200);
    const text = ((await api.get('/api/formulas/MsgDlvrd')).body.text as string)
      .replace('count(*) AS value', 'count(*) * 2 AS value')
      .replace('expect: { 1: 4, 2: 5 }', 'expect: { 1: 8, 2: 10 }'); // its test follows the change, so it can be submitted
    const draft = (await edna.post('/api/drafts', { formulaId: 'MsgDlvrd', text })).body;
    const submitted = await edna.post(`/api/drafts/${draft.draftId}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    await page.reload();
    const count = page.locator('.view-nav .review-count');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('2');
    expect(await count.getAttribute('aria-label')).toBe('2 waiting for your review');
    await page.getByRole('link', { name: /^Reviews/ }).click();
    await page.getByRole('heading', { name: 'Waiting for my review' }).waitFor();
    const items = await page.locator('.review-list li').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toContain(`MsgDlvrd · draft #${draft.draftId}`);
    expect(items[0]).toContain(`by edna, revision ${draft.revision}`);
    expect(items[1]).toContain('messages · version 1');
    expect(items[1]).toContain('by edna, submitted');
    await browser.screenshot('reviews-waiting');

    await page.getByRole('link', { name: `MsgDlvrd · draft #${draft.draftId}` }).click();
    const impact = page.locator('.money-impact');
    await impact.locator('.total-change').waitFor({ timeout: 60_000 });
    const money = (await api.get(`/api/drafts/${draft.draftId}/money?snapshot=${server.snapshotId}&top=10`)).body;
    expect(Number(money.totals.change)).toBeGreaterThan(0);
    expect(await impact.locator('.total-change').textContent()).toBe(
      `+${Number(money.totals.change).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`,
    );
    const rows = await impact.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(Math.min(10, money.accounts.length));
    expect(rows[0]).toContain(money.accounts[0].account);
    await browser.screenshot('review-money-impact');

    // Approving it takes it off the list, and the count follows.
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('1');
  });

  it('holds every view, the snapshot, the user and Log out on one line of the top bar at 1440 px', async () => {
    const { page } = suite.browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('link', { name: 'Grid' }).click();
    await page.getByLabel('Snapshot').waitFor();
    const bar = (await page.locator('.top-bar').boundingBox()) as { height: number };
    const tops = await page
      .locator('.top-bar .view-nav a, .top-bar .brand, .top-bar select, .top-bar .who, .top-bar button')
      .evaluateAll((elements) => elements.map((element) => Math.round(element.getBoundingClientRect().top + element.getBoundingClientRect().height / 2)));
    expect(Math.max(...tops) - Math.min(...tops), 'every part on one line').toBeLessThanOrEqual(4);
    expect(bar.height).toBeLessThan(50);
    const overflow = await page.locator('.top-bar').evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow, 'nothing pushed past the right edge').toBe(0);
    await suite.browser.screenshot('top-bar-1440');
  });
});
