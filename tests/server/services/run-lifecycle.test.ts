import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exact } from '../../../engine/rating/money.ts';
import { listRuns } from '../../../server/runs/run-store.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps } from '../../../server/services/billing-runs.ts';
import { invoicesOf, listRunInvoices, showRunDocument } from '../../../server/services/invoices.ts';
import { discardRun, finaliseRun, lifecycleOf, recordCorrection, type LifecycleDeps } from '../../../server/services/run-lifecycle.ts';
import { readRun } from '../../../server/runs/run-store.ts';
import { listAudit } from '../../../server/store/audit.ts';
import { example, runDepsOf, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: RunDeps & LifecycleDeps;
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = runDepsOf(ws);
  await ws.saveDocument('setup', 'main', example('billing-setup.yaml'));
  await ws.saveDocument('setup', 'dearer', example('billing-setup.yaml').replace('price: "0.25"', 'price: "0.30"'));
  // A higher minimum moves only the accounts below it; dearer messages (with it) move every account.
  await ws.saveDocument('setup', 'higher-minimum', example('billing-setup.yaml').replace('amount: "150.00"', 'amount: "170.00"'));
  await ws.saveDocument(
    'setup',
    'both',
    example('billing-setup.yaml').replace('amount: "150.00"', 'amount: "170.00"').replace('price: "0.25"', 'price: "0.30"'),
  );
});
afterAll(() => ws.close());

const request = { setup: 'main', variant: 'legacy' as const, params: {}, packageName: 'release shipped-test' };

async function draftRun(setup = 'main'): Promise<string> {
  return (await executeBillingRun(deps, await prepareRun(deps, ws.library, { ...request, setup, snapshot: ws.manifest.id }))).id;
}

/** Each file of a run folder with its content hash. */
function folderHashes(id: string): Record<string, string> {
  const dir = join(ws.workspace.runsDir, id);
  return Object.fromEntries(
    readdirSync(dir).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    ]),
  );
}

const seqOf = (number: string | null) => Number(number?.slice(4));
// Every test here bills the snapshot's one period afresh; tests/server/services/double-billing.test.ts has the refusal itself.
const billAgain = { overlapReason: 'each test bills the period afresh' };

describe('the run lifecycle', () => {
  it('numbers invoices gap-free across the workspace when several finalisations of several runs race', async () => {
    const runs = [await draftRun(), await draftRun(), await draftRun()];
    const attempts = await Promise.allSettled(runs.flatMap((run) => [finaliseRun(deps, 'bea', run, billAgain), finaliseRun(deps, 'cy', run, billAgain)]));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(3);
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(refused.map((a) => a.reason.code)).toEqual(['wrong_state', 'wrong_state', 'wrong_state']);
    const numbers = (await Promise.all(runs.map(async (run) => (await listRunInvoices(deps, run)).invoices.map((i) => i.number)))).flat();
    const accounts = invoicesOf(readRun(ws.workspace, runs[0] as string)).length;
    expect(numbers).toHaveLength(3 * accounts);
    expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 3 * accounts }, (_, i) => i + 1));
    expect(numbers.every((number) => /^INV-\d{6}$/.test(String(number)))).toBe(true);
  });

  it('dates a finalised run and gives it a due date from the payment terms, and its invoices say so', async () => {
    const run = await draftRun();
    const lifecycle = await finaliseRun(deps, 'bea', run, billAgain);
    expect(lifecycle).toMatchObject({ status: 'finalised', finalisedBy: 'bea', invoiceDate: '2026-11-05', dueDate: '2026-12-05' }); // the default 30 days
    const account = (await listRunInvoices(deps, run)).invoices[0]?.account as string;
    expect(await showRunDocument(deps, run, 'invoice', account)).toMatchObject({ status: 'finalised', invoiceDate: '2026-11-05', dueDate: '2026-12-05' });
  });

  it('never rewrites a finalised run: finalising again or discarding it is refused and its folder stays byte for byte', async () => {
    const run = await draftRun();
    await finaliseRun(deps, 'bea', run, billAgain);
    const before = folderHashes(run);
    await expect(finaliseRun(deps, 'bea', run, billAgain)).rejects.toMatchObject({
      code: 'wrong_state',
      message: expect.stringContaining('never finalised again'),
    });
    await expect(discardRun(deps, 'bea', run)).rejects.toMatchObject({ code: 'wrong_state', message: expect.stringContaining('never discarded') });
    expect(folderHashes(run)).toEqual(before);
    expect(statSync(join(ws.workspace.runsDir, run, 'invoices.json')).mode & 0o222).toBe(0);
    expect(listRuns(ws.workspace).some((record) => record.id === run)).toBe(true);
  });

  it('discards a draft: it is no longer listed, its files are kept aside, and the audit log says who', async () => {
    const run = await draftRun();
    expect(await discardRun(deps, 'bea', run)).toEqual({ run, discarded: true });
    expect(listRuns(ws.workspace).some((record) => record.id === run)).toBe(false);
    expect(readdirSync(ws.workspace.runsDir).some((name) => name.startsWith(`.discarded-${run}-`))).toBe(true);
    expect((await listAudit(ws.db, { limit: 1 }))[0]).toMatchObject({ actor: 'bea', action: 'run.discard', target: `run:${run}` });
  });

  it("corrects a finalised run with credit notes equal to the issued invoices' changed lines negated, and new invoices of those lines", async () => {
    const issued = await draftRun();
    await finaliseRun(deps, 'bea', issued, billAgain);
    const corrected = await correctRun(deps, ws.library, { issued, setup: 'dearer', packageName: request.packageName });
    await recordCorrection(deps, 'bea', issued, corrected.id, {});
    const issuedInvoices = new Map(invoicesOf(readRun(ws.workspace, issued)).map((invoice) => [invoice.account, invoice]));
    const changed = new Map<string, Set<string>>();
    for (const delta of corrected.comparison.lines)
      changed.set(delta.key[0] as string, (changed.get(delta.key[0] as string) ?? new Set()).add(delta.key[1] as string));
    expect(changed.size).toBeGreaterThan(0);

    const draft = await listRunInvoices(deps, corrected.id);
    expect(draft.lifecycle).toMatchObject({ status: 'draft', corrects: issued });
    expect(draft.creditNotes.map((note) => note.account).sort()).toEqual([...changed.keys()].sort());
    for (const [account, lineIds] of changed) {
      const note = await showRunDocument(deps, corrected.id, 'creditNote', account);
      const original = issuedInvoices.get(account)?.lines.filter((line) => lineIds.has(line.lineId)) ?? [];
      expect(note.lines.map((line) => [line.lineId, line.amount])).toEqual(original.map((line) => [line.lineId, exact(line.amount).neg().toFixed(2)]));
      const reissued = await showRunDocument(deps, corrected.id, 'invoice', account);
      expect(reissued.lines.map((line) => line.lineId)).toEqual(original.map((line) => line.lineId));
      // The credit note and the new invoice together are the change in the account's total.
      const previous = reissued.previous;
      expect(previous?.run).toBe(issued);
      expect(
        exact(note.total)
          .plus(reissued.total)
          .eq(previous?.change ?? 'NaN'),
      ).toBe(true);
    }

    await finaliseRun(deps, 'bea', corrected.id, billAgain);
    const issuedNumbers = new Map((await listRunInvoices(deps, issued)).invoices.map((invoice) => [invoice.account, invoice.number]));
    const final = await listRunInvoices(deps, corrected.id);
    expect(final.creditNotes.map((note) => note.number)).toEqual(final.creditNotes.map((_, i) => `CN-${String(i + 1).padStart(6, '0')}`));
    expect(final.creditNotes.every((note) => note.credits?.number === issuedNumbers.get(note.account))).toBe(true);
    expect(await lifecycleOf(ws.db, issued)).toMatchObject({ status: 'corrected', correctedBy: corrected.id });
    const audit = await listAudit(ws.db, { limit: 3 });
    expect(audit[1]?.detail).toMatchObject({
      creditNotes: { first: final.creditNotes[0]?.number, last: final.creditNotes.at(-1)?.number, count: final.creditNotes.length },
      invoices: { count: final.invoices.length },
      corrects: issued,
    });
    const actions = audit.map((entry) => [entry.action, entry.target]);
    expect(actions).toEqual([
      ['run.corrected', `run:${issued}`],
      ['run.finalise', `run:${corrected.id}`],
      ['run.correct', `run:${issued}`],
    ]);
  });

  it("credits, when correcting a correction, the invoice each changed line was last billed on: the correction's new one, else the original", async () => {
    const issued = await draftRun();
    await finaliseRun(deps, 'bea', issued, billAgain);
    const first = await correctRun(deps, ws.library, { issued, setup: 'higher-minimum', packageName: request.packageName });
    await recordCorrection(deps, 'bea', issued, first.id, {});
    await finaliseRun(deps, 'bea', first.id, billAgain);
    const second = await correctRun(deps, ws.library, { issued: first.id, setup: 'both', packageName: request.packageName });
    await recordCorrection(deps, 'bea', first.id, second.id, {});
    const originals = new Map((await listRunInvoices(deps, issued)).invoices.map((invoice) => [invoice.account, invoice.number]));
    const reissued = new Map((await listRunInvoices(deps, first.id)).invoices.map((invoice) => [invoice.account, invoice.number]));
    const notes = (await listRunInvoices(deps, second.id)).creditNotes;
    // Some accounts were below the higher minimum (re-invoiced by the first correction), one was above it.
    expect(notes.some((note) => reissued.has(note.account))).toBe(true);
    expect(notes.some((note) => !reissued.has(note.account))).toBe(true);
    for (const note of notes) {
      const lines = (await showRunDocument(deps, second.id, 'creditNote', note.account)).lines.map((line) => line.lineId);
      // Messages were billed on the original invoice only, a minimum true-up the first correction changed on its
      // new one: a credit note of both refers to the latest.
      const expected = lines.includes('minimum') && reissued.has(note.account) ? reissued.get(note.account) : originals.get(note.account);
      expect(note.credits).toEqual({ run: first.id, number: expected });
    }
  });

  it('refuses to finalise a correction of a run that another finalised correction already corrected', async () => {
    const issued = await draftRun();
    await finaliseRun(deps, 'bea', issued, billAgain);
    const first = await correctRun(deps, ws.library, { issued, setup: 'dearer', packageName: request.packageName });
    await recordCorrection(deps, 'bea', issued, first.id, {});
    const second = await correctRun(deps, ws.library, { issued, setup: 'dearer', packageName: request.packageName });
    await recordCorrection(deps, 'bea', issued, second.id, {});
    await finaliseRun(deps, 'bea', first.id, billAgain);
    await expect(finaliseRun(deps, 'bea', second.id, billAgain)).rejects.toMatchObject({
      code: 'wrong_state',
      message: expect.stringContaining(`already corrected by run ${first.id}`),
    });
    expect((await lifecycleOf(ws.db, second.id)).status).toBe('draft');
  });
});
