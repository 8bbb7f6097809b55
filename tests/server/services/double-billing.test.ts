import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../../../server/runs/run-store.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps } from '../../../server/services/billing-runs.ts';
import { listRunInvoices } from '../../../server/services/invoices.ts';
import { finaliseRun, type LifecycleDeps, lifecycleOf, recordCorrection } from '../../../server/services/run-lifecycle.ts';
import { listAudit } from '../../../server/store/audit.ts';
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

const packageName = 'release shipped-test';
const draftRun = async (): Promise<string> =>
  (await executeBillingRun(deps, await prepareRun(deps, ws.library, { setup: 'main', variant: 'legacy', params: {}, packageName, snapshot: ws.manifest.id })))
    .id;
const correction = async (issued: string): Promise<string> => {
  const { id } = await correctRun(deps, ws.library, { issued, setup: 'dearer', packageName });
  await recordCorrection(deps, 'bea', issued, id, {});
  return id;
};
const accountsOf = async (run: string): Promise<string[]> => (await listRunInvoices(deps, run)).invoices.map((invoice) => invoice.account).sort();

describe('finalising never invoices an account twice for the same days without a reason', () => {
  let issued: string;

  it('refuses a second run of a finalised period, naming the run, its days and the accounts, and leaves it a draft', async () => {
    issued = await draftRun();
    await finaliseRun(deps, 'bea', issued);
    const again = await draftRun();
    const accounts = await accountsOf(again);
    expect(accounts.length).toBeGreaterThan(0);
    const { start, end } = readRun(ws.workspace, issued).record.inputs.period;
    await expect(finaliseRun(deps, 'bea', again)).rejects.toMatchObject({
      code: 'already_invoiced',
      field: 'overlapReason',
      message: expect.stringContaining(
        `finalised run ${issued} (${start} to ${end}) already invoices ${accounts.length} of these accounts (${accounts.slice(0, 5).join(', ')}`,
      ),
    });
    await expect(finaliseRun(deps, 'bea', again, { overlapReason: '   ' })).rejects.toMatchObject({ code: 'already_invoiced' });
    expect((await lifecycleOf(ws.db, again)).status).toBe('draft');
  });

  it('finalises a correction, and a correction of that correction, without a reason: the chain bills each account once', async () => {
    const first = await correction(issued);
    await finaliseRun(deps, 'bea', first);
    const second = await correction(first);
    expect((await finaliseRun(deps, 'bea', second)).status).toBe('finalised');
    expect((await lifecycleOf(ws.db, issued)).status).toBe('corrected');
  });

  it('bills the accounts again when given a reason, and the audit log names the other run, the accounts and the reason', async () => {
    const again = await draftRun();
    const reason = 'the client asked for a duplicate billing of October';
    expect((await finaliseRun(deps, 'cy', again, { overlapReason: reason })).status).toBe('finalised');
    const [entry] = await listAudit(ws.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: 'cy', action: 'run.finalise', target: `run:${again}` });
    const detail = entry?.detail as { overlapReason: string; alsoInvoicedBy: { run: string; accounts: string[] }[] };
    expect(detail.overlapReason).toBe(reason);
    // The original run and its finalised corrections are one chain; each finalised run of it that invoices these accounts is named.
    expect(detail.alsoInvoicedBy.map((other) => other.run)).toContain(issued);
    expect(detail.alsoInvoicedBy.find((other) => other.run === issued)?.accounts).toEqual(await accountsOf(again));
  });
});
