import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SETUP, saveSetup } from './support/billing-setup.ts';
import { browserSuite } from './support/suite.ts';

// The example setup with 1000 messages included a month and the unused ones rolled over: its runs leave state.json.
const ROLLOVER = EXAMPLE_SETUP.replace(
  'statistic: MsgDlvrd\n        price: "0.25"',
  'statistic: MsgDlvrd\n        included: 1000\n        rollover: { cap: 5000 }\n        price: "0.25"',
);

describe('a billing run starting from the state an earlier run carried', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(() => saveSetup(suite, 'rollover', ROLLOVER));

  it('offers the runs that carried state, and sends the one chosen (a run of the same period is refused, and says why)', async () => {
    expect(ROLLOVER).toContain('rollover: { cap: 5000 }');
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Billing runs' }).click();
    expect(await page.getByLabel('Carry from').count()).toBe(0);
    await page.getByRole('button', { name: 'Start billing run' }).click();
    await page.locator('.runs-table tbody tr').first().waitFor({ timeout: 60_000 });
    const [carrying] = (await api.get('/api/runs')).body.runs;
    expect(Object.keys(carrying.outputs)).toContain('state.json');

    await page.getByLabel('Carry from').selectOption(carrying.id);
    await page.getByRole('button', { name: 'Start billing run' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'The billing run failed' });
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.textContent()).toContain('does not end before 2026-10-01');
    await browser.screenshot('run-carried-refused');
    expect((await api.get('/api/runs')).body.runs).toHaveLength(1);
    expect(await page.getByLabel('Carry from').inputValue()).toBe(carrying.id);
    browser.errors.splice(0, browser.errors.length, ...browser.errors.filter((error) => !/status of 4\d\d/.test(error)));
  });
});
