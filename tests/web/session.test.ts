import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/suite.ts';
import { ADMIN, gridReady } from './support/workbench.ts';

describe('first start, login and logout in the browser', () => {
  const suite = browserSuite({ administrator: 'none yet' });

  it('creates the administrator on first start and opens the grid logged in, with the role shown', async () => {
    const { server, browser } = suite;
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Create the administrator' }).waitFor();
    await browser.screenshot('setup-screen');
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create administrator and log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('at least 10 characters');

    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator and log in' }).click();
    await gridReady(page);
    expect(await page.locator('.who').textContent()).toBe('admin admin');
    expect(await page.getByLabel('Logged in as admin, role admin').isVisible()).toBe(true);
    await browser.screenshot('setup-done-grid');

    // The workspace has its administrator now: logging out leads to the login form, never back to the setup.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Create the administrator' }).count()).toBe(0);
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await gridReady(page);
  });

  it('stays logged in across a reload, logs out, and logs in again', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.reload();
    await gridReady(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await browser.screenshot('login-screen');
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await gridReady(page);
  });

  it("shows the server's problem detail when a login is refused", async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('.problem-detail').textContent()).toBe('wrong name or password');
    expect(await page.locator('.problem-meta code').textContent()).toBe('bad_credentials');
    await browser.screenshot('login-refused');
    // Chrome logs every failed request; this 401 is the one the test asked for.
    expect(browser.errors.splice(0)).toEqual([expect.stringContaining('401 (Unauthorized)')]);
  });
});
