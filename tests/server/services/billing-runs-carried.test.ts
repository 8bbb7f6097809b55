/**
 * Billing runs that carry state between periods: the run keeps state.json and verifies with it; a
 * run starts from an earlier run's state only when that run left one and its period came before.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeBillingRun, prepareRun, type RunDeps, verifyRun } from '../../../server/services/billing-runs.ts';
import { storedDocuments } from '../../../server/services/documents.ts';
import { example, NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let deps: RunDeps;
// The example setup with 1000 messages included a month and the unused ones rolled over.
const rollover = example('billing-setup.yaml').replace(
  'statistic: MsgDlvrd\n        price: "0.25"',
  'statistic: MsgDlvrd\n        included: 1000\n        rollover: { cap: 5000 }\n        price: "0.25"',
);
beforeAll(async () => {
  ws = await serviceWorkspace();
  deps = { workspace: ws.workspace, snapshots: ws.snapshots, documents: storedDocuments(ws.db), now: () => NOW };
  await ws.saveDocument('setup', 'main', example('billing-setup.yaml'));
  await ws.saveDocument('setup', 'rollover', rollover);
});
afterAll(() => ws.close());

const request = { variant: 'legacy' as const, params: {}, packageName: 'release shipped-test' };

describe('billing runs carrying state', () => {
  it('keep the state the period leaves in state.json and verify it byte for byte', async () => {
    expect(rollover).toContain('rollover: { cap: 5000 }');
    const prepared = await prepareRun(deps, ws.library, { ...request, setup: 'rollover', snapshot: ws.manifest.id });
    const { id, result } = await executeBillingRun(deps, prepared);
    expect(readdirSync(join(ws.workspace.runsDir, id))).toContain('state.json');
    expect(Object.keys(result.record.outputs)).toContain('state.json');
    expect(await verifyRun(deps, id)).toMatchObject({ differing: [] });
  });

  it('refuse to start from a run that left no state, or from a run of the same period', async () => {
    const plain = await executeBillingRun(deps, await prepareRun(deps, ws.library, { ...request, setup: 'main', snapshot: ws.manifest.id }));
    await expect(prepareRun(deps, ws.library, { ...request, setup: 'rollover', snapshot: ws.manifest.id, carriedFrom: plain.id })).rejects.toMatchObject({
      status: 422,
      code: 'no_carried_state',
    });
    const carrying = await executeBillingRun(deps, await prepareRun(deps, ws.library, { ...request, setup: 'rollover', snapshot: ws.manifest.id }));
    const again = await prepareRun(deps, ws.library, { ...request, setup: 'rollover', snapshot: ws.manifest.id, carriedFrom: carrying.id });
    expect(again.inputs.carriedIn?.run).toBe(carrying.id);
    await expect(executeBillingRun(deps, again)).rejects.toThrow(/does not end before 2026-10-01/);
  });
});
