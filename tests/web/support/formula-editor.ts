/** Steps in the formula editor beside the grid, done as a person would (CodeMirror renders only the lines in view). */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { cell } from './workbench.ts';

/** The editor's text, as a person would take it: select all, copy. The whole text stays selected. */
export async function editorText(page: Page): Promise<string> {
  await page.locator('.code-editor .cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Replaces `from` with `to` in the editor's text: select all, then the new text all at once, as a paste would (typed key by key, CodeMirror would indent every new line again). */
export async function replaceText(page: Page, from: string, to: string): Promise<void> {
  const text = await editorText(page);
  expect(text).toContain(from);
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text.replace(from, to));
}

/** Opens a formula from its grid column: filter the columns, select the cell in `row`, press E; resolves with the grid column. */
export async function openInEditor(page: Page, formulaId: string, row = 0): Promise<number> {
  await page.getByLabel('Filter statistics').fill(formulaId);
  const headers = page.locator('.grid-columnheader:not(.pinned) .column-id');
  await expect.poll(async () => (await headers.allTextContents()).includes(formulaId)).toBe(true);
  const column = 3 + (await headers.allTextContents()).indexOf(formulaId);
  await cell(page, row, column).click();
  await page.keyboard.press('e');
  await page.locator('.code-editor .cm-content').waitFor();
  // Validation is a round trip to the server (parse, check, run the formula's tests): seconds on a busy machine.
  await expect.poll(() => page.locator('.validation').textContent(), { timeout: 15_000 }).toBe('Valid');
  return column;
}
