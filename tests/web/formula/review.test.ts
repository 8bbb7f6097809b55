import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../../engine/diff/delta.ts';
import { resultChanges } from '../../../web/src/formula/result-changes.ts';
import { openInEditor, replaceText } from '../support/formula-editor.ts';
import { browserSuite } from '../support/suite.ts';
import { switchUser } from '../support/workbench.ts';

const AUTHOR = { name: 'ada', password: 'an editor password', role: 'editor' };
const REVIEWER = { name: 'bea', password: 'an approver password', role: 'approver' };
/** Keeps the fixture clients (cltID 1-3) as they are and moves real clients by -2..+2, by cltID. */
const CHANGED_VALUE = 'count(*) + CASE WHEN e.cltId > 3 THEN e.cltId % 5 - 2 ELSE 0 END AS value';

interface ShownChange {
  cltID: number;
  before: string;
  after: string;
  change: string;
  direction: string;
}

/** The result diff's rows as shown, with their exact values. */
async function shownChanges(page: Page): Promise<ShownChange[]> {
  return page.locator('.result-diff-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const delta = row.querySelector('.delta') as HTMLElement;
      return {
        cltID: Number(row.getAttribute('data-clt-id')),
        before: (row.querySelector('.before') as HTMLElement).dataset.value ?? '',
        after: (row.querySelector('.after') as HTMLElement).dataset.value ?? '',
        change: delta.dataset.value ?? '',
        direction: delta.classList.contains('up') ? 'up' : delta.classList.contains('down') ? 'down' : 'none',
      };
    }),
  );
}

describe('the result diff of a review', () => {
  const side = (value: string | undefined) => (value === undefined ? { kind: 'absent' as const } : { kind: 'value' as const, value });
  const delta = (clt: number, before?: string, after?: string): Delta => ({ key: [String(clt)], before: side(before), after: side(after) });

  it('lists the clients that move largest change first, counting a missing side as 0, with an exact total', () => {
    const changes = resultChanges([
      delta(5, '10', '9'),
      delta(6, undefined, '3'),
      delta(7, '0.1', '2.35'),
      delta(8, '4', undefined),
      delta(9, '12345678901234567890', '12345678901234567891.5'),
    ]);
    expect(changes.clients.map((c) => [c.cltID, c.change, c.direction])).toEqual([
      [8, '-4', 'down'],
      [6, '3', 'up'],
      [7, '2.25', 'up'],
      [9, '1.5', 'up'],
      [5, '-1', 'down'],
    ]);
    expect(changes.total).toBe('1.75');
    expect(changes.clients.find((c) => c.cltID === 6)?.before).toBeNull();
  });

  it('leaves out a client whose value is the same number written differently', () => {
    expect(resultChanges([delta(5, '2.50', '2.5')]).clients).toEqual([]);
    expect(resultChanges([]).total).toBe('0');
  });
});

describe('reviewing a draft in the formula editor', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  let draftId = 0;
  beforeAll(async () => {
    for (const user of [AUTHOR, REVIEWER]) expect((await suite.api.post('/api/users', user)).status).toBe(200);
  });

  it('the author (an editor) changes Calls and submits it; the review section shows the change, and no Approve for the author', async () => {
    const { server, browser } = suite;
    const { page } = browser;
    await switchUser(page, server.url, AUTHOR);
    await openInEditor(page, 'Calls');
    await replaceText(page, 'count(*) AS value', CHANGED_VALUE);
    await expect.poll(() => page.locator('.validation').textContent()).toBe('Valid');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Draft #\d+ is in review/);
    draftId = Number(/#(\d+)/.exec((await page.locator('.notice').textContent()) as string)?.[1]);

    const review = page.getByRole('region', { name: `Review of draft #${draftId}` });
    await expect.poll(() => review.locator('.review-status').textContent()).toBe('In review');
    await review.locator('.result-diff').waitFor();
    expect(await review.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await review.locator('.approval-reason').textContent()).toContain('Approving needs the approver role');
    expect(await review.locator('.review-none').textContent()).toBe('No review comments yet.');

    // The author answers by keyboard alone: the labelled comment box, Ctrl+Enter sends.
    await review.getByLabel('Your comment').focus();
    await page.keyboard.type('Real clients move by up to two calls; the fixtures stay.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => review.locator('.review-thread').textContent()).toContain('Real clients move by up to two calls');
    expect(await review.locator('.review .reviewer').allTextContents()).toEqual([AUTHOR.name]);
    expect(await review.getByLabel('Your comment').inputValue()).toBe('');
    await browser.screenshot('editor-review-author');
  });

  it('the approver opens the draft and sees exactly the clients whose values change, with their deltas', async () => {
    const { server, browser, api } = suite;
    const { page } = browser;
    const snapshot = server.snapshotId;
    await switchUser(page, server.url, REVIEWER);
    await openInEditor(page, 'Calls');
    await page.getByLabel('Text to edit').selectOption(String(draftId));
    const review = page.getByRole('region', { name: `Review of draft #${draftId}` });
    await review.locator('.result-diff').waitFor({ timeout: 30_000 });

    // What should move, from the grid: the release's values against the grid with the draft in place.
    const valuesOf = async (draft?: number) => {
      const grid = (await api.get(`/api/grid?snapshot=${snapshot}&columns=Calls&limit=5000${draft ? `&draft=${draft}` : ''}`)).body;
      return new Map<number, string>(grid.rows.map((row: { cltID: number; values: { Calls: string } }) => [row.cltID, row.values.Calls]));
    };
    const [release, withDraft] = [await valuesOf(), await valuesOf(draftId)];
    const moving = [...release]
      .filter(([clt, value]) => withDraft.get(clt) !== value)
      .map(([clt, value]) => ({ cltID: clt, before: value, after: withDraft.get(clt) as string, change: String(Number(withDraft.get(clt)) - Number(value)) }));
    expect(moving.some((m) => Number(m.change) > 0) && moving.some((m) => Number(m.change) < 0)).toBe(true);
    const apiReview = (await api.get(`/api/drafts/${draftId}/review?snapshot=${snapshot}`)).body;
    expect(apiReview.results.map((d: Delta) => Number(d.key[0])).sort((a: number, b: number) => a - b)).toEqual(
      moving.map((m) => m.cltID).sort((a, b) => a - b),
    );

    const shown = await shownChanges(page);
    expect(shown.map(({ cltID, before, after, change }) => ({ cltID, before, after, change })).sort((a, b) => a.cltID - b.cltID)).toEqual(
      moving.sort((a, b) => a.cltID - b.cltID),
    );
    for (const row of shown) expect(row.direction).toBe(Number(row.change) > 0 ? 'up' : 'down');
    const magnitudes = shown.map((row) => Math.abs(Number(row.change)));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    const total = moving.reduce((sum, m) => sum + Number(m.change), 0);
    expect(await review.locator('.moved-count').textContent()).toBe(`${moving.length} clients move`);
    expect(await review.locator('.total-change').getAttribute('data-value')).toBe(String(total));
    // Client numbers and names, not bare ids.
    const firstClient = (await api.get(`/api/grid?snapshot=${snapshot}&columns=Calls&limit=5000`)).body.rows.find(
      (row: { cltID: number }) => row.cltID === shown[0]?.cltID,
    );
    expect(await review.locator('.result-diff-table tbody th').first().textContent()).toBe(`${firstClient.clientNumber} · ${firstClient.name}`);

    // The SQL diff marks the changed line of the draft.
    await expect
      .poll(async () => (await review.locator('.review-sql-diff .cm-merge-b .cm-changedLine').allTextContents()).join('\n'))
      .toContain('CASE WHEN e.cltId > 3');
    await review.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await browser.screenshot('editor-review-diff');
  });

  it('the approver comments, sees the comment listed, approves, and sees the status become approved', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    const review = page.getByRole('region', { name: `Review of draft #${draftId}` });
    await review.getByLabel('Your comment').fill('Checked the moving clients against the grid.');
    await review.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => review.locator('.review .reviewer').allTextContents()).toEqual([AUTHOR.name, REVIEWER.name]);
    expect(await review.locator('.review').last().textContent()).toContain('commented');
    expect(await review.locator('.review').last().textContent()).toContain('Checked the moving clients against the grid.');
    await expect.poll(() => page.locator('.notice').textContent()).toBe(`Your comment on draft #${draftId} is recorded`);
    expect(await review.locator('.review-status').textContent()).toBe('In review');

    await review.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => review.locator('.review-status').textContent()).toMatch(/^Approved as version [0-9a-f]{16}$/);
    await expect.poll(() => page.locator('.source-description').textContent()).toContain('approved');
    expect(await review.locator('.review').last().textContent()).toContain('approved');
    // An approved draft keeps its review section, read-only.
    expect(await review.getByLabel('Your comment').count()).toBe(0);
    expect(await review.locator('.result-diff-table tbody tr').count()).toBeGreaterThan(0);
    const stored = (await api.get(`/api/drafts/${draftId}`)).body;
    expect(stored.status).toBe('approved');
    expect(stored.reviews.map((r: { reviewer: string; verdict: string }) => `${r.reviewer}:${r.verdict}`)).toEqual([
      'ada:comment',
      'bea:comment',
      'bea:approve',
    ]);
    await review.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await browser.screenshot('editor-review-approved');
  });

  it('says when no client changes, and shows the server’s reason when an approval is refused', async () => {
    const { browser, api } = suite;
    const { page } = browser;
    // Another draft, changing only a comment: no client moves. Its author withdraws it while it is open.
    const { text } = (await api.get('/api/formulas/Calls')).body;
    const draft = (await api.post('/api/drafts', { formulaId: 'Calls', text: text.replace('-- A call is counted', '-- Reworded: a call is counted') })).body;
    expect((await api.post(`/api/drafts/${draft.draftId}/submit`)).status).toBe(200);
    await page.reload();
    await openInEditor(page, 'Calls');
    await page.getByLabel('Text to edit').selectOption(String(draft.draftId));
    const review = page.getByRole('region', { name: `Review of draft #${draft.draftId}` });
    await review.locator('.result-diff').waitFor({ timeout: 30_000 });
    expect(await review.locator('.result-diff .state-empty').textContent()).toContain('No client changes on this snapshot');
    expect(await review.locator('.result-diff-table').count()).toBe(0);

    expect((await api.post(`/api/drafts/${draft.draftId}/withdraw`)).status).toBe(200);
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => review.locator('.problem-detail').textContent())
      .toBe(`draft ${draft.draftId} is withdrawn; only a draft in review can be approved`);
    expect(await review.locator('.problem-title').textContent()).toBe('The review was not recorded');
    await review.locator('.review-form').evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await browser.screenshot('editor-review-refused');
    browser.errors.splice(0).forEach((error) => {
      expect(error).toContain('409 (Conflict)');
    });
  });
});
