/**
 * Followed community libraries in the browser: a bare git repository on this machine stands in for
 * the public library. The workbench follows it, sees an upstream change's SQL, result and money
 * diff (numbers worked out here from the API's own formula runs), moves the pin, adopts the formula
 * as a draft, sees the consensus of variants, and publishes as local branches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact, sum } from '../../engine/rating/money.ts';
import {
  ANSWERED_SETUP,
  clientsOf,
  expectedChange,
  FIXTURE_PATH,
  type PublicLibrary,
  publicLibrary,
  publishUpstreamChange,
  SQL_AFTER,
  SQL_BEFORE,
  valuesOfText,
} from '../server/support/library-repos.ts';
import { apiClient } from '../server/support/test-server.ts';
import { browserSuite } from './support/suite.ts';

/** As the workbench writes money: thousands grouped, two decimals, a sign when asked. */
const money = (text: string, signed = false) => {
  const value = exact(text);
  const [whole, fraction] = value.abs().toFixed(2).split('.');
  const sign = value.isNegative() ? '−' : signed && !value.isZero() ? '+' : '';
  return `${sign}${(whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
};

describe('followed libraries in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let dir: string;
  let library: PublicLibrary;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-web-library-'));
    library = await publicLibrary(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a library, sees an upstream change (SQL, results, money), moves the pin, adopts the formula as a draft and sees the consensus', async () => {
    const { browser, api, server } = suite;
    const { page } = browser;
    const snapshot = server.snapshotId;
    // A billing setup whose invoices are the answered calls at 0.10, approved by another user.
    await api.post('/api/users', { name: 'abe', password: 'a long approver password', role: 'approver' });
    const approver = apiClient(server.url);
    await approver.login('abe', 'a long approver password');
    expect((await api.put('/api/setups/answered', { text: ANSWERED_SETUP }, { 'If-Match': '0' })).status).toBe(200);
    expect((await api.post('/api/setups/answered/versions/1/submit')).status).toBe(200);
    expect((await approver.post('/api/setups/answered/versions/1/approve', {})).status).toBe(200);

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByText('The workspace follows no library yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('community');
    await page.getByLabel('Git URL or folder').fill(library.url);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 30_000 }).toBe('#library/followed/community');
    const pin = library.git(library.url, 'rev-parse', 'HEAD');
    await expect.poll(() => page.locator('.library-pin').textContent(), { timeout: 30_000 }).toBe(pin.slice(0, 7));
    expect(await page.locator('.library-facts').textContent()).toContain('amtelco-be200 0.1.0');
    await browser.screenshot('library-followed');

    const upstream = publishUpstreamChange(library);
    const released = (await api.get('/api/formulas/AnsweredCalls')).body.text;
    const expected = expectedChange(
      await clientsOf(api, snapshot),
      await valuesOfText(api, snapshot, released),
      await valuesOfText(api, snapshot, upstream.answeredCalls),
    );
    expect(expected.accounts.size).toBeGreaterThan(0);

    await page.getByLabel('Price with setup').selectOption('answered');
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const answered = page.locator('.upstream-formula[data-formula="AnsweredCalls"]');
    await answered.waitFor({ timeout: 60_000 });
    expect(await page.locator('.upstream-summary').textContent()).toContain('amtelco-be200 0.1.0 → 0.2.0');
    // The SQL side by side: the pin's line on the left, upstream's on the right.
    await expect.poll(() => answered.locator('.cm-merge-a .cm-changedLine').allTextContents()).toEqual([expect.stringContaining(SQL_BEFORE)]);
    expect(await answered.locator('.cm-merge-b .cm-changedLine').allTextContents()).toEqual([expect.stringContaining(SQL_AFTER)]);
    expect(await page.locator(`.upstream-fixture[data-fixture="${FIXTURE_PATH}"]`).count()).toBe(1);
    // The result diff: the clients that move and the totals, as the formula runs compute them.
    expect(await answered.locator('.moved-clients').textContent()).toBe(String(expected.clients.size));
    expect(await answered.locator('.total-before').textContent()).toBe(expected.totalBefore);
    expect(await answered.locator('.total-after').textContent()).toBe(expected.totalAfter);
    const clientRows = answered.locator('tr[data-client]');
    expect(await clientRows.count()).toBe(Math.min(20, expected.clients.size));
    for (const row of await clientRows.all()) {
      const client = (await row.getAttribute('data-client')) as string;
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(1, 3)).toEqual(expected.clients.get(client));
    }
    // The money diff: the accounts whose invoices move, and the totals.
    expect(await answered.locator('.money-change').textContent()).toBe(`${money(expected.moneyChange, true)} USD`);
    const before = (await answered.locator('.money-before').textContent()) as string;
    const after = (await answered.locator('.money-after').textContent()) as string;
    const plain = (text: string) => text.replace(/ USD$/, '').replaceAll(',', '');
    expect(exact(plain(after)).minus(plain(before)).toFixed(2)).toBe(expected.moneyChange);
    const accountRows = answered.locator('tr[data-account]');
    expect(await accountRows.count()).toBe(Math.min(20, expected.accounts.size));
    for (const row of await accountRows.all()) {
      const account = (await row.getAttribute('data-account')) as string;
      expect((await row.locator('td').allTextContents())[3]).toBe(money(expected.accounts.get(account) as string, true));
    }
    await answered.scrollIntoViewIfNeeded();
    await browser.screenshot('library-upstream-changes');
    expect((await api.get('/api/library/followed')).body.libraries[0].commit).toBe(pin);

    await page.getByRole('button', { name: `Move the pin to ${upstream.head.slice(0, 7)}` }).click();
    await expect.poll(() => page.locator('.library-pin').textContent(), { timeout: 30_000 }).toBe(upstream.head.slice(0, 7));
    // The shipped release has the consensus variant word for word already: adopt AnsweredCalls only.
    const upstreamSection = page.getByRole('region', { name: 'Upstream changes' });
    await upstreamSection
      .getByLabel('Formulas to adopt')
      .getByRole('checkbox', { name: /AnsweredCallsConsensus/ })
      .uncheck();
    await upstreamSection.getByRole('button', { name: 'Adopt 1 formula(s) as drafts' }).click();
    const draftLink = page.getByRole('link', { name: /^Draft #\d+ of AnsweredCalls: open its review$/ });
    await draftLink.waitFor();
    const drafts = (await api.get('/api/drafts?status=editing')).body.drafts as { draftId: number; formulaId: string }[];
    const draft = drafts.find((d) => d.formulaId === 'AnsweredCalls') as { draftId: number };
    expect((await api.get(`/api/drafts/${draft.draftId}`)).body.text).toBe(upstream.answeredCalls);
    expect(await draftLink.getAttribute('href')).toBe(`#grid/formula/AnsweredCalls/draft/${draft.draftId}`);

    // Consensus: both variants of AnsweredCalls at the new pin, and how far apart they are on the snapshot.
    await page.getByRole('button', { name: `Compare the variants on ${snapshot}` }).click();
    const pair = page.locator('.pairs-table tr[data-pair="AnsweredCalls|AnsweredCallsConsensus"]');
    await pair.waitFor({ timeout: 60_000 });
    const [legacy, consensus] = [await valuesOfText(api, snapshot, upstream.answeredCalls), await valuesOfText(api, snapshot, upstream.consensus)];
    const clients = [...new Set([...legacy.keys(), ...consensus.keys()])];
    const gaps = clients.map((clt) => exact(consensus.get(clt) ?? '0').minus(legacy.get(clt) ?? '0'));
    expect(await pair.locator('.clients').textContent()).toBe(String(gaps.filter((gap) => !gap.isZero()).length));
    const net = sum(gaps);
    expect(await pair.locator('.total-change').textContent()).toBe(net.isNegative() ? `−${net.abs()}` : net.isZero() ? '0' : `+${net}`);
    expect(await pair.locator('.absolute').textContent()).toBe(sum(gaps.map((gap) => gap.abs())).toString());
    const consensusRow = page.locator('.consensus-table tr[data-formula="AnsweredCallsConsensus"]');
    expect(await consensusRow.locator('.total').textContent()).toBe(sum([...consensus.values()].map((v) => exact(v))).toString());
    await page.locator('#consensus-title').scrollIntoViewIfNeeded();
    await browser.screenshot('library-consensus');
    // Any formula at the pin can be adopted from the consensus, also long after the pin moved.
    const consensusSection = page.getByRole('region', { name: 'Consensus' });
    await consensusSection.getByText('Adopt formulas at the pin as drafts').click();
    await consensusSection.getByRole('checkbox', { name: /AnsweredCallsConsensus/ }).check();
    await consensusSection.getByRole('button', { name: 'Adopt 1 formula(s) as drafts' }).click();
    await consensusSection.getByText('AnsweredCallsConsensus: the release already has this very text; no draft.').waitFor();

    // Publishing: a proposal and the site's adoption record, each a local branch; nothing pushed.
    await page.getByLabel('Formulas to propose').fill('CallsConsensus');
    await page.getByRole('button', { name: 'Make the branch' }).click();
    const proposed = page.getByRole('form', { name: 'Propose released formulas' }).locator('.branch-made');
    await proposed.waitFor();
    const branch = (await proposed.locator('.branch-name').textContent()) as string;
    const clone = join(server.dir, 'libraries', 'community');
    expect(await proposed.locator('.push-command').textContent()).toBe(`git -C ${clone} push origin ${branch}`);
    expect(library.git(clone, 'log', '-1', '--format=%s', branch)).toBe('amtelco-be200 0.3.0: CallsConsensus');
    await page.getByLabel('Site', { exact: true }).fill('site-b');
    await page.getByRole('button', { name: 'Record the adoption' }).click();
    const recorded = page.getByRole('form', { name: "Record this site's adoption" }).locator('.branch-made');
    await recorded.waitFor();
    expect(await recorded.textContent()).toContain('adoptions/site-b.yaml');
    expect(
      library
        .git(library.url, 'branch', '--list')
        .split('\n')
        .map((b) => b.trim().replace(/^\* /, '')),
    ).toEqual(['master']);
    await page.locator('#publish-title').scrollIntoViewIfNeeded();
    await browser.screenshot('library-publish');
  });

  it('shows why a library cannot be followed, in the page', async () => {
    const { browser } = suite;
    const { page } = browser;
    // From the bottom of a long library page: the tabs keep their height and take the click.
    await page.getByRole('navigation', { name: 'Library pages' }).getByRole('link', { name: 'Followed libraries' }).click();
    await page.locator('tr[data-library]').first().waitFor();
    await page.getByLabel('Name', { exact: true }).fill('plain');
    await page.getByLabel('Git URL or folder').fill(dir);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.textContent(), { timeout: 30_000 }).toContain('is not a git repository');
    expect(await problem.textContent()).toContain('not_a_repository');
    expect(await page.locator('tr[data-library]').count()).toBe(1);
    await browser.screenshot('library-follow-refused');
    expect(browser.errors.splice(0)).toEqual([expect.stringContaining('422')]);
  });
});
