import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../server/support/test-server.ts';
import { editorText, openInEditor, replaceText } from './support/formula-editor.ts';
import { browserSuite } from './support/suite.ts';
import { ADMIN, cell, gridReady, switchUser } from './support/workbench.ts';

describe('the formula editor beside the grid', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let calls: { rowIndex: number; value: string };
  beforeAll(async () => {
    const grid = (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&columns=Calls&limit=100`)).body;
    const rowIndex = grid.rows.findIndex((row: { values: { Calls: string } }) => Number(row.values.Calls) > 0);
    calls = { rowIndex, value: grid.rows[rowIndex].values.Calls };
  });

  const openCallsInEditor = (page: Page) => openInEditor(page, 'Calls', calls.rowIndex);

  it('edits a formula, runs it on the snapshot, and sees its column change in the grid', async () => {
    const { browser } = suite;
    const { page } = browser;
    const column = await openCallsInEditor(page);
    expect((await cell(page, calls.rowIndex, column).textContent())?.replaceAll(',', '')).toBe(calls.value);
    await replaceText(page, 'count(*) AS value', 'count(*) * 1000 AS value');
    await expect.poll(() => page.locator('.validation').textContent()).toBe('Valid');
    await page.getByRole('button', { name: 'Run on snapshot' }).click();
    // A busy machine's time: the run recomputes the statistic on the snapshot before the grid shows it.
    await expect.poll(() => cell(page, calls.rowIndex, column).textContent(), { timeout: 10_000 }).toBe((Number(calls.value) * 1000).toLocaleString('en-US'));
    // A legacy formula run with other SQL no longer reproduces the report, and its column says so.
    expect(await page.locator('.grid-columnheader.changed-legacy').allTextContents()).toEqual([expect.stringContaining('≠ legacy')]);
    await browser.screenshot('editor-changed-legacy-column');
    expect(await page.locator('.grid-columnheader.draft .column-id').textContent()).toBe('Calls');
    await browser.screenshot('editor-run-on-snapshot');

    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.getByLabel('Test results').waitFor();
    expect(await page.getByLabel('Test results').textContent()).toContain('0 of 1 tests pass');
    await browser.screenshot('editor-tests-fail');
  });

  it('marks an invalid formula at the line and column the server names, as you type', async () => {
    const { browser } = suite;
    const { page } = browser;
    const text = await editorText(page);
    const selectLine = text.split('\n').findIndex((line) => line.includes('AS value')) + 1;
    await page.locator('.cm-line', { hasText: 'AS value' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(', nosuch');
    const typedLine = (await editorText(page)).split('\n')[selectLine - 1] as string;
    const column = typedLine.indexOf('nosuch') + 1;
    await expect.poll(() => page.getByLabel('Validation errors').textContent(), { timeout: 10_000 }).toContain(`Line ${selectLine}, column ${column}`);
    expect(await page.getByLabel('Validation errors').textContent()).toContain('nosuch');
    // The editor underlines the word at that line and column.
    const marked = page.locator('.cm-lintRange-error');
    await marked.first().waitFor();
    expect(await marked.first().textContent()).toBe('nosuch');
    // …on the line the server named: its gutter number is that of the marked line's row.
    const markedTop = await marked.first().evaluate((element) => Math.round((element.closest('.cm-line') as HTMLElement).getBoundingClientRect().top));
    const gutterNumbers = await page
      .locator('.code-editor .cm-lineNumbers .cm-gutterElement')
      .evaluateAll((elements) => elements.map((e) => [Math.round(e.getBoundingClientRect().top), e.textContent] as const));
    expect(gutterNumbers.find(([top]) => Math.abs(top - markedTop) <= 2)?.[1]).toBe(String(selectLine));
    await browser.screenshot('editor-invalid-formula');
  });

  it('saves a draft, and says so when someone else changed it meanwhile (409)', async () => {
    const { server, browser } = suite;
    const { page } = browser;
    await replaceText(page, ', nosuch', '');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Saved draft #\d+, revision 1/);
    const draftId = Number(/#(\d+)/.exec((await page.locator('.notice').textContent()) as string)?.[1]);

    // Another session changes the same draft.
    const other = apiClient(server.url);
    await other.login(ADMIN.name, ADMIN.password);
    const current = (await other.get(`/api/drafts/${draftId}`)).body;
    expect((await other.put(`/api/drafts/${draftId}`, { text: current.text.replace('title:', 'title: Changed elsewhere') }, { 'if-match': '1' })).status).toBe(
      200,
    );

    await replaceText(page, 'count(*) * 1000', 'count(*) * 100');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.notice-conflict').textContent()).toContain('Someone else changed this draft');
    await browser.screenshot('editor-edit-conflict');
    browser.errors.splice(0).forEach((error) => {
      expect(error).toContain('409 (Conflict)');
    });
    await page.getByRole('button', { name: 'Reload the draft' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('revision 2');
    expect(await editorText(page)).toContain('Changed elsewhere');
  });

  it('submits the draft; another approver approves it and promotes it into a release', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    // A change that keeps the tests passing: only the comment above the SQL.
    const text = await editorText(page);
    await replaceText(page, text, text.replace(' * 1000', '').replace('-- A call is counted', '-- Reviewed: a call is counted'));
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Draft #\d+ is in review/);
    expect(await page.locator('.draft-actions').textContent()).toContain('Another approver must approve your own draft.');
    const draftId = (await page.locator('.notice').textContent())?.match(/#(\d+)/)?.[1] as string;

    await api.post('/api/users', { name: 'bea', password: 'approver password', role: 'approver' });
    await switchUser(page, server.url, { name: 'bea', password: 'approver password' });
    expect(await page.getByLabel('Logged in as bea, role approver').isVisible()).toBe(true);
    await openCallsInEditor(page);
    await page.getByLabel('Text to edit').selectOption(draftId);
    await expect.poll(() => page.locator('.source-description').textContent()).toContain('in review');
    await page.getByRole('button', { name: 'Approve' }).click();
    // Approving runs the draft's tests against the library: allow a busy machine its time.
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 10_000 }).toMatch(/is approved: version [0-9a-f]{16}/);
    await page.getByLabel('Release name').fill('october-review');
    await page.getByRole('button', { name: 'Promote into a release' }).click();
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 10_000 }).toBe('Release october-review now bills with this formula');
    await browser.screenshot('editor-promoted');
    expect((await api.get('/api/releases')).body.releases.map((r: { name: string }) => r.name)).toContain('october-review');
    await expect.poll(() => page.locator('.status-release').textContent()).toBe('Release october-review');
    // Only a comment changed: the promoted legacy formula still reproduces the report.
    expect((await api.get('/api/formulas/Calls')).body.changedFromLegacy).toBeNull();
  });

  it('shows two versions side by side in the version history', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByRole('button', { name: 'History' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.cm-mergeView').waitFor();
    await dialog.getByLabel('After').selectOption({ index: 1 }); // v2, the promoted version
    await expect
      .poll(async () => (await dialog.locator('.cm-merge-b .cm-changedLine').allTextContents()).join('\n'))
      .toContain('-- Reviewed: a call is counted');
    expect(await dialog.getByLabel('Before').locator('option:checked').textContent()).toContain('v1');
    await browser.screenshot('editor-version-diff');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('works with the keyboard alone: Tab to the grid, Enter explains, E edits with the focus in the editor, Escape returns', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.reload();
    await gridReady(page);
    await page.getByLabel('Filter statistics').focus();
    await page.keyboard.type('SecCalls');
    const focusedRole = () => page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName);
    for (let i = 0; i < 5 && (await focusedRole()) !== 'grid'; i++) await page.keyboard.press('Tab');
    expect(await focusedRole()).toBe('grid');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.explain h2').textContent()).toBe('SecCalls');
    await page.keyboard.press('e');
    await page.locator('.editor-panel h2', { hasText: 'SecCalls' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await focusedRole()).toBe('grid');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('.grid-cell.active').getAttribute('data-row')).toBe('1');
    await browser.screenshot('keyboard-only-editor');
  });
});
