import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/project.ts';
import { browserSuite } from './support/suite.ts';

const EXAMPLE = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');

/** The field with this label shows `message` as its own error, tied to it for assistive technology. */
async function expectFieldError(page: Page, label: string, message: RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const errorId = (await field.getAttribute('aria-describedby')) as string;
  expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(message);
}

async function expectNoFieldError(page: Page, label: string): Promise<void> {
  await expect.poll(() => page.getByLabel(label, { exact: true }).getAttribute('aria-invalid')).toBe(null);
}

describe('contract terms in the billing setup editor', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let code: string;

  beforeAll(async () => {
    const rows = (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&columns=SecCalls&limit=100`)).body.rows as { billingCode: string }[];
    code = rows.map((row) => row.billingCode).find((c) => c !== '') as string;
    expect((await suite.api.put('/api/setups/contracts', { text: EXAMPLE }, { 'if-match': '0' })).status).toBe(200);
  });

  it('adds a discount, a sales tax, a credit with its reason, an allowance shared by two lines and a fee prorated by month days, with field errors for bad input, and saves exactly those fields', async () => {
    const { page } = suite.browser;
    await page.goto(`${suite.server.url}/#setup/contracts`);
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    // A filled field says what it is above it, not only in its placeholder.
    const minimum = page.getByLabel('Plan 1 minimum', { exact: true });
    expect(await minimum.inputValue()).toBe('150.00');
    expect(await page.locator('label[for="setup-plans-0-minimum-amount"]').textContent()).toBe('Plan minimum');
    expect(await page.getByText('Also in this setup, edited in the YAML view').count()).toBe(0);

    // The monthly fee prorates by each month's days.
    await page.getByLabel('Plan 1 line 1 prorate', { exact: true }).selectOption('month');

    // An allowance shared by messages and patches, drawn down in that order; a line with units of its own is refused.
    await page.getByRole('button', { name: 'Add shared allowance', exact: true }).first().click();
    await page.getByLabel('Plan 1 allowance 1 id', { exact: true }).fill('shared-messages');
    await page.getByLabel('Plan 1 allowance 1 units', { exact: true }).fill('100');
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).fill('live-minutes, patches');
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).press('Tab');
    await expectFieldError(
      page,
      'Plan 1 line 2 included units',
      /line live-minutes draws from allowance shared-messages: it cannot also have included units of its own/,
    );
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).fill('messages, nope');
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).press('Tab');
    await expectFieldError(page, 'Plan 1 allowance 1 lines', /this plan has no usage line nope/);
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).fill('messages, patches');
    await page.getByLabel('Plan 1 allowance 1 lines', { exact: true }).press('Tab');
    await expectNoFieldError(page, 'Plan 1 allowance 1 lines');
    await page.locator('[data-allowance="shared-messages"]').scrollIntoViewIfNeeded();
    await suite.browser.screenshot('setup-contracts-plan');

    // A credit needs its reason; a credit for an account the snapshot does not have is an error at its account.
    await page.getByRole('button', { name: 'Add adjustment', exact: true }).click();
    await page.getByLabel('Adjustment 1 period', { exact: true }).fill('2026-10');
    await page.getByLabel('Adjustment 1 amount', { exact: true }).fill('-25.00');
    await expectFieldError(page, 'Adjustment 1 reason', /say why: the reason is printed on the invoice/);
    await page.getByLabel('Adjustment 1 reason', { exact: true }).fill('Outage credit, 14 October');
    await expectNoFieldError(page, 'Adjustment 1 reason');
    await page.getByLabel('Adjustment 1 account', { exact: true }).fill('NO-SUCH-ACCOUNT');
    await expectFieldError(page, 'Adjustment 1 account', /no account NO-SUCH-ACCOUNT: not a master account of this setup, nor a billing code or client number/);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await page.locator('[data-adjustment="0"]').scrollIntoViewIfNeeded();
    await suite.browser.screenshot('setup-contracts-unknown-account');
    await page.getByLabel('Adjustment 1 account', { exact: true }).fill(code);
    await expectNoFieldError(page, 'Adjustment 1 account');

    // A loyalty discount whose percent is not a decimal, then is; and a sales tax with its own rounding.
    await page.getByRole('button', { name: 'Add discount', exact: true }).click();
    await page.getByLabel('Percentage 1 id', { exact: true }).fill('loyalty');
    await page.getByLabel('Percentage 1 label', { exact: true }).fill('Loyalty discount');
    await page.getByLabel('Percentage 1 percent', { exact: true }).fill('10%');
    await expectFieldError(page, 'Percentage 1 percent', /"10%" is not a decimal number/);
    await page.getByLabel('Percentage 1 percent', { exact: true }).fill('10');
    await expectNoFieldError(page, 'Percentage 1 percent');
    await page.getByRole('button', { name: 'Add tax', exact: true }).click();
    await page.getByLabel('Percentage 2 id', { exact: true }).fill('sales-tax');
    await page.getByLabel('Percentage 2 label', { exact: true }).fill('Sales tax');
    await page.getByLabel('Percentage 2 percent', { exact: true }).fill('6.25');
    // Its own rounding starts with the money's decimals.
    await page.getByLabel('Percentage 2 rounding', { exact: true }).selectOption('half-even');
    expect(await page.getByLabel('Percentage 2 rounding decimals', { exact: true }).inputValue()).toBe('2');
    await expectNoFieldError(page, 'Percentage 2 percent');
    await page.locator('[data-percentage="sales-tax"]').scrollIntoViewIfNeeded();
    await suite.browser.screenshot('setup-contracts-percentages');

    // The server's check agrees: nothing is wrong, and the setup saves.
    await expect.poll(() => page.locator('.setup-problem.error').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Submit it for review').waitFor();

    const saved = (await suite.api.get('/api/setups/contracts')).body;
    expect(saved.version).toBe(2);
    const expected = parse(EXAMPLE);
    expected.plans[0].lines[0].prorate = 'month';
    expected.plans[0].allowances = [{ id: 'shared-messages', units: '100', lines: ['messages', 'patches'] }];
    expected.adjustments = [{ account: code, period: '2026-10', amount: '-25.00', reason: 'Outage credit, 14 October' }];
    expected.percentages = [
      { id: 'loyalty', kind: 'discount', percent: '10', label: 'Loyalty discount' },
      { id: 'sales-tax', kind: 'tax', percent: '6.25', label: 'Sales tax', rounding: { scale: 2, mode: 'half-even' } },
    ];
    expect(parse(saved.text)).toEqual(expected);
    // Untouched lines keep their comments.
    expect(saved.text).toContain('tiersOn: billable # the tiers count the minutes after the included ones');
  }, 180_000);

  it('edits billing status, a setup statistic with a parameter, a prepaid block, rollover and a line on top of the minimum, with field errors, and saves exactly those fields', async () => {
    const { page } = suite.browser;
    await page.goto(`${suite.server.url}/#setup/contracts`);
    await page.getByRole('heading', { name: /Version 2/ }).waitFor();
    const before = parse((await suite.api.get('/api/setups/contracts')).body.text);

    // Rollover of the included minutes, at most 500 units for two periods; the patches line is charged on top of the minimum.
    await page.getByLabel('Plan 1 line 2 rolls over', { exact: true }).check();
    await page.getByLabel('Plan 1 line 2 rollover cap', { exact: true }).fill('500');
    await page.getByLabel('Plan 1 line 2 rollover expires after', { exact: true }).fill('0');
    await expectFieldError(page, 'Plan 1 line 2 rollover expires after', /too small|>=1/i);
    await page.getByLabel('Plan 1 line 2 rollover expires after', { exact: true }).fill('2');
    await expectNoFieldError(page, 'Plan 1 line 2 rollover expires after');
    await page.locator('[id="setup-plans-0-lines-3-countsTowardMinimum"]').check();

    // Inactive clients billed; one client cancelled with its last billed day, one account excluded.
    await page.getByLabel('Inactive clients', { exact: true }).selectOption('billed');
    await page.getByRole('button', { name: 'Add cancellation', exact: true }).click();
    await page.getByLabel('Cancellation 1 until', { exact: true }).fill('2026-10-14');
    await page.getByLabel('Cancellation 1 reason', { exact: true }).fill('Closed the office');
    await page.getByRole('button', { name: 'Add exclusion', exact: true }).click();
    await page.getByLabel('Exclusion 1 names', { exact: true }).selectOption('account');
    await page.getByLabel('Exclusion 1 account', { exact: true }).fill('HOUSE');
    await page.getByLabel('Exclusion 1 reason', { exact: true }).fill('House account');
    await page.locator('section[aria-label="Billing status"]').scrollIntoViewIfNeeded();

    // A statistic of the setup: an unknown formula is an error at its field; then a real one with a parameter.
    await page.getByRole('button', { name: 'Add statistic', exact: true }).click();
    await page.getByLabel('Statistic 1 id', { exact: true }).fill('LiveWork30');
    await page.getByLabel('Statistic 1 formula', { exact: true }).fill('NoSuchFormula');
    await expectFieldError(page, 'Statistic 1 formula', /no formula NoSuchFormula in the active release/);
    await page.getByLabel('Statistic 1 formula', { exact: true }).fill('SecCalls');
    await expectNoFieldError(page, 'Statistic 1 formula');
    await page.getByLabel('Statistic 1 new parameter name', { exact: true }).fill('increment_seconds');
    await page.getByRole('button', { name: 'Add parameter', exact: true }).click();
    await page.getByLabel('Statistic 1 parameter increment_seconds', { exact: true }).fill('30');

    // A prepaid block drawn on a line no plan has is an error at its line.
    await page.getByRole('button', { name: 'Add prepaid block', exact: true }).click();
    await page.getByLabel('Prepaid block 1 account', { exact: true }).fill(code);
    await page.getByLabel('Prepaid block 1 units', { exact: true }).fill('1000');
    await page.getByLabel('Prepaid block 1 from', { exact: true }).fill('2026-10-01');
    await page.getByLabel('Prepaid block 1 line', { exact: true }).fill('live');
    await expectFieldError(page, 'Prepaid block 1 line', /prepaid block block-1 draws on line live, which no plan has as a usage line/);
    await page.locator('section[aria-label="Prepaid blocks"]').scrollIntoViewIfNeeded();
    await suite.browser.screenshot('setup-contracts-status');
    await page.getByLabel('Prepaid block 1 line', { exact: true }).fill('live-minutes');
    await expectNoFieldError(page, 'Prepaid block 1 line');

    await expect.poll(() => page.locator('.setup-problem.error').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Submit it for review').waitFor();
    const saved = (await suite.api.get('/api/setups/contracts')).body;
    expect(saved.version).toBe(3);
    const firstClient = (await suite.api.get(`/api/setup-choices?snapshot=${suite.server.snapshotId}`)).body.clients[0].clientNumber;
    const expected = structuredClone(before);
    expected.plans[0].lines[1].rollover = { cap: '500', expiresAfter: 2 };
    expected.plans[0].lines[3].countsTowardMinimum = false;
    expected.billingStatus = {
      inactiveClients: 'billed',
      cancelled: [{ client: firstClient, until: '2026-10-14', reason: 'Closed the office' }],
      excluded: [{ account: 'HOUSE', reason: 'House account' }],
    };
    expected.statistics = [{ id: 'LiveWork30', formula: 'SecCalls', params: { increment_seconds: 30 } }];
    expected.prepaid = [{ id: 'block-1', account: code, line: 'live-minutes', units: '1000', from: '2026-10-01' }];
    expect(parse(saved.text)).toEqual(expected);
  }, 180_000);
});
