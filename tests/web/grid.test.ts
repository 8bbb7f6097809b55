import { beforeAll, describe, expect, it } from 'vitest';
import { focusVisible, openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { cell } from './support/workbench.ts';

describe('the results grid in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let grid: { rows: { clientNumber: string; name: string; billingCode: string; values: Record<string, string> }[]; columns: { id: string; family: string }[] };
  beforeAll(async () => {
    grid = (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&limit=100`)).body;
  });

  it('shows every client of the demo snapshot with its statistics, grouped by family under a pinned header', async () => {
    const { server, browser } = suite;
    const { page } = browser;
    expect(await page.getByLabel('Snapshot').inputValue()).toBe(server.snapshotId);
    expect(await page.locator('.toolbar-counts').textContent()).toContain('20 clients × 264 statistics');
    const first = grid.rows[0];
    expect(await cell(page, 0, 0).textContent()).toBe(first?.clientNumber);
    expect(await cell(page, 0, 1).textContent()).toBe(first?.name);
    expect(await cell(page, 0, 2).textContent()).toBe(first?.billingCode);
    const familyOfFirstColumn = grid.columns[0]?.family ?? '';
    expect((await page.locator('.grid-family').first().textContent())?.toLowerCase()).toBe(familyOfFirstColumn.toLowerCase());
    // The value in a cell is the API's value for that client and statistic.
    const firstColumnId = (await page.locator('.grid-columnheader:not(.pinned) .column-id').first().textContent()) as string;
    const row = grid.rows.find((r) => Number(r.values[firstColumnId]) > 0) ?? (first as (typeof grid.rows)[number]);
    const rowIndex = grid.rows.indexOf(row);
    expect((await cell(page, rowIndex, 3).textContent())?.replaceAll(',', '')).toBe(row.values[firstColumnId]);
    await browser.screenshot('grid-demo-snapshot');
  });

  it('is reached from the top bar with Tab alone, shows its focus, and explains a statistic on Enter', async () => {
    const { browser } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Grid');
    await tabTo(page, page.getByRole('grid'));
    expect(await focusVisible(page)).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('.grid-cell.active').getAttribute('data-column')).toBe('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.explain h2').textContent()).toBe(grid.columns[0]?.id);
    await browser.screenshot('grid-keyboard-only');
  });

  it('moves with the arrows, Page Down, Home and End, extends with Shift, and copies the selection as TSV', async () => {
    const { browser } = suite;
    const { page } = browser;
    await cell(page, 0, 0).click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await cell(page, 2, 1).getAttribute('class')).toContain('active');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+c');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const expected = [2, 3].map((i) => `${grid.rows[i]?.name}\t${grid.rows[i]?.billingCode}`).join('\n');
    expect(copied).toBe(expected);
    expect(await page.locator('.status-message').textContent()).toBe('Copied 2 × 2 cells');
    await browser.screenshot('grid-range-selected');

    await page.keyboard.press('End');
    expect(await page.locator('.grid-cell.active').getAttribute('data-column')).toBe(String(3 + 263));
    await page.keyboard.press('Control+End');
    expect(await page.locator('.grid-cell.active').getAttribute('data-row')).toBe('19');
    await page.keyboard.press('Home');
    await page.keyboard.press('PageUp');
    expect(await page.locator('.grid-cell.active').getAttribute('id')).toBe('grid-cell-0-0');
    await page.keyboard.press('PageDown');
    expect(Number(await page.locator('.grid-cell.active').getAttribute('data-row'))).toBeGreaterThan(10);
  });

  it('explains a clicked cell with its formula: title, description, version, quirks and SQL', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.keyboard.press('Control+Home');
    await cell(page, 1, 3).click();
    const panel = page.locator('.explain');
    await panel.locator('.sql-view .cm-content').waitFor();
    const id = grid.columns.find((c) => c.family === grid.columns[0]?.family)?.id as string;
    expect(await panel.locator('h2').textContent()).toBe(id);
    expect(await panel.locator('.facts').textContent()).toContain('Version');
    expect(await panel.locator('.sql-view').textContent()).toContain('SELECT');
    await browser.screenshot('grid-explain-panel');
  });

  it('sorts by a column, filters the columns, searches clients and shows durations as h:mm:ss', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByLabel('Filter statistics').fill('SecDuration');
    await expect.poll(() => page.locator('.grid-columnheader:not(.pinned) .column-id').first().textContent()).toContain('SecDuration');
    await page.getByLabel('Durations in').selectOption('hms');
    await expect.poll(() => cell(page, 0, 3).textContent()).toMatch(/^\d+:\d\d:\d\d$/);
    await page.locator('.grid-columnheader:not(.pinned) button').first().click(); // ascending
    await page.locator('.grid-columnheader:not(.pinned) button').first().click(); // descending
    await expect.poll(() => page.locator('.grid-columnheader:not(.pinned)').first().getAttribute('aria-sort')).toBe('descending');
    const id = (await page.locator('.grid-columnheader:not(.pinned) .column-id').first().textContent()) as string;
    const largest = [...grid.rows].sort((a, b) => Number(b.values[id]) - Number(a.values[id]))[0];
    await expect.poll(() => cell(page, 0, 0).textContent()).toBe(largest?.clientNumber);
    await browser.screenshot('grid-sorted-hms');

    await page.getByLabel('Search clients').fill(grid.rows[4]?.name as string);
    await expect.poll(() => cell(page, 0, 1).textContent()).toBe(grid.rows[4]?.name);
    await page.getByLabel('Search clients').fill('no client is called this');
    await page.getByText('No client matches “no client is called this”.').waitFor();
    await page.getByLabel('Search clients').fill('');
    await page.getByLabel('Filter statistics').fill('');
    await page.getByLabel('Durations in').selectOption('seconds');
  });

  it('titles each statistic column (id on hover), resizes it by dragging its edge, keeps the width on reload, and shows ticks in the chosen unit', async () => {
    const { browser } = suite;
    const { page } = browser;
    const ticks = (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&limit=100`)).body as {
      rows: typeof grid.rows;
      columns: { id: string; title: string; unit: string }[];
    };
    const tickColumn = ticks.columns.find((c) => c.unit === 'ticks') as { id: string; title: string };
    await page.getByLabel('Filter statistics').fill(tickColumn.id);
    const header = page.locator(`.grid-columnheader[data-statistic="${tickColumn.id}"]`);
    await header.waitFor();
    expect(await header.locator('.column-title').textContent()).toBe(tickColumn.title);
    expect(await header.getAttribute('title')).toMatch(new RegExp(`^${tickColumn.id}: `));

    const before = (await header.boundingBox()) as { x: number; y: number; width: number; height: number };
    const grip = header.locator('.column-resizer');
    const box = (await grip.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round(((await header.boundingBox()) as { width: number }).width)).toBe(Math.round(before.width) + 80);
    expect(Math.round(((await cell(page, 0, 3).boundingBox()) as { width: number }).width)).toBe(Math.round(before.width) + 80);
    expect(await page.locator('.grid-columnheader:not(.pinned)').first().getAttribute('aria-sort'), 'the drag did not sort').toBe('none');
    await browser.screenshot('grid-column-resized');

    await page.reload();
    await page.getByLabel('Filter statistics').fill(tickColumn.id);
    await expect.poll(async () => Math.round(((await header.boundingBox()) as { width: number } | null)?.width ?? 0)).toBe(Math.round(before.width) + 80);
    await grip.dblclick();
    await expect.poll(async () => Math.round(((await header.boundingBox()) as { width: number }).width)).toBe(Math.round(before.width));

    const row = ticks.rows.findIndex((r) => Number(r.values[tickColumn.id]) > 0);
    const raw = ticks.rows[row]?.values[tickColumn.id] as string;
    await page.getByLabel('Durations in').selectOption('seconds');
    await expect.poll(() => cell(page, row, 3).textContent()).toBe((Number(raw) / 1e7).toLocaleString('en-US', { maximumFractionDigits: 7 }));
    expect(await header.locator('.column-unit').textContent()).toContain('s');
    await page.getByLabel('Durations in').selectOption('hms');
    await expect.poll(() => cell(page, row, 3).textContent()).toMatch(/^\d+:\d\d:\d\d$/);
    await page.getByLabel('Durations in').selectOption('seconds');
    await page.getByLabel('Filter statistics').fill('');
  });

  it('keeps a clicked cell at the right edge in view when the explain panel opens beside the grid', async () => {
    const { browser } = suite;
    const { page } = browser;
    const close = page.getByRole('button', { name: 'Close the side panel' });
    if (await close.isVisible()) await close.click();
    const viewport = page.locator('.grid-viewport');
    const gridBox = (await viewport.boundingBox()) as { x: number; width: number };
    // The last column that is whole on screen before the panel opens.
    const columns = await page
      .locator('.grid-cell[data-row="2"]:not(.pinned)')
      .evaluateAll(
        (cells, right) => cells.filter((c) => c.getBoundingClientRect().right <= right).map((c) => Number((c as HTMLElement).dataset.column)),
        gridBox.x + gridBox.width,
      );
    const column = Math.max(...columns);
    await cell(page, 2, column).click();
    await page.locator('.explain h2').waitFor();
    await expect
      .poll(async () => {
        const box = (await cell(page, 2, column).boundingBox()) as { x: number; width: number };
        const narrowed = (await viewport.boundingBox()) as { x: number; width: number };
        return box.x + box.width <= narrowed.x + narrowed.width + 1;
      })
      .toBe(true);
    await browser.screenshot('grid-explain-beside-clicked-cell');
  });

  it('renders only the visible cells of 2,000 clients × 300 statistics, fetching rows as it scrolls', async () => {
    const { browser } = suite;
    const { page } = browser;
    const columns = Array.from({ length: 300 }, (_, i) => ({
      id: `Stat${i}`,
      title: `Statistic ${i}`,
      unit: i % 3 === 0 ? 'seconds' : 'count',
      family: `family${Math.floor(i / 25)}`,
      variant: 'legacy',
    }));
    const requested: number[] = [];
    await page.route('**/api/grid?**', async (route) => {
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 200);
      requested.push(offset);
      const rows = Array.from({ length: Math.max(0, Math.min(limit, 2000 - offset)) }, (_, k) => {
        const n = offset + k;
        return {
          cltID: n + 1,
          clientNumber: String(10000 + n),
          name: `Client ${n}`,
          billingCode: `BC${n}`,
          values: Object.fromEntries(columns.map((c, j) => [c.id, String((n * 7 + j) % 1000)])),
        };
      });
      await route.fulfill({ json: { snapshot: 'synthetic', release: 'synthetic', draft: null, columns, total: 2000, offset, rows, computed: 0, cached: 300 } });
    });
    await page.reload();
    await page.locator('.grid-cell[data-row="0"][data-column="3"]').waitFor();
    expect(await page.locator('.toolbar-counts').textContent()).toContain('2,000 clients × 300 statistics');
    const rendered = await page.locator('.grid-cell').count();
    expect(rendered).toBeLessThan(1200);

    const viewport = page.locator('.grid-viewport');
    await viewport.evaluate((element) => element.scrollTo(element.scrollWidth, 28 * 1500));
    await expect
      .poll(() => page.locator('.grid-cell[data-row="1500"][data-column="302"]').textContent(), { timeout: 10_000 })
      .toBe(String((1500 * 7 + 299) % 1000));
    expect(await page.locator('.grid-cell').count()).toBeLessThan(1200);
    expect(requested).not.toContain(800); // pages scrolled past are never fetched
    expect(await cell(page, 1500, 0).textContent()).toBe('11500');

    await browser.screenshot('grid-2000x300-virtualised');
    await page.unroute('**/api/grid?**');
  });
});
