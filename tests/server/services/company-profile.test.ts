import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyProfileFields } from '../../../server/api/invoices-api.ts';
import { companyProfile, DEFAULT_PROFILE, saveCompanyProfile } from '../../../server/services/company-profile.ts';
import { listAudit } from '../../../server/store/audit.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';
import { PNG_1X1 } from './support-documents.ts';

let ws: ServiceWorkspace;
beforeAll(async () => {
  ws = await serviceWorkspace();
});
afterAll(() => ws.close());

const fields = (over: Record<string, unknown> = {}) => companyProfileFields.parse({ name: 'Answer Co', ...over });

describe('the company profile', () => {
  it('is the defaults, version 0, until one is saved', async () => {
    expect(await companyProfile(ws.db)).toEqual(DEFAULT_PROFILE);
    expect(DEFAULT_PROFILE).toMatchObject({ version: 0, paymentTermsDays: 30, logo: null });
  });

  it('keeps each saved version, the latest being current, and audits the change without the logo bytes', async () => {
    const deps = { db: ws.db, now: () => NOW };
    const first = await saveCompanyProfile(deps, 'bea', fields({ paymentTermsDays: 14, logo: { type: 'image/png', base64: PNG_1X1 } }));
    const second = await saveCompanyProfile(deps, 'bea', fields({ name: 'Answer Co LLC', address: '1 Main Street' }));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await companyProfile(ws.db)).toMatchObject({ version: 2, name: 'Answer Co LLC', updatedBy: 'bea' });
    expect(await companyProfile(ws.db, 1)).toMatchObject({ version: 1, name: 'Answer Co', paymentTermsDays: 14, logo: { type: 'image/png' } });
    const [entry] = await listAudit(ws.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: 'bea', action: 'company.profile', target: 'company-profile:2' });
    const [logoEntry] = (await listAudit(ws.db, { limit: 2 })).slice(1);
    expect(logoEntry?.detail).toMatchObject({ logo: 'image/png' });
  });

  it('refuses a logo that is not the image its type says, naming the field', async () => {
    const jpegAsPng = { type: 'image/png', base64: Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64') };
    await expect(saveCompanyProfile({ db: ws.db, now: () => NOW }, 'bea', fields({ logo: jpegAsPng }))).rejects.toMatchObject({
      status: 400,
      code: 'bad_logo',
      field: 'logo',
      message: 'the logo is not a PNG image',
    });
  });

  it('refuses a logo over 256 KiB, an empty name and payment terms past a year', () => {
    const big = { type: 'image/jpeg', base64: 'A'.repeat(Math.ceil((256 * 1024) / 3) * 4 + 4) };
    const issues = (over: Record<string, unknown>) =>
      companyProfileFields.safeParse({ name: 'Answer Co', ...over }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ logo: big })).toEqual([['logo.base64', 'the logo must be at most 256 KiB']]);
    expect(issues({ name: '  ' })).toEqual([['name', 'the company name is required']]);
    expect(issues({ paymentTermsDays: 400 })?.[0]?.[0]).toBe('paymentTermsDays');
  });
});
