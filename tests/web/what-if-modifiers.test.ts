import { Decimal } from 'decimal.js';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { moneyText } from '../../web/src/ui/money.ts';
import { approveDoubledFormula } from '../server/support/doubled-formula.ts';
import { EXAMPLE_SETUP, saveSetup } from './support/billing-setup.ts';
import { focusedAttribute } from './support/keyboard.ts';
import { browserSuite } from './support/suite.ts';

type Modifier = { id: string; statistic: string; [key: string]: unknown };
interface Setup {
  plans: { id: string; minimum?: unknown; lines: { id: string; included?: number; tiersOn?: string; price?: string }[] }[];
  modifiers: Modifier[];
}
interface Comparison {
  totals: { before: string; after: string; change: string };
  counts: { up: number; down: number; same: number };
  everyAccount: { account: string; change: string }[];
}

/**
 * The example setup without its plan minimum and included units: on the tiny snapshot every account
 * would otherwise sit at the 150.00 minimum and no usage change would show in its total.
 */
function flatSetup(): Setup {
  const setup = parse(EXAMPLE_SETUP) as Setup;
  const plan = setup.plans.find((p) => p.id === 'standard-250');
  const live = plan?.lines.find((l) => l.id === 'live-minutes');
  if (!plan || !live) throw new Error('examples/billing-setup.yaml has no standard-250 live-minutes line');
  delete plan.minimum;
  // Without included units, how tiers combine with them says nothing (and is refused).
  delete live.included;
  delete live.tiersOn;
  return setup;
}
const SETUP = flatSetup();
const WHOLE_MINUTES = SETUP.modifiers.find((m) => m.id === 'whole-minutes') as Modifier;

/** The live-minutes line as rated by hand: seconds -> minutes rounded up per client, graduated 1.15 to 1000 then 0.99, cents half-up. */
function liveMinutesAmount(secondsPerClient: readonly string[], increment: string): Decimal {
  const minutes = secondsPerClient.reduce((sum, seconds) => sum.plus(new Decimal(seconds).div(60).div(increment).ceil().mul(increment)), new Decimal(0));
  const first = Decimal.min(minutes, 1000).mul('1.15');
  const above = Decimal.max(minutes.minus(1000), 0).mul('0.99');
  return first.plus(above).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

describe('editing modifiers and formulas of a what-if scenario in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  beforeAll(async () => {
    await saveSetup(suite, 'flat', stringify(SETUP));
    // MsgDlvrd counting every delivery twice, approved as version 2 but in no release.
    await approveDoubledFormula(suite.server.url, suite.api, 'MsgDlvrd');
  });

  /** What the view should show: the scenario the view should have saved, saved through the API under another name and compared. */
  const expectedComparison = async (name: string, overlay: Record<string, unknown>): Promise<Comparison> => {
    const { api, server } = suite;
    expect((await api.put(`/api/scenarios/${name}`, { text: stringify({ name, ...overlay }) }, { 'if-match': '0' })).status).toBe(200);
    const response = await api.post('/api/scenarios/compare', { snapshot: server.snapshotId, setup: 'flat', scenario: name, everyAccount: true });
    expect(response.status).toBe(200);
    return response.body as Comparison;
  };

  /** Waits for the view to show the comparison, then checks its totals, counts and every account's delta. */
  const expectShown = async (page: Page, expected: Comparison) => {
    await expect.poll(() => page.locator('.total-after').getAttribute('data-value'), { timeout: 30_000 }).toBe(expected.totals.after);
    expect(await page.locator('.total-before').getAttribute('data-value')).toBe(expected.totals.before);
    expect(await page.locator('.total-change').getAttribute('data-value')).toBe(expected.totals.change);
    expect(await page.locator('.total-change').textContent()).toBe(`${moneyText(expected.totals.change, { signed: true })} USD`);
    expect(await page.locator('.account-counts').textContent()).toBe(
      `${expected.counts.up} up · ${expected.counts.down} down · ${expected.counts.same} unchanged`,
    );
    for (const account of expected.everyAccount)
      expect(await page.locator(`tr[data-account="${account.account}"] .delta`).getAttribute('data-value')).toBe(account.change);
  };

  const createScenario = async (page: Page, name: string) => {
    await page.getByLabel('New scenario name').fill(name);
    await page.getByLabel('New scenario name').press('Enter');
    await expect.poll(() => page.getByLabel('Scenario', { exact: true }).inputValue()).toBe(name);
    await expect.poll(() => page.locator('.total-change').getAttribute('data-value')).toBe('0');
  };

  /** The grid API's rows for some statistics, as the active release computes them. */
  const gridRows = async (columns: string) =>
    (
      (await suite.api.get(`/api/grid?snapshot=${suite.server.snapshotId}&columns=${columns}&limit=5000`)).body as {
        rows: { billingCode: string; values: Record<string, string> }[];
      }
    ).rows;

  /** Chooses the formula computing MsgDlvrd by keyboard: focus the select, pick, Enter applies. */
  const chooseMessagesFormula = async (page: Page, value: string) => {
    const choice = page.getByLabel('MsgDlvrd formula', { exact: true });
    await choice.focus();
    await choice.selectOption(value);
    await choice.press('Enter');
  };

  const savedScenario = async (name: string) => {
    const stored = (await suite.api.get(`/api/scenarios/${name}`)).body as { version: number; text: string };
    return { version: stored.version, doc: parse(stored.text) as Record<string, unknown> };
  };

  it('changes a rounding modifier, adds a cap and removes a modifier, each compared exactly as the API compares it', async () => {
    const { browser } = suite;
    const { page } = browser;
    await page.getByRole('link', { name: 'What-if' }).click();
    await createScenario(page, 'coarser-minutes');

    // A bad value is refused by its field: the error beside it, the text kept, nothing saved.
    const increment = page.getByLabel('whole-minutes increment');
    expect(await increment.inputValue()).toBe('1');
    expect(await page.getByLabel('whole-minutes mode').inputValue()).toBe('up');
    expect(await page.getByLabel('seconds-to-minutes from').inputValue()).toBe('seconds');
    expect(await page.getByLabel('seconds-to-minutes to').inputValue()).toBe('minutes');
    await increment.fill('ten');
    await increment.press('Enter');
    const error = page.locator(`#${await increment.getAttribute('aria-describedby')}`);
    await expect.poll(() => error.textContent()).toBe('"ten" is not a decimal number; write it like 1.15');
    expect(await increment.getAttribute('aria-invalid')).toBe('true');
    expect(await increment.inputValue()).toBe('ten');
    expect((await savedScenario('coarser-minutes')).version).toBe(1);

    // Round each client's minutes up to a quarter hour instead of a minute, by keyboard.
    await increment.fill('15');
    await increment.press('Enter');
    const coarser = { ...WHOLE_MINUTES, round: { increment: '15', mode: 'up' } };
    const expected = await expectedComparison('expected-coarser', { modifiers: [coarser] });
    expect(Number(expected.totals.change)).toBeGreaterThan(0);
    await expectShown(page, expected);
    expect(await page.locator('.total-change').getAttribute('class')).toContain('up');
    expect(await error.count()).toBe(0);
    expect(await focusedAttribute(page, 'aria-label')).toBe('whole-minutes increment');
    expect((await savedScenario('coarser-minutes')).doc).toEqual({ name: 'coarser-minutes', modifiers: [coarser] });
    expect(await page.locator('li[data-modifier="whole-minutes"] .modifier-status').textContent()).toBe('changed');

    // One account's change by hand from the rates: only its live-minutes line moves.
    const account = expected.everyAccount.find((a) => Number(a.change) > 0)?.account as string;
    const seconds = (await gridRows('SelSecDuration')).filter((row) => row.billingCode === account).map((row) => row.values.SelSecDuration as string);
    const byHand = liveMinutesAmount(seconds, '15').minus(liveMinutesAmount(seconds, '1'));
    expect(byHand.gt(0)).toBe(true);
    expect(await page.locator(`tr[data-account="${account}"] .delta`).getAttribute('data-value')).toBe(byHand.toFixed());

    // Add a cap of one hour per client, typing and tabbing through the form.
    await page.getByLabel('Modifier id').fill('cap-hour');
    await page.keyboard.press('Tab');
    await page.keyboard.type('SelSecDuration');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('add-modifier-operation');
    await page.getByLabel('Operation').selectOption('limit');
    await page.getByLabel('New modifier maximum').fill('60');
    await page.getByLabel('New modifier maximum').press('Enter');
    const cap = { id: 'cap-hour', statistic: 'SelSecDuration', order: 10, limit: { max: '60' } };
    const capped = await expectedComparison('expected-capped', { modifiers: [coarser, cap] });
    await expectShown(page, capped);
    expect((await savedScenario('coarser-minutes')).doc).toEqual({ name: 'coarser-minutes', modifiers: [coarser, cap] });
    expect(await page.getByLabel('Modifier id').inputValue()).toBe('');

    // Remove the baseline's rounding altogether (Enter on the focused Remove button).
    await page.getByRole('button', { name: 'Remove whole-minutes' }).focus();
    await page.keyboard.press('Enter');
    const unrounded = await expectedComparison('expected-unrounded', { modifiers: [cap], removeModifiers: ['whole-minutes'] });
    await expectShown(page, unrounded);
    expect(await page.locator('li[data-modifier="whole-minutes"] .modifier-status').textContent()).toBe('removed');
    expect((await savedScenario('coarser-minutes')).doc).toEqual({ name: 'coarser-minutes', modifiers: [cap], removeModifiers: ['whole-minutes'] });
    await browser.screenshot('what-if-modifiers');
  });

  it('swaps messages to their consensus variant: each account changes by the two formulas’ difference times the price', async () => {
    const { browser } = suite;
    const { page } = browser;
    await createScenario(page, 'consensus-messages');

    const choice = page.getByLabel('MsgDlvrd formula', { exact: true });
    await choice.waitFor();
    expect(await choice.inputValue()).toBe('MsgDlvrd');
    await expect
      .poll(() => choice.locator('option').allTextContents())
      .toEqual(['MsgDlvrd v1: active release, baseline', 'MsgDlvrd v2: approved, not released', 'MsgDlvrdConsensus v1: active release']);
    await chooseMessagesFormula(page, 'MsgDlvrdConsensus');

    const expected = await expectedComparison('expected-consensus', { formulas: { MsgDlvrd: 'MsgDlvrdConsensus' } });
    expect(Number(expected.totals.change)).not.toBe(0);
    await expectShown(page, expected);
    expect((await savedScenario('consensus-messages')).doc).toEqual({ name: 'consensus-messages', formulas: { MsgDlvrd: 'MsgDlvrdConsensus' } });

    // A client alone on its account: the delta is (consensus - legacy) messages x 0.25 from the grid's two columns.
    const rows = await gridRows('MsgDlvrd,MsgDlvrdConsensus');
    const alone = rows.filter((row) => rows.filter((other) => other.billingCode === row.billingCode).length === 1);
    const client = alone.find((row) => row.values.MsgDlvrd !== row.values.MsgDlvrdConsensus);
    if (!client) throw new Error('no single-client account whose MsgDlvrd variants differ on the tiny snapshot');
    const difference = new Decimal(client.values.MsgDlvrdConsensus as string).minus(client.values.MsgDlvrd as string);
    expect(await page.locator(`tr[data-account="${client.billingCode}"] .delta`).getAttribute('data-value')).toBe(difference.mul('0.25').toFixed());
    await browser.screenshot('what-if-consensus-messages');
  });

  it('prices messages with an approved version not yet released: each account changes by its deliveries counted once more', async () => {
    const { browser } = suite;
    const { page } = browser;
    await createScenario(page, 'doubled-messages');
    await chooseMessagesFormula(page, 'MsgDlvrd@v2');

    const expected = await expectedComparison('expected-doubled', { formulas: { MsgDlvrd: 'MsgDlvrd@v2' } });
    expect(Number(expected.totals.change)).toBeGreaterThan(0);
    await expectShown(page, expected);
    expect((await savedScenario('doubled-messages')).doc).toEqual({ name: 'doubled-messages', formulas: { MsgDlvrd: 'MsgDlvrd@v2' } });
    // The released version still bills: every account's change is its deliveries x 0.25 once more.
    const rows = await gridRows('MsgDlvrd');
    for (const account of expected.everyAccount) {
      const deliveries = rows
        .filter((row) => row.billingCode === account.account)
        .reduce((sum, row) => sum.plus(row.values.MsgDlvrd as string), new Decimal(0));
      expect(account.change, account.account).toBe(deliveries.mul('0.25').toFixed());
    }
    await browser.screenshot('what-if-approved-version');
  });
});
