import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/suite.ts';

/** A 1×1 PNG, as a logo file. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('the company profile in the billing runs view', () => {
  const suite = browserSuite({ administrator: 'created and logged in' });
  const hash = () => suite.browser.page.evaluate(() => location.hash);

  it('opens from the runs list at its own address, with the defaults until it is saved', async () => {
    const { page } = suite.browser;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Billing runs' }).click();
    await page.getByRole('link', { name: 'Company profile' }).click();
    expect(await hash()).toBe('#runs/company-profile');
    await page.getByLabel('Company name').waitFor();
    expect(await page.getByText('Not saved yet').count()).toBe(1);
    expect(await page.getByLabel('Payment terms (days)').inputValue()).toBe(String((await suite.api.get('/api/company-profile')).body.paymentTermsDays));
    await suite.browser.screenshot('company-profile-defaults');
  });

  it('refuses bad input at the field as it is typed, keeps the text, and saves nothing', async () => {
    const { page } = suite.browser;
    await page.getByLabel('Company name').fill('');
    await page.getByLabel('Payment terms (days)').fill('thirty');
    const name = page.getByLabel('Company name');
    const terms = page.getByLabel('Payment terms (days)');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#profile-name-error').textContent()).toBe('the company name is required');
    expect(await terms.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#profile-paymentTermsDays-error').textContent()).toBe('a whole number of days, 0 to 365');
    await terms.fill('400');
    expect(await page.locator('#profile-paymentTermsDays-error').textContent()).toBe('a whole number of days, 0 to 365');
    expect(await terms.inputValue()).toBe('400');
    expect(await page.getByRole('button', { name: 'Save company profile' }).isDisabled()).toBe(true);
    await page.getByLabel('Logo').setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    expect(await page.locator('#profile-logo-error').textContent()).toBe('logo.gif is not a PNG or JPEG image');
    await page.getByLabel('Logo').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(300 * 1024) });
    expect(await page.locator('#profile-logo-error').textContent()).toBe('big.png is 300 KiB; a logo is at most 256 KiB');
    await suite.browser.screenshot('company-profile-bad-input');
    expect((await suite.api.get('/api/company-profile')).body.version).toBe(0);
  });

  it('saves name, address, terms and a logo; a reload shows them as saved', async () => {
    const { page } = suite.browser;
    await page.getByLabel('Company name').fill('Harbor Answering Service');
    await page.getByLabel('Address').fill('12 Quay Street\nPortland, ME 04101');
    await page.getByLabel('Payment terms (days)').fill('14');
    await page.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('img', { name: 'The logo the documents carry' }).waitFor();
    await page.getByRole('button', { name: 'Save company profile' }).click();
    await page.getByText('Saved as version 1').waitFor();
    const saved = (await suite.api.get('/api/company-profile')).body;
    expect(saved).toMatchObject({ name: 'Harbor Answering Service', address: '12 Quay Street\nPortland, ME 04101', paymentTermsDays: 14, version: 1 });
    expect(saved.logo).toEqual({ type: 'image/png', base64: PNG.toString('base64') });
    await page.reload();
    await page.getByLabel('Company name').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Company name').inputValue()).toBe('Harbor Answering Service');
    expect(await page.getByLabel('Payment terms (days)').inputValue()).toBe('14');
    expect(await page.getByText('Version 1, saved').count()).toBe(1);
    await suite.browser.screenshot('company-profile-saved');
  });
});
