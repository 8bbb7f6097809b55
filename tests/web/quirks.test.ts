import { beforeAll, describe, expect, it } from 'vitest';
import { blurAll, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { cell } from './support/workbench.ts';

interface Quirk {
  readonly code: string;
  readonly title: string;
  readonly legacy: string;
  readonly consensus: string;
}

describe('quirk codes in the workbench', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let quirks: Map<string, Quirk>;
  beforeAll(async () => {
    const response = await suite.api.get('/api/quirks');
    quirks = new Map((response.body.quirks as Quirk[]).map((quirk) => [quirk.code, quirk]));
  });

  it('GET /api/quirks serves the catalogue, D1 to D30', () => {
    expect([...quirks.keys()]).toEqual(Array.from({ length: 30 }, (_, i) => `D${i + 1}`));
  });

  it("shows a quirk's title for its code in the explain panel, on hover and on keyboard focus, and what it means when pressed", async () => {
    const { browser } = suite;
    const { page } = browser;
    await cell(page, 0, 3).click();
    const panel = page.locator('.explain');
    await panel.locator('.sql-view').waitFor();
    const statistic = (await panel.locator('h2').textContent()) as string;
    const { formula } = (await suite.api.get(`/api/formulas/${statistic}`)).body as { formula: { quirks: { reproduces: string[] } } };
    const code = formula.quirks.reproduces.at(-1) as string;
    const quirk = quirks.get(code) as Quirk;

    const button = panel.getByRole('button', { name: code, exact: true });
    await button.waitFor();
    // The title is the code's accessible description ...
    const description = page.locator(`[id="${await button.getAttribute('aria-describedby')}"]`);
    expect(await description.textContent()).toBe(quirk.title);
    expect(await description.isVisible()).toBe(false);
    // ... and shows beside it under the mouse,
    await button.hover();
    await expect.poll(() => description.isVisible()).toBe(true);
    await browser.screenshot('quirk-code-hover');
    await page.mouse.move(0, 0);
    await expect.poll(() => description.isVisible()).toBe(false);

    // and when Tab brings the focus to it.
    await blurAll(page);
    await tabTo(page, button);
    await expect.poll(() => description.isVisible()).toBe(true);
    // Enter says what the legacy report does and what the consensus does; Escape closes it.
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const box = page.locator(`[id="${await button.getAttribute('aria-controls')}"]`);
    expect(await box.textContent()).toBe(`${quirk.title}Legacy report: ${quirk.legacy}Consensus: ${quirk.consensus}`);
    await browser.screenshot('quirk-code-pressed');
    await page.keyboard.press('Escape');
    await expect.poll(() => box.isVisible()).toBe(false);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps the box inside a narrow window', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.setViewportSize({ width: 760, height: 800 });
    try {
      const button = page.locator('.explain .quirk-code').last();
      await button.click();
      const box = page.locator(`[id="${await button.getAttribute('aria-controls')}"]`);
      await expect.poll(() => box.isVisible()).toBe(true);
      const bounds = (await box.boundingBox()) as { x: number; width: number };
      expect(bounds.x).toBeGreaterThanOrEqual(0);
      expect(bounds.x + bounds.width).toBeLessThanOrEqual(760);
      await browser.screenshot('quirk-code-narrow');
    } finally {
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1500, height: 900 });
    }
  });
});
