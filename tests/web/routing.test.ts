import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/suite.ts';
import { cell, gridReady } from './support/workbench.ts';

/** Opens a formula from its grid column as a person would: filter the columns, click a cell, press E; waits for the editor to show it. */
async function openInEditor(page: Page, formulaId: string): Promise<void> {
  await page.getByLabel('Filter statistics').fill(formulaId);
  const headers = page.locator('.grid-columnheader:not(.pinned) .column-id');
  await expect.poll(async () => (await headers.allTextContents()).includes(formulaId), { timeout: 10_000 }).toBe(true);
  await cell(page, 0, 3 + (await headers.allTextContents()).indexOf(formulaId)).click();
  await page.keyboard.press('e');
  await expect.poll(() => page.locator('.editor-panel h2').textContent(), { timeout: 10_000 }).toBe(formulaId);
  await page.locator('.code-editor .cm-content').waitFor();
}

describe('addresses of views and objects', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  const hash = () => suite.browser.page.evaluate(() => location.hash);
  const editorHeading = () => suite.browser.page.locator('.editor-panel h2');

  it('puts the formula open in the editor in the address, and opens it again after a reload', async () => {
    const { page } = suite.browser;
    await openInEditor(page, 'SecCalls');
    expect(await hash()).toBe('#grid/formula/SecCalls');
    await page.reload();
    await gridReady(page);
    await page.locator('.code-editor .cm-content').waitFor();
    expect(await editorHeading().textContent()).toBe('SecCalls');
    expect(await page.getByRole('tab', { name: 'Formula editor' }).getAttribute('aria-selected')).toBe('true');
    await suite.browser.screenshot('routing-formula-after-reload');
  });

  it('steps Back from another view to the formula, Back again to the one opened before it, and Forward again', async () => {
    const { page } = suite.browser;
    await openInEditor(page, 'Calls');
    expect(await hash()).toBe('#grid/formula/Calls');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Library' }).click();
    expect(await hash()).toBe('#library');
    await page.goBack();
    await expect.poll(hash).toBe('#grid/formula/Calls');
    await expect.poll(() => page.locator('.view-nav a[aria-current="page"]').textContent()).toBe('Grid');
    await page.goBack();
    await expect.poll(hash).toBe('#grid/formula/SecCalls');
    await expect.poll(() => editorHeading().textContent()).toBe('SecCalls');
    await page.goForward();
    await expect.poll(() => editorHeading().textContent()).toBe('Calls');
  });

  it('finds the grid as it was left when its link is followed from another view', async () => {
    const { page } = suite.browser;
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('link', { name: 'Snapshots' }).click();
    expect(await hash()).toBe('#snapshots');
    await nav.getByRole('link', { name: 'Grid' }).click();
    await expect.poll(hash).toBe('#grid/formula/Calls');
    expect(await page.getByRole('tab', { name: 'Formula editor' }).getAttribute('aria-selected')).toBe('true');
  });

  it('opens a formula addressed as #library/formula/ID in the editor beside the grid', async () => {
    const { page } = suite.browser;
    await page.evaluate(() => {
      location.hash = '#library/formula/AnsweredCalls';
    });
    await expect.poll(hash).toBe('#grid/formula/AnsweredCalls');
    await expect.poll(() => editorHeading().textContent()).toBe('AnsweredCalls');
  });

  it('opens the draft an address names, and the address follows when another text is chosen', async () => {
    const { page } = suite.browser;
    const { body: release } = await suite.api.get('/api/formulas/Calls');
    const { body: draft } = await suite.api.post('/api/drafts', {
      formulaId: 'Calls',
      text: release.text.replace('count(*) AS value', 'count(*) * 2 AS value'),
    });
    await page.evaluate((id) => {
      location.hash = `#grid/formula/Calls/draft/${id}`;
    }, draft.draftId);
    await expect.poll(() => page.getByLabel('Text to edit').inputValue()).toBe(String(draft.draftId));
    await page.reload();
    await gridReady(page);
    await expect.poll(() => page.getByLabel('Text to edit').inputValue()).toBe(String(draft.draftId));
    expect(await hash()).toBe(`#grid/formula/Calls/draft/${draft.draftId}`);
    await page.getByLabel('Text to edit').selectOption('release');
    await expect.poll(hash).toBe('#grid/formula/Calls');
  });

  it('shows the grid for an address that names no view, and says so in the address', async () => {
    const { page } = suite.browser;
    await page.evaluate(() => {
      location.hash = '#no-such-view/1';
    });
    await expect.poll(hash).toBe('#grid');
    expect(await page.locator('.view-nav a[aria-current="page"]').textContent()).toBe('Grid');
  });
  it('says so when the run an address names does not exist, and offers the way back to the billing runs', async () => {
    const { page } = suite.browser;
    await page.evaluate(() => {
      location.hash = '#runs/2026-10-0000000000/invoices/NOPE';
    });
    await page.getByText('Invoice NOPE could not be shown').waitFor();
    // The refused requests are logged by the browser (404); nothing else may be.
    expect(suite.browser.errors.filter((error) => !error.includes('404'))).toEqual([]);
    suite.browser.errors.splice(0);
    await page.evaluate(() => {
      location.hash = '#runs/2026-10-0000000000';
    });
    await page.getByText('Billing run 2026-10-0000000000 could not be shown').waitFor();
    await suite.browser.screenshot('routing-unknown-run');
    await page.getByRole('button', { name: 'Back to the billing runs' }).click();
    await expect.poll(hash).toBe('#runs');
    expect(suite.browser.errors.filter((error) => !error.includes('404'))).toEqual([]);
    suite.browser.errors.splice(0);
  });
});
