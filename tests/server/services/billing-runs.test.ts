import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '../../../server/runs/run-store.ts';
import { correctRun, executeBillingRun, prepareRun, type RunDeps, verifyRun } from '../../../server/services/billing-runs.ts';
import { storedDocuments } from '../../../server/services/documents.ts';
import { example, NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: RunDeps;
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = { workspace: ws.workspace, snapshots: ws.snapshots, documents: storedDocuments(ws.db), now: () => NOW };
  await ws.saveDocument('setup', 'main', example('billing-setup.yaml'));
});
afterAll(() => ws.close());

const request = { setup: 'main', variant: 'legacy' as const, params: {}, packageName: 'release shipped-test' };

describe('billing runs', () => {
  it("prepares a run from the snapshot's period, the setup's exact text and only the formulas it needs", async () => {
    const prepared = await prepareRun(deps, ws.library, { ...request, snapshot: ws.manifest.id });
    expect(prepared.inputs.period).toEqual({ start: '2026-10-01', end: '2026-10-07' }); // the tiny scale covers a week
    expect(prepared.inputs.stamps).toEqual({ start: ws.manifest.period.start, end: ws.manifest.period.end });
    expect(prepared.inputs.setup).toEqual({ file: 'main.yaml', text: example('billing-setup.yaml') });
    expect(prepared.setup.label).toBe('main@1');
    const ids = prepared.formulas.formulas.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['SelSecDuration', 'MsgDlvrd', 'SecCalls']));
    expect(ids.length).toBeLessThan(ws.library.formulas.length);
  });

  it('keeps a run read-only in the workspace and reproduces it byte for byte', async () => {
    const prepared = await prepareRun(deps, ws.library, { ...request, snapshot: ws.manifest.id });
    const { id, result } = await executeBillingRun(deps, prepared);
    expect(readdirSync(join(ws.workspace.runsDir, id)).sort()).toEqual(['be200.csv', 'formulas.json', 'invoices.json', 'lines.csv', 'run.json', 'setup.yaml']);
    expect(result.record.createdAt).toBe(NOW.toISOString());
    expect(await verifyRun(deps, id)).toEqual({ outputs: ['invoices.json', 'lines.csv', 'be200.csv'], differing: [] });
  });

  it('leaves nothing behind when cancelled before the run is saved', async () => {
    const prepared = await prepareRun(deps, ws.library, { ...request, snapshot: ws.manifest.id });
    const before = listRuns(ws.workspace).length;
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(executeBillingRun(deps, prepared, { signal: cancelled.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(listRuns(ws.workspace)).toHaveLength(before);
  });

  it('records a correction as a new run whose corrections.csv holds the delta lines against the issued one', async () => {
    const issued = await executeBillingRun(deps, await prepareRun(deps, ws.library, { ...request, snapshot: ws.manifest.id }));
    await ws.saveDocument('setup', 'main', example('billing-setup.yaml').replace('price: "0.25"', 'price: "0.30"'));
    const corrected = await correctRun(deps, ws.library, { issued: issued.id, setup: 'main', packageName: request.packageName });
    expect(corrected.id).not.toBe(issued.id);
    expect(corrected.corrections.length).toBe(corrected.comparison.lines.length);
    expect(corrected.corrections.every((row) => row[1] === 'messages' || row[1] === 'minimum')).toBe(true);
    const csv = readFileSync(join(ws.workspace.runsDir, corrected.id, 'corrections.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('account,line,issued,corrected,change');
    expect(csv.length - 2).toBe(corrected.corrections.length);
  });
});
