import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPackage, type FormulaPackage } from '../../engine/formulas/package.ts';
import { parseFormulaFile } from '../../engine/formulas/file-format.ts';
import { openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';

const COUNTED_ONCE = 'count(*) AS value';
const COUNTED_DISTINCT = 'count(DISTINCT e.callId) AS value';

/** A package of formula files, with checksums that match (as an export would write it). */
function packageOf(name: string, files: readonly { path: string; text: string }[]): string {
  return JSON.stringify(
    createPackage(
      name,
      files.map((file) => ({ ...file, formula: parseFormulaFile(file.text, file.path) })),
    ),
  );
}

describe('the library view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  it('exports chosen formulas of the release as a package file, using the keyboard alone', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Library');
    // The library works on no snapshot, so the top bar offers none.
    await page.locator('.library').first().waitFor();
    expect(await page.getByLabel('Snapshot', { exact: true }).count()).toBe(0);
    await tabTo(page, page.getByRole('navigation', { name: 'Library pages' }).getByRole('link', { name: 'Packages' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('radio', { name: /All formulas of the active release/ }));
    await page.keyboard.press('ArrowDown'); // the radio group moves to "Chosen formulas"
    await page.keyboard.press('Tab');
    await page.keyboard.type('SecCalls');
    await tabTo(
      page,
      page
        .getByLabel('Formulas to export')
        .locator('li', { has: page.locator('code', { hasText: /^SecCalls$/ }) })
        .getByRole('checkbox'),
    );
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Download package (1 formula)' }));
    await browser.screenshot('library-export-chosen');

    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^formulas-release-.+\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as FormulaPackage;
    expect(exported.formulas.map((f) => f.id)).toEqual(['SecCalls']);
    expect(exported.formulas[0]?.text).toBe((await api.get('/api/formulas/SecCalls')).body.text);
    await page.getByText('Saved 1 formula(s)').waitFor();
  });

  it('shows what a package changes — new, changed with its diff, unchanged — then imports it as drafts', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const secCalls = (await api.get('/api/formulas/SecCalls')).body;
    const annCalls = (await api.get('/api/formulas/AnnCalls')).body;
    const changed = secCalls.text.replace(COUNTED_ONCE, COUNTED_DISTINCT);
    const added = secCalls.text.replace('id: SecCalls', 'id: SecCallsCopy').replace("title: 'Secretarial calls'", "title: 'Secretarial calls (a copy)'");
    expect(changed).not.toBe(secCalls.text);
    const text = packageOf('from another site', [
      { path: 'legacy/calls/SecCalls.yaml', text: changed },
      { path: 'legacy/calls/AnnCalls.yaml', text: annCalls.text },
      { path: 'legacy/calls/SecCallsCopy.yaml', text: added },
    ]);

    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('navigation', { name: 'Library pages' }).getByRole('link', { name: 'Packages' }).click();
    await page.getByLabel('Package file').setInputFiles({ name: 'other-site.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Compare with the library' }).click();
    await page.locator('.import-summary').waitFor({ timeout: 30_000 });
    expect(await page.locator('.import-summary').textContent()).toBe('1 new · 1 changed · 1 unchanged');
    expect(await page.getByLabel('New formulas').textContent()).toContain('SecCallsCopy');
    expect(await page.getByLabel('Changed formulas', { exact: true }).locator('li').getAttribute('data-formula')).toBe('SecCalls');
    expect(await page.locator('.changed-formula .difference').allTextContents()).toEqual(['sql']);
    expect((await api.get('/api/drafts')).body.drafts).toEqual([]); // comparing writes nothing

    await page.getByRole('button', { name: 'Show diff of SecCalls' }).press('Enter');
    const diff = page.locator('.import-diff');
    await diff.locator('.cm-mergeView').waitFor();
    // The merge view marks the changed line on each side: the release's on the left, the package's on the right.
    await expect.poll(() => diff.locator('.cm-merge-a .cm-changedLine').allTextContents()).toEqual([expect.stringContaining(COUNTED_ONCE)]);
    expect(await diff.locator('.cm-merge-b .cm-changedLine').allTextContents()).toEqual([expect.stringContaining(COUNTED_DISTINCT)]);
    await browser.screenshot('library-import-diff');

    await page.getByRole('button', { name: 'Import as drafts (2)' }).click();
    const created = page.getByLabel('Drafts created');
    await created.waitFor();
    expect(await created.locator('li').count()).toBe(2);
    const drafts = (await api.get('/api/drafts?status=editing')).body.drafts as { draftId: number; formulaId: string; author: string }[];
    expect(drafts.map((d) => d.formulaId).sort()).toEqual(['SecCalls', 'SecCallsCopy']);
    for (const draft of drafts) {
      expect(await created.locator(`li[data-draft="${draft.draftId}"]`).textContent()).toContain(draft.formulaId);
      expect(draft.author).toBe('admin');
    }
    const changedDraft = drafts.find((d) => d.formulaId === 'SecCalls') as { draftId: number };
    expect((await api.get(`/api/drafts/${changedDraft.draftId}`)).body.text).toBe(changed);
    await browser.screenshot('library-imported-drafts');
  });

  it('shows why a package is refused: a damaged checksum, or a file that is not a package', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const secCalls = (await api.get('/api/formulas/SecCalls')).body;
    const damaged = JSON.parse(packageOf('damaged', [{ path: 'legacy/calls/SecCalls.yaml', text: secCalls.text }])) as FormulaPackage;
    const tampered = { ...damaged, formulas: damaged.formulas.map((f) => ({ ...f, text: f.text.replace(COUNTED_ONCE, 'count(*) * 10 AS value') })) };

    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('navigation', { name: 'Library pages' }).getByRole('link', { name: 'Packages' }).click();
    const file = page.getByLabel('Package file');
    await file.setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.getByRole('button', { name: 'Compare with the library' }).click();
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain('formula SecCalls does not match its checksum');
    expect(await problem.textContent()).toContain('The package cannot be imported');
    await browser.screenshot('library-import-checksum');

    await file.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    await page.getByRole('button', { name: 'Compare with the library' }).click();
    await expect.poll(() => problem.textContent()).toContain('not a formula package');
    expect(await page.getByRole('button', { name: /Import as drafts/ }).count()).toBe(0);
    // Chrome logs every failed request; these two 400s are the ones the test asked for.
    expect(browser.errors.splice(0)).toEqual([expect.stringContaining('400 (Bad Request)'), expect.stringContaining('400 (Bad Request)')]);
  });
});
