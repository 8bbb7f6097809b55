import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PROJECT_ROOT } from '../support/project.ts';
import { browserSuite } from './support/suite.ts';

const SETUP = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');

/** The example setup's standard plan with the per-message price changed: what the view should save. */
function scenarioWithMessagePrice(name: string, price: string): string {
  const plan = (parse(SETUP) as { plans: { id: string; lines: { id: string; price?: string }[] }[] }).plans.find((p) => p.id === 'standard-250');
  const line = plan?.lines.find((l) => l.id === 'messages');
  if (!plan || !line) throw new Error('examples/billing-setup.yaml has no standard-250 messages line');
  line.price = price;
  return stringify({ name, plans: [plan] });
}

const moneyText = (text: string) => {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  return `${negative ? '−' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
};

describe('the what-if view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(async () => {
    expect((await suite.api.put('/api/setups/standard', { text: SETUP }, { 'if-match': '0' })).status).toBe(200);
  });

  it('creates a scenario, prices messages higher and shows the totals, deltas and chart the API computes', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'What-if' }).click();
    await page.getByLabel('New scenario name').fill('dearer-messages');
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await expect.poll(() => page.getByLabel('Scenario', { exact: true }).inputValue()).toBe('dearer-messages');
    const totals = page.locator('.whatif-totals');
    await totals.waitFor();
    // A new scenario changes nothing yet.
    await expect.poll(() => page.locator('.total-change').getAttribute('data-value')).toBe('0');

    // What the view should show: the same change saved through the API under another name.
    expect((await api.put('/api/scenarios/expected', { text: scenarioWithMessagePrice('expected', '0.40') }, { 'if-match': '0' })).status).toBe(200);
    const expected = (await api.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'standard', scenario: 'expected', everyAccount: true })).body;
    expect(Number(expected.totals.change)).toBeGreaterThan(0);

    const rate = page.getByLabel('standard-250 Messages delivered: price');
    expect(await rate.inputValue()).toBe('0.25');
    await rate.fill('0.40');
    await rate.press('Enter');
    await expect.poll(() => page.locator('.total-after').getAttribute('data-value'), { timeout: 30_000 }).toBe(expected.totals.after);
    expect(await page.locator('.total-before').textContent()).toBe(moneyText(expected.totals.before));
    expect(await page.locator('.total-after').textContent()).toBe(moneyText(expected.totals.after));
    expect(await page.locator('.total-change').textContent()).toBe(`+${moneyText(expected.totals.change)}`);
    expect(await page.locator('.total-change').getAttribute('class')).toContain('up');
    expect(await page.locator('.account-counts').textContent()).toBe(`${expected.counts.up} up · ${expected.counts.down} down · ${expected.counts.same} unchanged`);
    // Every account side by side, its change coloured.
    for (const account of expected.everyAccount as { account: string; change: string }[]) {
      const delta = page.locator(`tr[data-account="${account.account}"] .delta`);
      expect(await delta.getAttribute('data-value')).toBe(account.change);
      if (Number(account.change) > 0) expect(await delta.getAttribute('class')).toContain('up');
    }
    const changed = (expected.everyAccount as { change: string }[]).filter((a) => Number(a.change) !== 0).length;
    expect(await page.locator('.change-chart rect.bar').count()).toBe(Math.min(30, changed));
    // The scenario saved by the view is the one the API priced.
    const saved = (await api.get('/api/scenarios/dearer-messages')).body;
    expect(saved.version).toBe(2);
    await browser.screenshot('what-if-dearer-messages');
  });

  it('measures the time from editing a rate to the view showing the new totals', async () => {
    const { browser } = suite;
    const { page } = browser;
    const timings: number[] = [];
    for (const price of ['0.45', '0.50', '0.55', '0.60', '0.65']) {
      const elapsed = await page.evaluate(async (value) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label="standard-250 Messages delivered: price"]') as HTMLInputElement;
        const total = document.querySelector('.total-after') as HTMLElement;
        const before = total.textContent;
        const started = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return new Promise<number>((resolve, reject) => {
          const timeout = setTimeout(() => reject(new Error('the totals did not change within 30 s')), 30_000);
          const observer = new MutationObserver(() => {
            const now = document.querySelector('.total-after');
            if (now && now.textContent !== before) {
              observer.disconnect();
              clearTimeout(timeout);
              resolve(performance.now() - started);
            }
          });
          observer.observe(document.querySelector('.whatif-results') as HTMLElement, { subtree: true, childList: true, characterData: true });
        });
      }, price);
      timings.push(elapsed);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Scenario dearer-messages' }).count()).toBe(1);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`what-if rate edit to new totals (tiny snapshot, 20 clients): ${timings.map((t) => t.toFixed(0)).join(', ')} ms; median ${sorted[2]?.toFixed(0)} ms`);
  });
});
