import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../server/support/test-server.ts';
import { browserSuite } from './support/suite.ts';
import { ADMIN, switchUser } from './support/workbench.ts';

const APPROVER = { name: 'bea', password: 'a long approver password', role: 'approver' } as const;

interface Client {
  readonly clientNumber: string;
  readonly billingCode: string;
}

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

describe('the billing setup editor in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let clients: Client[];
  let code: string;

  beforeAll(async () => {
    expect((await suite.api.post('/api/users', APPROVER)).status).toBe(200);
    const rows = (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&columns=SecCalls&limit=100`)).body.rows as Client[];
    // Two clients and a billing code none of them has, so each assignment is its own scope.
    [code] = [...new Set(rows.map((row) => row.billingCode))].filter((c) => c !== '').slice(-1) as [string];
    clients = rows.filter((row) => row.billingCode !== code).slice(0, 2);
  });

  it('starts from the empty state with the example, builds a plan and its assignments with field errors as it goes, saves, and a second person approves', async () => {
    const { page } = suite.browser;
    // What-if and billing runs say what to do first, with a button that goes there.
    await page.getByRole('link', { name: 'Billing runs' }).click();
    await page.getByText('No billing setup yet: a run needs one, approved by a second person.').waitFor();
    await suite.browser.screenshot('setup-runs-empty');
    await page.getByRole('link', { name: 'What-if' }).click();
    await page.getByText('No billing setup yet.').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('/api/');
    await suite.browser.screenshot('setup-what-if-empty');
    await page.getByRole('button', { name: 'Open the billing setup editor' }).click();
    await page.getByText('No billing setup yet', { exact: true }).waitFor();
    expect(page.url()).toMatch(/#setup$/);
    await suite.browser.screenshot('setup-empty');
    await page.getByRole('button', { name: 'Create a setup from the example' }).click();
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    expect(page.url()).toMatch(/#setup\/standard$/);

    // A plan with a graduated tier and a minimum.
    await page.getByRole('button', { name: 'Add plan' }).click();
    await page.getByLabel('Plan 3 id', { exact: true }).fill('gold plan');
    await expectFieldError(page, 'Plan 3 id', /use letters, digits, _, \. and -/);
    await page.getByLabel('Plan 3 id', { exact: true }).fill('gold');
    await page.getByLabel('Plan 3 name', { exact: true }).fill('Gold, per call with tiers');
    await page.getByLabel('Plan 3 minimum', { exact: true }).fill('120.00');
    await page.locator('fieldset[data-plan="gold"]').getByRole('button', { name: 'Add usage line' }).click();
    await page.getByLabel('Plan 3 line 2 statistic', { exact: true }).fill('SecCalls');
    await page.getByLabel('Plan 3 line 2 pricing', { exact: true }).selectOption('graduated');
    await page.getByLabel('Plan 3 line 2 tier 1 up to', { exact: true }).fill('50');
    await page.getByLabel('Plan 3 line 2 tier 1 price', { exact: true }).fill('1.10');
    await page.getByLabel('Plan 3 line 2 tier 2 price', { exact: true }).fill('0.9x');
    await expectFieldError(page, 'Plan 3 line 2 tier 2 price', /is not a decimal number/);
    await page.getByLabel('Plan 3 line 2 tier 2 price', { exact: true }).fill('0.90');
    await expectNoFieldError(page, 'Plan 3 line 2 tier 2 price');
    // Included units with tiers and no tiersOn: a warning, shown at the field and in the YAML view.
    await page.getByLabel('Plan 3 line 2 included units', { exact: true }).fill('10');
    await page.locator('.field-warning', { hasText: 'without saying how they combine' }).waitFor();

    // Two clients and a billing code on it; an unknown client and inverted dates are errors at their fields.
    const [first, second] = clients as [Client, Client];
    for (let i = 2; i <= 4; i++) {
      await page.getByRole('button', { name: 'Add assignment' }).click();
      await page.getByLabel(`Assignment ${i} plan`, { exact: true }).selectOption('gold');
      await page.getByLabel(`Assignment ${i} from`, { exact: true }).fill('2026-01-01');
    }
    await page.getByLabel('Assignment 2 scope', { exact: true }).selectOption('client');
    await page.getByLabel('Assignment 2 client', { exact: true }).fill('99999');
    await expectFieldError(page, 'Assignment 2 client', /no client 99999 in the snapshot/);
    await suite.browser.screenshot('setup-unknown-client');
    await page.getByLabel('Assignment 2 client', { exact: true }).fill(first.clientNumber);
    await expectNoFieldError(page, 'Assignment 2 client');
    await page.getByLabel('Assignment 3 scope', { exact: true }).selectOption('client');
    await page.getByLabel('Assignment 3 client', { exact: true }).fill(second.clientNumber);
    await page.getByLabel('Assignment 4 scope', { exact: true }).selectOption('billing code');
    await page.getByLabel('Assignment 4 billing code', { exact: true }).fill(code);
    await page.getByLabel('Assignment 4 until', { exact: true }).fill('2025-12-31');
    await expectFieldError(page, 'Assignment 4 until', /until 2025-12-31 is before from 2026-01-01/);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await suite.browser.screenshot('setup-inverted-dates');
    await page.getByLabel('Assignment 4 until', { exact: true }).fill('2026-12-31');
    await expectNoFieldError(page, 'Assignment 4 until');

    // The YAML view and the changes against version 1 show the same edit, the example's comments kept.
    await page.getByRole('tab', { name: 'YAML' }).click();
    await expect.poll(() => page.getByLabel('Setup standard as YAML').textContent()).toContain('id: gold');
    // The new plan is near the end of the text: the editor draws the lines in view.
    await page.getByLabel('Setup standard as YAML').press('Control+End');
    await page.locator('.cm-lint-marker-warning').first().waitFor();
    await suite.browser.screenshot('setup-yaml');
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.locator('.merge-diff').waitFor();
    await suite.browser.screenshot('setup-changes');
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Submit it for review').waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review.').waitFor();
    // The author may not approve their own change.
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await suite.browser.screenshot('setup-submitted');

    const saved = (await suite.api.get('/api/setups/standard')).body;
    expect(saved).toMatchObject({ version: 2, state: 'in_review', author: ADMIN.name });
    expect(saved.text).toContain('# cents, half away from zero');
    const setup = parse(saved.text);
    expect(setup.plans[2]).toEqual({
      id: 'gold',
      name: 'Gold, per call with tiers',
      minimum: { amount: '120.00' },
      lines: [
        { id: 'base', label: 'Monthly service', fee: '0.00' },
        { id: 'usage-2', label: 'Usage', statistic: 'SecCalls', included: '10', graduated: [{ upTo: '50', price: '1.10' }, { price: '0.90' }] },
      ],
    });
    expect(setup.assignments.slice(1)).toEqual([
      { plan: 'gold', scope: { client: first.clientNumber }, from: '2026-01-01' },
      { plan: 'gold', scope: { client: second.clientNumber }, from: '2026-01-01' },
      { plan: 'gold', scope: { billingCode: code }, from: '2026-01-01', until: '2026-12-31' },
    ]);

    // A second person, an approver, approves it with a comment.
    await switchUser(page, suite.server.url, APPROVER);
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByLabel('Review comment').fill('gold plan as agreed with the clients');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved: billing runs use this version.').waitFor();
    await suite.browser.screenshot('setup-approved');
    const approver = apiClient(suite.server.url);
    await approver.login(APPROVER.name, APPROVER.password);
    expect((await approver.get('/api/setups')).body.setups).toEqual([{ name: 'standard', version: 2, state: 'approved', approvedVersion: 2 }]);
    const review = (await approver.get('/api/setups/standard')).body.reviews.at(-1);
    expect(review).toMatchObject({ actor: 'bea', action: 'approve', comment: 'gold plan as agreed with the clients' });
    await switchUser(page, suite.server.url, ADMIN);
  }, 180_000);

  it('has a change rejected with the reason, and billing runs keep the approved version', async () => {
    const { page } = suite.browser;
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByLabel('Plan 1 line 2 tier 1 price', { exact: true }).fill('1.25');
    // Unsaved edits survive a visit to another view.
    await page.getByRole('link', { name: 'What-if' }).click();
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByText('Your unsaved changes to version 2 are back.').waitFor();
    expect(await page.getByLabel('Plan 1 line 2 tier 1 price', { exact: true }).inputValue()).toBe('1.25');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Submit it for review').waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review.').waitFor();

    await switchUser(page, suite.server.url, APPROVER);
    await page.getByRole('link', { name: 'Billing setup' }).click();
    await page.getByRole('heading', { name: /Version 3/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
    await page.getByLabel('Review comment').fill('the live rate stays at 1.15 until January');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Rejected.', { exact: true }).waitFor();
    expect(await page.locator('.setup-versions tr').allTextContents()).toEqual(['3adminrejected', '2adminapproved', '1adminnot submitted']);
    await suite.browser.screenshot('setup-rejected');

    await page.getByRole('link', { name: 'Billing runs' }).click();
    await expect.poll(() => page.getByLabel('Setup', { exact: true }).locator('option').allTextContents()).toEqual(['standard (bills with version 2)']);
    await switchUser(page, suite.server.url, ADMIN);
  }, 120_000);
});
