import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyProfileFields } from '../../../server/api/invoices-api.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps } from '../../../server/services/billing-runs.ts';
import { saveCompanyProfile } from '../../../server/services/company-profile.ts';
import { accountingFile, documentFile, documentsZip } from '../../../server/services/document-files.ts';
import { listRunInvoices } from '../../../server/services/invoices.ts';
import { finaliseRun, type LifecycleDeps, recordCorrection } from '../../../server/services/run-lifecycle.ts';
import { pdfText, zipEntries } from '../support/documents.ts';
import { example, runDepsOf, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: RunDeps & LifecycleDeps;
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = runDepsOf(ws);
  await ws.saveDocument('setup', 'main', example('billing-setup.yaml'));
  await ws.saveDocument('setup', 'dearer', example('billing-setup.yaml').replace('price: "0.25"', 'price: "0.30"'));
});
afterAll(() => ws.close());

const draftRun = async () =>
  (
    await executeBillingRun(
      deps,
      await prepareRun(deps, ws.library, { snapshot: ws.manifest.id, setup: 'main', variant: 'legacy', params: {}, packageName: 'p' }),
    )
  ).id;
const profile = (name: string) => saveCompanyProfile(deps, 'bea', companyProfileFields.parse({ name }));

describe('run documents as files', () => {
  it('prints a finalised run with the company profile it was finalised with, and a draft with the current one', async () => {
    await profile('Answer Co');
    const [finalised, draft] = [await draftRun(), await draftRun()];
    await finaliseRun(deps, 'bea', finalised);
    await profile('Answer Co LLC (renamed)');
    const account = (await listRunInvoices(deps, finalised)).invoices[0]?.account as string;
    const old = await documentFile(deps, finalised, 'invoice', account);
    expect(old.name).toMatch(new RegExp(`^INV-\\d{6}-${account}\\.pdf$`));
    const oldText = await pdfText(old.body);
    expect(oldText).toContain('Answer Co');
    expect(oldText).not.toContain('renamed');
    expect(await pdfText((await documentFile(deps, draft, 'invoice', account)).body)).toContain('Answer Co LLC (renamed)');
  });

  it("zips a correction run's credit notes and new invoices in their folders, and exports both kinds of lines", async () => {
    const issued = await draftRun();
    await finaliseRun(deps, 'bea', issued, { overlapReason: 'the first test finalised a run of this period too' });
    const correction = await correctRun(deps, ws.library, { issued, setup: 'dearer', packageName: 'p' });
    await recordCorrection(deps, 'bea', issued, correction.id, {});
    await finaliseRun(deps, 'bea', correction.id, { overlapReason: 'the first test finalised a run of this period too' });
    const list = await listRunInvoices(deps, correction.id);
    const zip = await documentsZip(deps, correction.id);
    expect(zip.name).toBe(`${correction.id}-documents.zip`);
    expect(Object.keys(zipEntries(zip.body)).sort()).toEqual(
      [...list.creditNotes.map((note) => `credit-notes/${note.account}.pdf`), ...list.invoices.map((invoice) => `invoices/${invoice.account}.pdf`)].sort(),
    );
    const csv = new TextDecoder().decode((await accountingFile(deps, correction.id, 'quickbooks')).body);
    const numbers = new Set(
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split(',')[0]),
    );
    expect(numbers).toEqual(new Set([...list.creditNotes, ...list.invoices].map((document) => document.number)));
  });
});
