/**
 * The customer portal in the browser, desktop and a 390 px phone: an administrator opens it in the
 * Admin view (a blank title refused at its field), invites a client user scoped to two clients (a
 * client number and a billing code) and copies the link; the client accepts it, logs in and sees
 * the statistics of a finalised period equal to the quantities its invoices were rated on, a daily
 * trend whose table equals per-day plain SQL on the snapshot, the rows behind a number adding up to
 * it, and its invoices; another client's data is out of reach by changing the address; axe finds
 * no violation on any portal page. Screenshots of each page are kept (test-artifacts/web/portal-*).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshotSandbox, type Sandbox } from '../../engine/formulas/sandbox.ts';
import { listClients } from '../../engine/rating/clients.ts';
import type { ClientInfo } from '../../engine/rating/model.ts';
import { exact } from '../../engine/rating/money.ts';
import { snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import { waitForJob } from '../server/support/test-server.ts';
import { axeViolations } from './support/axe.ts';
import { blurAll, focusVisible, tabTo } from './support/keyboard.ts';
import { saveSetup } from './support/billing-setup.ts';
import { type Browser, openBrowser } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const CLIENT = { name: 'pat.client', password: 'a long client password' };
/** Published with titles a client reads: two billed by the example setup (their invoice quantities), one not. */
const PUBLISHED = [
  { id: 'MsgDlvrd', title: 'Messages delivered', unit: 'messages' },
  { id: 'SelPatches', title: 'Patched calls', unit: 'calls' },
  { id: 'Calls', title: 'All calls', unit: 'calls' },
] as const;
const BILLED = ['MsgDlvrd', 'SelPatches'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe('the customer portal in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let client: Browser;
  let page: Page;
  let whole: Sandbox;
  let clients: readonly ClientInfo[];
  let mine: ClientInfo[];
  let other: ClientInfo;
  let run: string;
  let inviteUrl: string;
  let stamps: { start: string; end: string };
  /** The current month's snapshot, as the portal's refresh made it, read with plain SQL. */
  let current: { period: string; sandbox: Sandbox; stamps: { start: string; end: string } } | undefined;
  /** The service's logo, a PNG drawn in the browser (base64). */
  let logo: string;

  const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(exact(value)), exact(0)).toFixed();
  const plain = (sql: string) => whole.query(sql, { values: {}, types: {} }, 'plain SQL');
  const go = async (hash: string) => {
    await page.evaluate((to) => {
      location.hash = to;
    }, hash);
  };
  const noViolations = async (where: string) => expect(await axeViolations(page), `axe on ${where}`).toEqual([]);
  /** A screenshot of the page from its top. */
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await client.screenshot(name);
  };
  /** The page's width fits the window: nothing to scroll sideways but inside a table's own region. */
  const fitsWidth = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  beforeAll(async () => {
    const { api, server } = suite;
    await saveSetup(suite, 'standard');
    const started = await api.post('/api/runs', { snapshot: server.snapshotId, setup: 'standard' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const job = await waitForJob(api, started.body.id, 120_000);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    run = job.result.run;
    expect((await api.post(`/api/runs/${run}/finalise`, {})).status).toBe(200);
    whole = await openSnapshotSandbox(snapshotDataFile(server.context.workspace, server.snapshotId));
    clients = await listClients(whole);
    mine = clients.filter((c) => c.clientNumber === '1005' || c.billingCode === 'BC001024');
    expect(mine.map((c) => c.clientNumber)).toEqual(['1005', '1024']);
    other = clients.find((c) => c.billingCode === 'BC001002') as ClientInfo;
    const manifest = (await api.get(`/api/snapshots/${server.snapshotId}`)).body;
    stamps = manifest.period ?? manifest.manifest.period;
    client = await openBrowser(server.url);
    page = client.page;
  }, 300_000);
  afterAll(async () => {
    whole?.close();
    current?.sandbox.close();
    await client?.close();
  });
  afterEach(() => {
    expect(client?.errors ?? [], "console errors and uncaught exceptions on the client's page").toEqual([]);
  });

  it('opens the portal in the Admin view with the statistics it publishes; a blank title is refused at its field', async () => {
    const admin = suite.browser.page;
    await admin.getByRole('link', { name: 'Admin' }).click();
    const panel = admin.getByRole('region', { name: 'Customer portal' });
    await panel.getByLabel('Open the portal to client users').check();
    await panel.getByLabel('Name clients see').fill('Northwind Answering');
    await panel.getByLabel('Main colour', { exact: true }).fill('#0b5c4a');
    await panel.getByLabel('Accent colour', { exact: true }).fill('#b35c00');
    for (const [i, statistic] of PUBLISHED.entries()) {
      if (i >= (await panel.locator('.portal-statistics tbody tr').count())) await panel.getByRole('button', { name: 'Add statistic' }).click();
      await panel.getByLabel(`Published statistic ${i + 1}`, { exact: true }).selectOption(statistic.id);
      await panel.getByLabel(`Published statistic ${i + 1} title`).fill(statistic.title);
      await panel.getByLabel(`Published statistic ${i + 1} unit`).fill(statistic.unit);
    }
    while ((await panel.locator('.portal-statistics tbody tr').count()) > PUBLISHED.length)
      await panel.getByRole('button', { name: `Remove published statistic ${PUBLISHED.length + 1}` }).click();

    logo = await admin.evaluate(() => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 132, height: 40 });
      const draw = canvas.getContext('2d') as CanvasRenderingContext2D;
      draw.fillStyle = '#0b5c4a';
      draw.beginPath();
      draw.arc(20, 20, 16, 0, 2 * Math.PI);
      draw.fill();
      draw.font = 'bold 18px sans-serif';
      draw.fillText('Northwind', 42, 27);
      return canvas.toDataURL('image/png').replace('data:image/png;base64,', '');
    });
    await panel.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(logo, 'base64') });
    await panel.getByAltText("The portal's logo").waitFor();
    await panel.getByLabel('Published statistic 2 title').fill(' ');
    await panel.getByRole('button', { name: 'Save portal settings' }).click();
    const title = panel.getByLabel('Published statistic 2 title');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const message = admin.locator(`#${await title.getAttribute('aria-describedby')}`);
    expect(await message.textContent()).toContain('a title is required');
    expect(suite.browser.errors.splice(0)).toEqual([expect.stringContaining('400 (Bad Request)')]);

    await title.fill(PUBLISHED[1].title);
    await panel.getByRole('button', { name: 'Save portal settings' }).click();
    await panel.getByText('Saved. The portal is open to client users.').waitFor();
    expect(await title.getAttribute('aria-invalid')).toBeNull();
    const { settings } = (await suite.api.get('/api/admin/portal')).body;
    expect(settings).toMatchObject({
      enabled: true,
      publishedStatistics: PUBLISHED,
      branding: { name: 'Northwind Answering', colours: { primary: '#0b5c4a' } },
    });
    // Opened again, each row shows the statistic saved in it.
    await admin.reload();
    await admin.getByRole('link', { name: 'Admin' }).click();
    for (const [i, statistic] of PUBLISHED.entries())
      await expect.poll(() => panel.getByLabel(`Published statistic ${i + 1}`, { exact: true }).inputValue()).toBe(statistic.id);
    // The current month read now (the demo data), so the portal has this period so far beside the finalised one.
    await panel.getByRole('button', { name: 'Update the current month now' }).click();
    await panel.getByText('The current month is read again.').waitFor({ timeout: 120_000 });
    await expect.poll(() => panel.locator('.portal-admin-freshness').textContent()).toMatch(/data as of \d{4}-\d\d-\d\d \d\d:\d\d UTC \(fresh\)/);
    await admin.locator('#admin-portal-title').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await suite.browser.screenshot('portal-admin-settings');
  });

  it('invites a client user scoped to a client number and a billing code, refusing an unknown client at its field, and shows the link to copy', async () => {
    const admin = suite.browser.page;
    const panel = admin.getByRole('region', { name: 'Customer portal' });
    await panel.getByLabel('Client numbers').fill('1005, 99999999');
    await panel.getByRole('button', { name: 'Create invite' }).click();
    const numbers = panel.getByLabel('Client numbers');
    await expect.poll(() => numbers.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator(`#${await numbers.getAttribute('aria-describedby')}`).textContent()).toContain('99999999');
    expect(suite.browser.errors.splice(0)).toEqual([expect.stringContaining('400 (Bad Request)')]);

    await numbers.fill('1005');
    await panel.getByLabel('Billing codes').fill('BC001024');
    await panel.getByRole('button', { name: 'Create invite' }).click();
    const link = panel.getByLabel(/Send this link to the client/);
    await link.waitFor();
    inviteUrl = await link.inputValue();
    expect(inviteUrl.startsWith(new URL('/portal#invite/', suite.server.url).href)).toBe(true);
    await panel.getByRole('button', { name: 'Copy link' }).click();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    await expect.poll(() => panel.locator('.client-invites-table .invite-state').first().textContent()).toBe('open');
    expect(await panel.locator('.client-invites-table tbody tr').first().textContent()).toContain('client 1005; billing code BC001024');
    await panel.getByRole('heading', { name: 'Invite a client user' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await suite.browser.screenshot('portal-admin-invite');
  });

  it('lets the client accept the invite and log in, on pages axe finds nothing wrong with', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(inviteUrl);
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await page.getByText('Northwind Answering invites you').waitFor();
    expect(await page.locator('.portal-card').textContent()).toContain('client 1005');
    await noViolations('the invitation');
    await shot('portal-invite');
    await page.getByLabel('Your name to log in with').fill(CLIENT.name);
    await page.getByLabel('Password', { exact: true }).fill(CLIENT.password);
    await page.getByLabel('Repeat the password').fill('not the same password');
    await page.getByRole('button', { name: 'Create my account' }).click();
    expect(await page.getByLabel('Repeat the password').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Repeat the password').fill(CLIENT.password);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByText(`Welcome, ${CLIENT.name}`).waitFor();
    await page.getByRole('button', { name: 'Go to the login page' }).click();

    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await noViolations('the login page');
    await shot('portal-login');
    await page.getByLabel('Name').fill(CLIENT.name);
    await page.getByLabel('Password').fill(CLIENT.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    expect(await page.locator('.portal-service').textContent()).toBe('Northwind Answering');
    expect(await page.locator('.portal-logo').getAttribute('src')).toBe(`data:image/png;base64,${logo}`);
    // The brand's colour on the header, with text that reads on it.
    expect(await page.locator('.portal-header').evaluate((header) => getComputedStyle(header).backgroundColor)).toBe('rgb(11, 92, 74)');
    // A bookmark opened in another tab finds the session too.
    const tab = await page.context().newPage();
    await tab.goto(page.url().replace(/#.*$/, '#invoices'));
    await tab.getByRole('heading', { name: 'Invoices' }).waitFor();
    expect(await tab.getByRole('heading', { name: 'Log in' }).count()).toBe(0);
    await tab.close();
  });

  for (const viewport of ['desktop', 'phone'] as const) {
    describe(`on a ${viewport}`, () => {
      beforeAll(async () => {
        await page.setViewportSize(viewport === 'phone' ? PHONE : DESKTOP);
      });

      it('shows the finalised period’s statistics equal to the quantities its invoices were rated on', async () => {
        await go('statistics/2026-10');
        const tables = page.locator('.statistics-table');
        await tables.first().waitFor();
        expect(await tables.evaluateAll((found) => found.map((table) => table.getAttribute('data-client')))).toEqual(['1005', '1024']);
        await page.getByText('finalised — these are the quantities on your invoices.').waitFor();

        const quantities = await invoiceQuantities();
        const calls = await callsByClient();
        for (const own of mine) {
          const table = page.locator(`.statistics-table[data-client="${own.clientNumber}"]`);
          for (const statistic of PUBLISHED) {
            const cell = table.locator(`tr[data-statistic="${statistic.id}"] td.value`);
            const expected = BILLED.includes(statistic.id) ? quantities.get(own.clientNumber)?.get(statistic.id) : (calls.get(own.clientNumber) ?? '0');
            expect({ client: own.clientNumber, statistic: statistic.id, value: await cell.getAttribute('data-value') }).toEqual({
              client: own.clientNumber,
              statistic: statistic.id,
              value: expected,
            });
            expect((await cell.textContent())?.replaceAll(',', '')).toBe(`${expected} ${expected === '1' ? statistic.unit.slice(0, -1) : statistic.unit}`);
            expect(await table.locator(`tr[data-statistic="${statistic.id}"] th`).textContent()).toBe(statistic.title);
          }
        }
        // This period so far: the current month's snapshot, counted here with plain SQL.
        const month = await currentMonth();
        await page.getByLabel('Period', { exact: true }).selectOption(month.period);
        await page.getByText('this period so far; the numbers grow until it ends.').waitFor();
        const soFar = await callsByClient(month);
        for (const own of mine)
          await expect
            .poll(() => page.locator(`.statistics-table[data-client="${own.clientNumber}"] tr[data-statistic="Calls"] td.value`).getAttribute('data-value'))
            .toBe(soFar.get(own.clientNumber) ?? '0');
        await page.getByLabel('Period', { exact: true }).selectOption('2026-10');
        await page.getByText('finalised — these are the quantities on your invoices.').waitFor();

        const { freshness } = await page.evaluate(async () => (await fetch('/api/portal/me')).json());
        expect(freshness.refreshedAt).not.toBeNull();
        expect(await page.locator('.portal-freshness').textContent()).toBe(
          freshness.refreshedAt
            ? `Data as of ${freshness.refreshedAt.slice(0, 10)} ${freshness.refreshedAt.slice(11, 16)} UTC`
            : `The numbers of ${freshness.period} so far are not read yet.`,
        );
        await fitsWidth();
        await noViolations(`the statistics (${viewport})`);
        await shot(`portal-statistics-${viewport}`);
      });

      it('draws the daily trend with a table equal to per-day plain SQL on the snapshot, and the monthly one equal to the statistics', async () => {
        await go('trends/Calls/2026-10');
        const daily = page.getByRole('figure', { name: /per day/ });
        await daily.locator('.ct-bar').first().waitFor({ state: 'attached' });
        await daily.getByText('Show the table').click();
        const expected = await callsPerDay(mine);
        const days = ['01', '02', '03', '04', '05', '06', '07'].map((day) => `2026-10-${day}`);
        // Polled: the chart is drawn as the answer arrives.
        await expect.poll(() => tableRows(daily)).toEqual(days.map((date) => [date, expected.get(date) ?? '0']));
        const rows = await tableRows(daily);
        expect(rows.some(([, value]) => value !== '0')).toBe(true);
        expect(await daily.locator('.ct-bar').count()).toBe(rows.length);
        expect(await daily.locator('.chart-host').getAttribute('aria-label')).toMatch(/^All calls per day, 2026-10, all my clients: 7 days, highest/);

        // One client: the same query for that client alone.
        await page.getByLabel('Client', { exact: true }).selectOption('1024');
        await expect.poll(() => page.evaluate(() => location.hash)).toBe('#trends/Calls/2026-10/1024');
        await expect.poll(() => daily.locator('figcaption').textContent()).toContain('(1024)');
        const forOne = await callsPerDay(mine.filter((c) => c.clientNumber === '1024'));
        await expect.poll(async () => (await tableRows(daily)).map(([date, value]) => value === (forOne.get(date) ?? '0')).every(Boolean)).toBe(true);

        const monthly = page.getByRole('figure', { name: /per month/ });
        await monthly.getByText('Show the table').click();
        const calls = await callsByClient();
        const month = await currentMonth();
        const soFar = await callsByClient(month);
        expect(await tableRows(monthly)).toEqual([
          ['2026-10', calls.get('1024') ?? '0'],
          [month.period, soFar.get('1024') ?? '0'],
        ]);
        await fitsWidth();
        await noViolations(`the trends (${viewport})`);
        await shot(`portal-trends-${viewport}`);
        await page.getByLabel('Client', { exact: true }).selectOption('');
      });

      it('lists the rows behind a number, page by page, adding up to it, and downloads them as CSV', async () => {
        await go('statistics/2026-10');
        const own = mine[0] as ClientInfo;
        const value = await page.locator(`.statistics-table[data-client="${own.clientNumber}"] tr[data-statistic="Calls"] td.value`).getAttribute('data-value');
        await page.getByRole('link', { name: `Details of All calls for ${own.name}` }).click();
        await page.locator('.drilldown-table tbody tr').first().waitFor();
        expect(await page.evaluate(() => location.hash)).toBe(`#drilldown/Calls/2026-10/${own.clientNumber}`);
        expect(await page.locator('.drilldown-sum').getAttribute('data-value')).toBe(value);
        const total = Number(await page.locator('.drilldown-total').getAttribute('data-total'));
        await fitsWidth();
        await noViolations(`the drill-down (${viewport})`);
        await shot(`portal-drilldown-${viewport}`);
        const values: string[] = [];
        for (;;) {
          values.push(...(await page.locator('.drilldown-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value') ?? ''))));
          expect(
            await page
              .locator('.drilldown-table td[data-key="clientNumber"]')
              .evaluateAll((cells) => cells.every((cell) => cell.textContent === cells[0]?.textContent)),
          ).toBe(true);
          const next = page.getByRole('button', { name: 'Next page' });
          if (await next.isDisabled()) break;
          const first = await page.locator('.drilldown-table tbody tr').first().textContent();
          await next.click();
          await expect.poll(() => page.locator('.drilldown-table tbody tr').first().textContent()).not.toBe(first);
        }
        expect(values).toHaveLength(total);
        expect(sum(values)).toBe(value);
        if (viewport === 'desktop') {
          const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
          const lines = (await readDownload(csv)).trim().split(/\r?\n/);
          expect(lines).toHaveLength(total + 1);
          expect(sum(lines.slice(1).map((line) => line.split(',').at(-1) as string))).toBe(value);
          const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX' }).click()]);
          expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
          expect(
            readFileSync((await xlsx.path()) as string)
              .subarray(0, 2)
              .toString(),
          ).toBe('PK');

          // Filtered by a kind: only that kind's rows, counted as the page says.
          const kinds = await page.locator('.drilldown-table td[data-key="kind"]').allTextContents();
          const kind = kinds[0] as string;
          await page.getByLabel('Kind').selectOption(kind);
          await expect.poll(async () => (await page.locator('.drilldown-table td[data-key="kind"]').allTextContents()).every((k) => k === kind)).toBe(true);
          const ofKind = Number(await page.locator('.drilldown-total').getAttribute('data-total'));
          expect(ofKind).toBeGreaterThan(0);
          expect(ofKind).toBeLessThan(total);
          expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain(
            `kind=${encodeURIComponent(kind).replaceAll('%20', '+')}`,
          );
        }
      });

      it('lists the finalised invoices with their PDFs', async () => {
        await go('invoices');
        const rows = page.locator('.invoices-table tbody tr');
        await rows.first().waitFor();
        const accounts = await page.locator('.invoices-table tbody tr td.account').allTextContents();
        // Accounts wholly the user's: every client of the billing code is one of theirs.
        const wholly = (account: string) => clients.filter((c) => c.billingCode === account).every((c) => mine.includes(c));
        const invoiced = ((await suite.api.get(`/api/runs/${run}/invoices`)).body.invoices as { account: string }[]).filter((invoice) =>
          wholly(invoice.account),
        );
        expect(invoiced.length).toBeGreaterThan(0);
        expect(accounts.sort()).toEqual(invoiced.map((invoice) => invoice.account).sort());
        const pdf = await page.locator('.invoices-table tbody tr a').first().getAttribute('href');
        expect(await page.evaluate(async (href) => (await fetch(href as string)).headers.get('content-type'), pdf)).toBe('application/pdf');
        await fitsWidth();
        await noViolations(`the invoices (${viewport})`);
        await shot(`portal-invoices-${viewport}`);
      });
    });
  }

  it('can be used with the keyboard alone: the pages’ links, then a number’s details, each showing its focus', async () => {
    await page.setViewportSize(DESKTOP);
    await go('invoices');
    await page.locator('.invoices-table').waitFor();
    await blurAll(page);
    const statistics = page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Statistics' });
    await tabTo(page, statistics);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const own = mine[1] as ClientInfo;
    const details = page.getByRole('link', { name: `Details of Messages delivered for ${own.name}` });
    await tabTo(page, details);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    // The statistics open on the newest period: this month so far.
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#drilldown/MsgDlvrd/${(await currentMonth()).period}/${own.clientNumber}`);
    await page.locator('.drilldown-table tbody tr').first().waitFor();
  });

  it('keeps another client’s data out of reach when the address names it', async () => {
    await page.setViewportSize(DESKTOP);
    for (const hash of [`drilldown/Calls/2026-10/${other.clientNumber}`, `trends/Calls/2026-10/${other.clientNumber}`]) {
      await go(hash);
      await page.getByText(`Client ${other.clientNumber} is not one of your clients.`).waitFor();
      expect(await page.locator('table').count()).toBe(0);
    }
    await go('statistics/2026-09');
    await page.getByText('There are no statistics for 2026-09.').waitFor();
    await go(`statistics/${suite.server.snapshotId}`);
    await page.getByText(`There are no statistics for ${suite.server.snapshotId}.`).waitFor();
    // A statistic that is not published: the server answers as if it did not exist, and the page says so.
    await go('drilldown/CngClientCalls/2026-10');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The rows could not be read');
    expect(await page.locator('.drilldown-table').count()).toBe(0);
    expect(client.errors.splice(0)).toEqual([expect.stringContaining('404 (Not Found)')]);
    expect(await page.locator('.portal-main').textContent()).not.toContain(other.name);

    // The server refuses the same, asked directly with this session.
    const statusOf = (path: string) => page.evaluate(async (to) => (await fetch(to)).status, path);
    const otherInvoice = ((await suite.api.get(`/api/runs/${run}/invoices`)).body.invoices as { account: string; number: string }[]).find(
      (invoice) => invoice.account === other.billingCode,
    );
    expect(otherInvoice).toBeDefined();
    expect(await statusOf(`/api/portal/drilldown?statistic=Calls&period=2026-10&client=${other.clientNumber}`)).toBe(404);
    expect(await statusOf(`/api/portal/statistics?period=2026-10&client=${other.clientNumber}`)).toBe(404);
    expect(await statusOf(`/api/portal/invoices/${otherInvoice?.number}/pdf`)).toBe(404);
    expect([401, 403]).toContain(await statusOf(`/api/grid?snapshot=${suite.server.snapshotId}&limit=5`));
    client.errors.splice(0); // the browser logs each refused request
  });

  it('shows only the clients of a new scope after the administrator changes it, and ends the session when they disable the user', async () => {
    const admin = suite.browser.page;
    const row = admin.locator(`.client-users-table tr[data-client-user="${CLIENT.name}"]`);
    await admin.getByRole('region', { name: 'Customer portal' }).getByRole('button', { name: 'Create invite' }).scrollIntoViewIfNeeded();
    await admin.reload();
    await row.waitFor();
    // Re-scoped to one client: the portal shows only that one.
    await row.getByLabel(`Billing codes ${CLIENT.name} sees`).fill('');
    await row.getByRole('button', { name: `Save scope of ${CLIENT.name}` }).click();
    await admin.getByText(`${CLIENT.name} now sees 1005.`).waitFor();
    await go('statistics/2026-10');
    await page.reload();
    await page.locator('.statistics-table').first().waitFor();
    expect(await page.locator('.statistics-table').evaluateAll((found) => found.map((table) => table.getAttribute('data-client')))).toEqual(['1005']);
    expect(await page.locator('.portal-main').textContent()).not.toContain((mine[1] as ClientInfo).name);

    await row.getByRole('button', { name: `Disable ${CLIENT.name}` }).click();
    await expect.poll(() => row.locator('.user-status').textContent()).toBe('disabled');
    await go('invoices');
    await page.reload();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    client.errors.splice(0); // the 401 that ended the session

    // The login and an invitation on a phone.
    await page.setViewportSize(PHONE);
    await fitsWidth();
    await noViolations('the login page (phone)');
    await shot('portal-login-phone');
    const another = await suite.api.post('/api/admin/client-invites', { grant: { clientNumbers: ['1005'], billingCodes: [] } });
    expect(another.status, JSON.stringify(another.body)).toBe(201);
    await page.goto(new URL(another.body.url, suite.server.url).href);
    await page.getByText('Northwind Answering invites you').waitFor();
    await fitsWidth();
    await noViolations('the invitation (phone)');
    await shot('portal-invite-phone');
  });

  /** By client number and statistic, the statistic values the run's invoices were rated on. */
  async function invoiceQuantities(): Promise<Map<string, Map<string, string>>> {
    const quantities = new Map<string, Map<string, string>>();
    for (const invoice of (await suite.api.get(`/api/runs/${run}/invoices`)).body.invoices as { account: string }[]) {
      const shown = (await suite.api.get(`/api/runs/${run}/invoices/${encodeURIComponent(invoice.account)}`)).body;
      for (const line of shown.lines)
        for (const step of line.steps ?? []) {
          if (step.kind !== 'statistic') continue;
          if (!quantities.has(step.clientNumber)) quantities.set(step.clientNumber, new Map());
          quantities.get(step.clientNumber)?.set(step.statistic, step.value);
        }
    }
    return quantities;
  }

  /** Calls per client in a month (the finalised one unless given), with plain SQL on its snapshot. */
  async function callsByClient(month = { sandbox: whole, stamps }): Promise<Map<string, string>> {
    const rows = await month.sandbox.query(
      `SELECT c.ClientNumber::VARCHAR AS n, count(*) AS v FROM statCallEnd e JOIN statCallStart s USING (callId) JOIN cltClients c ON c.cltID = e.cltId
       WHERE e.Stamp BETWEEN '${month.stamps.start}' AND '${month.stamps.end}' GROUP BY 1`,
      { values: {}, types: {} },
      'plain SQL',
    );
    return new Map(rows.map((row) => [String(row.n), String(row.v)]));
  }

  /** The current month as the portal lists it, its snapshot opened for plain SQL (once). */
  async function currentMonth(): Promise<NonNullable<typeof current>> {
    if (current) return current;
    const { periods } = await page.evaluate(async () => (await fetch('/api/portal/periods')).json());
    const found = periods.find((period: { kind: string }) => period.kind === 'current');
    expect(found, JSON.stringify(periods)).toBeDefined();
    const manifest = (await suite.api.get(`/api/snapshots/${found.snapshotId}`)).body;
    current = {
      period: found.period,
      sandbox: await openSnapshotSandbox(snapshotDataFile(suite.server.context.workspace, found.snapshotId)),
      stamps: manifest.period ?? manifest.manifest.period,
    };
    return current;
  }

  /** Calls per day of `clients`, with plain SQL on the snapshot. */
  async function callsPerDay(clients: readonly ClientInfo[]): Promise<Map<string, string>> {
    const rows = await plain(
      `SELECT strftime(e.Stamp, '%Y-%m-%d') AS d, count(*) AS n FROM statCallEnd e JOIN statCallStart s USING (callId)
       WHERE e.cltId IN (${clients.map((c) => c.cltID).join(', ')}) AND e.Stamp BETWEEN '${stamps.start}' AND '${stamps.end}' GROUP BY 1`,
    );
    return new Map(rows.map((row) => [String(row.d), String(row.n)]));
  }
});

/** A chart's table as [date, exact value] pairs. */
async function tableRows(figure: ReturnType<Page['getByRole']>): Promise<[string, string][]> {
  return figure
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-date') ?? '', row.querySelector('td')?.getAttribute('data-value') ?? ''] as [string, string]),
    );
}

async function readDownload(download: { path(): Promise<string | null> }): Promise<string> {
  return readFileSync((await download.path()) as string, 'utf8');
}
