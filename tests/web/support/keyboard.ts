/** Keyboard steps of the browser tests: getting somewhere with Tab alone, and asking what has the focus. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Presses Tab until `target` has the focus (the way a keyboard user gets there). */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Starts a keyboard walk from the top of the page: nothing has the focus, so the first Tab lands on the top bar. */
export async function blurAll(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** An attribute of the element that has the focus, e.g. its aria-label. */
export function focusedAttribute(page: Page, name: string): Promise<string | null | undefined> {
  return page.evaluate((attribute) => document.activeElement?.getAttribute(attribute), name);
}

/** Whether the focused element shows a focus ring (an outline or box shadow), as :focus-visible styles it. */
export function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return element.matches(':focus-visible') && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
  });
}

/** Opens a view from the top bar with the keyboard alone: Tab from the top of the page to its link (which must show its focus), then Enter. */
export async function openViewByKeyboard(page: Page, label: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: label, exact: true });
  await blurAll(page);
  await tabTo(page, link);
  expect(await focusVisible(page), `the ${label} link shows its focus`).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
}
