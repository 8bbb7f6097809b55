import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../server/support/test-server.ts';
import { openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { ADMIN, gridReady, switchUser } from './support/workbench.ts';

const CLERK = { name: 'clerk', password: 'a long clerk password' };

describe('the admin view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  const row = (page: Page, name: string) => page.locator(`.users-table tr[data-user="${name}"]`);

  it('adds a user with a role using the keyboard alone, and they can log in', async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Admin');
    await row(page, ADMIN.name).waitFor();
    expect(await page.getByLabel('Snapshot', { exact: true }).count()).toBe(0); // no snapshot picker where none is used
    await tabTo(page, page.getByLabel("New user's name"));
    await page.keyboard.type(CLERK.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CLERK.password);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // viewer -> editor
    await tabTo(page, page.getByRole('button', { name: 'Add user' }));
    await page.keyboard.press('Enter');

    await row(page, CLERK.name).waitFor();
    expect(await row(page, CLERK.name).getByRole('combobox', { name: 'Role of clerk' }).inputValue()).toBe('editor');
    expect(await row(page, CLERK.name).locator('td').nth(1).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await row(page, CLERK.name).locator('.user-status').textContent()).toBe('active');
    expect((await api.get('/api/users')).body.users).toContainEqual(expect.objectContaining({ name: CLERK.name, role: 'editor', disabled: false }));
    expect((await apiClient(server.url).login(CLERK.name, CLERK.password)).status).toBe(200);
    // The audit log below shows the addition, newest first.
    await expect.poll(() => page.locator('.audit-table tbody tr').first().textContent()).toContain('user.create');
    await browser.screenshot('admin-user-added');
  });

  it("changes a user's role, disables them so their login fails, and shows both in the audit log", async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    const clerk = row(page, CLERK.name);
    await clerk.getByRole('combobox', { name: 'Role of clerk' }).selectOption('approver');
    await clerk.getByRole('button', { name: 'Save role of clerk' }).click();
    await expect.poll(() => page.locator('.admin .view-status').textContent()).toBe('clerk is now approver.');
    expect((await api.get('/api/users')).body.users).toContainEqual(expect.objectContaining({ name: CLERK.name, role: 'approver' }));

    await clerk.getByRole('button', { name: 'Disable clerk' }).click();
    await expect.poll(() => clerk.locator('.user-status').textContent()).toBe('disabled');
    expect(await clerk.getByRole('button', { name: 'Enable clerk' }).isVisible()).toBe(true);
    expect((await apiClient(server.url).login(CLERK.name, CLERK.password)).body).toMatchObject({ status: 401, code: 'bad_credentials' });

    const newest = page.locator('.audit-table tbody tr');
    await expect.poll(() => newest.first().textContent()).toContain('disabled: false → true');
    expect(await newest.nth(1).textContent()).toContain('role: editor → approver');
    await browser.screenshot('admin-user-disabled');

    await clerk.getByRole('button', { name: 'Enable clerk' }).click();
    await expect.poll(() => clerk.locator('.user-status').textContent()).toBe('active');
    expect((await apiClient(server.url).login(CLERK.name, CLERK.password)).status).toBe(200);
  });

  it('refuses to demote the last administrator, with the reason, and keeps their role', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const admin = row(page, ADMIN.name);
    await admin.getByRole('combobox', { name: 'Role of admin' }).selectOption('editor');
    await admin.getByRole('button', { name: 'Save role of admin' }).click();
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain('admin is the last active administrator');
    expect(await problem.locator('code').textContent()).toBe('last_admin');
    await expect.poll(() => admin.getByRole('combobox', { name: 'Role of admin' }).inputValue()).toBe('admin');
    expect((await api.get('/api/users')).body.users).toContainEqual(expect.objectContaining({ name: ADMIN.name, role: 'admin', disabled: false }));
    await browser.screenshot('admin-last-admin-refused');
    // Chrome logs every failed request; this 409 is the one the test asked for.
    expect(browser.errors.splice(0)).toEqual([expect.stringContaining('409 (Conflict)')]);
  });

  it('pages through the audit log newest first with "Load older entries"', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    for (let i = 0; i < 55; i++) await api.post('/api/tokens', { name: `script ${i}` }); // each one audited
    await page.getByRole('button', { name: 'Refresh' }).click();
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.first().textContent()).toContain('token:script 54');
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load older entries' }).click();
    const total = (await api.get('/api/audit?limit=1000')).body.entries.length as number;
    await expect.poll(() => rows.count()).toBe(total);
    const seqs = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))))) as number[];
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await page.locator('.audit-more').textContent()).toContain('the beginning of the log');
    await browser.screenshot('admin-audit-paged');
  });

  it('shows the Admin view only to administrators', async () => {
    const { browser, server } = suite;
    const { page } = browser;
    await switchUser(page, server.url, CLERK);
    expect(await page.getByRole('navigation', { name: 'Views' }).getByRole('link').allTextContents()).not.toContain('Admin');
    await page.goto(`${server.url}/#admin`);
    await gridReady(page);
    expect(await page.locator('.admin').count()).toBe(0);
    await browser.screenshot('admin-hidden-for-approver');
  });
});
