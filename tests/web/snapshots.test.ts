import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoFixture, type DemoFixture } from '../snapshots/sources/demo-fixture.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from '../snapshots/sources/pg-testbed.ts';
import { focusedAttribute, focusVisible, openViewByKeyboard, tabTo } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';
import { switchUser } from './support/workbench.ts';

const PASSWORD = 'web-never-shown-51d9';
const thousands = (n: number) => n.toLocaleString('en-US');

describe('the snapshots view in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  /** The tiny demo IS database in a fresh PostgreSQL database, as the extraction tests seed it. */
  let demo: DemoFixture;
  let testbed: PgTestbed;
  beforeAll(async () => {
    demo = await openDemoFixture({ seed: 21 });
    testbed = await createPgTestbed(demo);
  });
  afterAll(async () => {
    await testbed?.close();
    demo?.close();
  });

  const demoForm = () => suite.browser.page.getByRole('form', { name: 'Create a demo snapshot' });
  const extractForm = () => suite.browser.page.getByRole('form', { name: 'Extract a snapshot from a live IS database' });
  const snapshotIds = async (): Promise<string[]> => (await suite.api.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id);

  it('creates a demo snapshot with live progress, lists it and offers it in the snapshot picker', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'Snapshots' }).click();
    expect(await page.locator('.snapshots-table tbody tr[data-snapshot]').count()).toBe(1);
    await demoForm().getByLabel('Period').fill('2026-09-01..2026-09-03');
    await demoForm().getByLabel('Seed').fill('11');
    const progressSeen: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/events')) progressSeen.push(response.url());
    });
    await page.getByRole('button', { name: 'Create demo snapshot' }).click();
    await demoForm().locator('.job-progress').waitFor();
    await expect.poll(() => page.locator('.snapshots-table tbody tr[data-snapshot]').count(), { timeout: 60_000 }).toBe(2);
    expect(await demoForm().locator('.job-progress').textContent()).toContain('succeeded');
    expect(progressSeen.length).toBeGreaterThan(0);

    const created = (await api.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id) as string[];
    const fresh = created.find((id) => id !== suite.server.snapshotId) as string;
    expect(await page.locator(`tr[data-snapshot="${fresh}"] td`).first().textContent()).toBe('2026-09-01 – 2026-09-03');
    expect(await page.getByLabel('Snapshot', { exact: true }).locator('option').allTextContents()).toContain(`${fresh} · 2026-09-01 – 2026-09-03`);
    // The grid keeps its snapshot: a new one is offered, not switched to.
    expect(await page.getByLabel('Snapshot', { exact: true }).inputValue()).toBe(suite.server.snapshotId);
    await browser.screenshot('snapshots-demo-created');
  });

  it('extracts a period from PostgreSQL with live progress, lists the new snapshot with its rows, and never shows the password', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const before = await snapshotIds();
    const form = extractForm();
    await form.getByLabel('Source URL').fill(`postgres://${testbed.user}@${PG_HOST}:${PG_PORT}/${testbed.database}`);
    await form.getByLabel('Source password').fill(PASSWORD);
    expect(await form.getByLabel('Source password').getAttribute('type')).toBe('password');
    await form.getByLabel('Period to extract').fill('2026-10-01..2026-10-07');
    await form.getByRole('button', { name: 'Extract snapshot' }).click();
    await form.locator('.job-progress').waitFor();
    await expect.poll(() => form.locator('.job-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');

    const extracted = (await snapshotIds()).find((id) => !before.includes(id)) as string;
    expect(extracted).toBeTruthy();
    const row = page.locator(`tr[data-snapshot="${extracted}"]`);
    await row.waitFor();
    const expectedRows = Object.values(demo.expected).reduce((sum, table) => sum + table.rows, 0);
    expect(await row.locator('td').nth(0).textContent()).toBe('2026-10-01 – 2026-10-07');
    expect(await row.locator('td').nth(1).textContent()).toBe('postgresql');
    expect(await row.locator('td').nth(3).textContent()).toBe(thousands(demo.expected.cltClients?.rows ?? -1));
    expect(await row.locator('td').nth(4).textContent()).toBe(thousands(expectedRows));

    await row.getByRole('button', { name: `Details of ${extracted}` }).click();
    const details = page.locator(`tr[data-details-of="${extracted}"]`);
    await details.locator('.snapshot-tables').waitFor();
    const manifest = (await api.get(`/api/snapshots/${extracted}`)).body;
    expect(await details.locator('.content-hash').textContent()).toBe(manifest.contentHash);
    expect(await details.locator('.detail-source').textContent()).toBe(`postgresql ${PG_HOST}:${PG_PORT} / ${testbed.database}`);
    for (const [table, stats] of Object.entries(demo.expected)) {
      expect(await details.locator(`tr[data-table="${table}"] td.num`).textContent(), table).toBe(thousands(stats.rows));
    }
    // The password is never echoed: not in the page, and cleared from its field once the snapshot exists.
    expect(await form.getByLabel('Source password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(PASSWORD);
    await browser.screenshot('snapshots-extracted-from-postgres');
  });

  it('says clearly why an extraction failed when the source cannot be reached, using the keyboard only', async () => {
    const { browser } = suite;
    const { page } = browser;
    const before = await snapshotIds();
    const form = extractForm();
    await form.getByLabel('Source URL').fill('');
    await form.getByLabel('Source URL').focus();
    // Port 1 on this machine refuses connections: the job fails at once with the server named.
    await page.keyboard.type(`postgres://${testbed.user}@${PG_HOST}:1/${testbed.database}`);
    await page.keyboard.press('Tab');
    expect(await focusedAttribute(page, 'name')).toBe('source-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    const problem = form.getByRole('alert');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.locator('.problem-title').textContent()).toBe('The snapshot was not extracted');
    expect(await problem.locator('.problem-detail').textContent()).toContain(`Cannot connect to postgresql ${PG_HOST}:1/${testbed.database}`);
    expect(await problem.locator('code').textContent()).toBe('source_unreachable');
    expect(await form.locator('.job-progress').getAttribute('data-status')).toBe('failed');
    expect(await page.content()).not.toContain(PASSWORD);
    expect(await snapshotIds()).toEqual(before);
    await browser.screenshot('snapshots-extraction-unreachable');
  });

  it('deletes a snapshot only after it is confirmed, and it leaves the list', async () => {
    const { browser } = suite;
    const { page } = browser;
    const victim = (await snapshotIds()).find((id) => id.startsWith('demo-tiny-2026-09')) as string;
    const row = page.locator(`tr[data-snapshot="${victim}"]`);
    const button = row.getByRole('button', { name: `Delete snapshot ${victim}` });
    // The snapshot open in the workbench cannot be deleted from under it.
    expect(await page.getByRole('button', { name: `Delete snapshot ${suite.server.snapshotId}` }).isDisabled()).toBe(true);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await button.click();
    expect(await snapshotIds()).toContain(victim);
    expect(await row.count()).toBe(1);

    const confirmations: string[] = [];
    page.once('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await button.click();
    await row.waitFor({ state: 'detached' });
    expect(confirmations[0]).toContain(`Delete snapshot ${victim}?`);
    expect(await page.locator('.snapshots .view-status').textContent()).toBe(`Deleted snapshot ${victim}.`);
    expect(await snapshotIds()).not.toContain(victim);
    expect(await page.getByLabel('Snapshot', { exact: true }).locator('option').allTextContents()).not.toContain(expect.stringContaining(victim));
    await browser.screenshot('snapshots-deleted');
  });

  it("shows a snapshot's manifest with the keyboard alone: Tab from the top bar to its Details button, Enter", async () => {
    const { browser, server } = suite;
    const { page } = browser;
    await openViewByKeyboard(page, 'Snapshots');
    const details = page.getByRole('button', { name: `Details of ${server.snapshotId}` });
    await tabTo(page, details);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-details-of="${server.snapshotId}"] .content-hash`).waitFor();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-details-of="${server.snapshotId}"]`).waitFor({ state: 'detached' });
  });

  it('offers an editor the demo form and the manifests, but neither extraction nor deletion (admin only on the server)', async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    const editor = { name: 'edna', password: 'a long editor password' };
    expect((await api.post('/api/users', { ...editor, role: 'editor' })).status).toBe(200);
    await switchUser(page, server.url, editor);
    await page.getByRole('link', { name: 'Snapshots' }).click();
    await page.getByText('Extracting from a live IS database needs the admin role.').waitFor();
    expect(await extractForm().count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Delete snapshot/ }).count()).toBe(0);
    expect(await demoForm().getByRole('button', { name: 'Create demo snapshot' }).isEnabled()).toBe(true);
    const row = page.locator(`tr[data-snapshot="${server.snapshotId}"]`);
    await row.getByRole('button', { name: `Details of ${server.snapshotId}` }).press('Enter');
    await page.locator(`tr[data-details-of="${server.snapshotId}"] .content-hash`).waitFor();
    expect(await row.getByRole('button', { name: `Details of ${server.snapshotId}` }).getAttribute('aria-expanded')).toBe('true');
    await browser.screenshot('snapshots-as-editor');
  });
});
