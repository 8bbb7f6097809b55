/**
 * Retiring a formula in the browser: an approver proposes it from the formula editor (a formula
 * something needs is refused, saying what), another approver confirms it from Reviews, and the
 * release without it becomes the active one.
 */
import { describe, expect, it } from 'vitest';
import { formulaPath } from '../../web/src/shell/paths.ts';
import { browserSuite } from './support/suite.ts';
import { switchUser } from './support/workbench.ts';

const APPROVER = { name: 'abe', password: 'a long approver password', role: 'approver' };

describe('retiring a formula in the browser', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });

  const openRetireDialog = async (formula: string) => {
    const { page } = suite.browser;
    await page.goto(`${suite.server.url}/#${formulaPath(formula)}`);
    await page.getByRole('button', { name: 'Retire formula…' }).click();
    const dialog = page.getByRole('dialog', { name: `Retire formula ${formula}?` });
    await dialog.waitFor();
    return dialog;
  };

  it('refuses to propose retiring a formula the Billing Export 200 layout needs, saying so and keeping what was typed', async () => {
    const dialog = await openRetireDialog('SecCalls');
    const propose = dialog.getByRole('button', { name: 'Propose retiring' });
    expect(await propose.isDisabled()).toBe(true);
    await dialog.getByLabel('Name of the release without it').fill('without-seccalls');
    await dialog.getByLabel('Why it is retired').fill('no longer billed');
    await propose.click();
    await dialog.locator('.problem').waitFor();
    expect(await dialog.locator('.problem').textContent()).toContain('the Billing Export 200 layout (column SecCalls)');
    expect(await dialog.getByLabel('Why it is retired').inputValue()).toBe('no longer billed');
    expect(suite.browser.errors.splice(0)).toEqual([expect.stringContaining('409 (Conflict)')]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await suite.api.get('/api/formulas/SecCalls')).status).toBe(200);
  });

  it('proposes retiring an unused formula; another approver confirms it from Reviews, and the release without it is active', async () => {
    const { page } = suite.browser;
    const { api, server } = suite;
    expect((await api.post('/api/users', APPROVER)).status).toBe(200);
    const dialog = await openRetireDialog('MsgDlvrdConsensus');
    await dialog.getByLabel('Name of the release without it').fill('without-msgdlvrd-consensus');
    await dialog.getByLabel('Why it is retired').fill('no setup bills delivered messages this way');
    await dialog.getByRole('button', { name: 'Propose retiring' }).click();
    await page.getByRole('status').filter({ hasText: 'Retiring MsgDlvrdConsensus is proposed' }).waitFor();
    expect((await api.get('/api/formulas/MsgDlvrdConsensus')).status).toBe(200);

    await switchUser(page, server.url, APPROVER);
    await page.getByRole('link', { name: /^Reviews/ }).click();
    const item = page.locator('.review-list li', { hasText: 'MsgDlvrdConsensus' });
    await item.waitFor();
    expect(await item.textContent()).toContain('proposed by admin');
    expect(await item.textContent()).toContain('no setup bills delivered messages this way');
    await suite.browser.screenshot('reviews-retirement');
    await item.getByRole('button', { name: 'Confirm retirement…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Retire formula MsgDlvrdConsensus?' });
    expect(await confirm.textContent()).toContain('Confirming makes release without-msgdlvrd-consensus, without it, the active one');
    await confirm.getByRole('button', { name: 'Retire', exact: true }).click();
    await item.waitFor({ state: 'detached' });

    expect((await api.get('/api/formulas/MsgDlvrdConsensus')).status).toBe(404);
    const audit = (await api.get('/api/audit?limit=5')).body.entries as { action: string; actor: string }[];
    expect(audit.find((entry) => entry.action === 'formula.retire.confirm')?.actor).toBe('abe');
  });
});
