/**
 * A billing run keeps the state its period leaves (state.json) and records the state it started
 * from (run.json: the previous run and the hash of its state.json), so a run rated again from its
 * inputs gives the same bytes; a run of a setup that carries nothing writes no state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { parseCarriedState } from '../../../engine/rating/carried-state.ts';
import { executeRun, sha256, type RunInputs } from '../../../engine/runs/billing-run.ts';
import { library, runInputs } from './support.ts';

// Client 1 (BC-A) had 3 messages delivered in October 2026.
const rows = {
  cltClients: [{ cltID: 1, ClientNumber: 1001, ClientName: 'Alpha Plumbing', BillingCode: 'BC-A' }],
  msgMessages: [
    { msgId: 1, cltID: 1 },
    { msgId: 2, cltID: 1 },
    { msgId: 3, cltID: 1 },
  ],
  msgHistories: [
    { histId: 1, msgId: 1, agtId: 5, Stamp: '2026-10-02 09:00:00.000', DispositionId: 2 },
    { histId: 2, msgId: 2, agtId: 5, Stamp: '2026-10-03 09:00:00.000', DispositionId: 2 },
    { histId: 3, msgId: 3, agtId: 5, Stamp: '2026-10-04 09:00:00.000', DispositionId: 2 },
  ],
};

// 10 messages included a month, the unused ones rolled over.
const ROLLOVER = `
plans:
  - id: basic
    lines:
      - { id: messages, label: Messages delivered, statistic: MsgDlvrd, included: 10, price: '0.25', rollover: { expiresAfter: 3 } }
assignments:
  - { plan: basic, from: '2020-01-01' }
`;

function inputs(setupText: string, carriedIn?: RunInputs['carriedIn']): RunInputs {
  return runInputs(setupText, 'fixture-carried', carriedIn);
}

describe('state carried between billing runs', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, rows, library.formulas[0] as Formula, 0);
  });
  afterAll(() => sandbox.close());

  it('writes the state the period leaves, starts from the previous run’s, and reproduces both', async () => {
    // September left 4 messages rolled over; October: 3 used of its own 10 -> 7 more, 11 in all
    const september = {
      format: 'call-theory-billing/carried@1' as const,
      period: { start: '2026-09-01', end: '2026-09-30' },
      accounts: { 'BC-A': { messages: { rollover: [{ units: '4', earned: '2026-09-01', periodsLeft: 2 }], prepaid: [] } } },
    };
    const run = await executeRun(inputs(ROLLOVER, { run: '2026-09-abc', state: september }), sandbox);
    const state = parseCarriedState(run.files.get('state.json') ?? '', run.record.id);
    expect(state.accounts['BC-A']?.messages?.rollover).toEqual([
      { units: '4', earned: '2026-09-01', periodsLeft: 1 },
      { units: '7', earned: '2026-10-01', periodsLeft: 3 },
    ]);
    expect(run.record.inputs.carriedIn).toEqual({ run: '2026-09-abc', sha256: sha256(`${JSON.stringify(september, null, 2)}\n`) });
    expect(run.record.outputs['state.json']).toBe(sha256(run.files.get('state.json') ?? ''));
    const again = await executeRun(inputs(ROLLOVER, { run: '2026-09-abc', state: september }), sandbox);
    for (const [name, content] of run.files) expect(again.files.get(name), name).toBe(content);
    expect(again.record.inputs.sha256).toBe(run.record.inputs.sha256);
    // another starting state is another run
    const fresh = await executeRun(inputs(ROLLOVER), sandbox);
    expect(fresh.record.inputs.sha256).not.toBe(run.record.inputs.sha256);
    expect(fresh.record.inputs.carriedIn).toBeUndefined();
  });

  it('writes no state when nothing is carried', async () => {
    const run = await executeRun(inputs(ROLLOVER.replace(', rollover: { expiresAfter: 3 }', '')), sandbox);
    expect([...run.files.keys()]).toEqual(['invoices.json', 'lines.csv', 'be200.csv']);
  });

  it('refuses a state.json that is not a carried state', () => {
    expect(() => parseCarriedState('{"format":"something else"}', '2026-09-abc')).toThrow(/2026-09-abc: state.json is not a carried state/);
    expect(() => parseCarriedState('not json', '2026-09-abc')).toThrow(/not valid JSON/);
  });
});
