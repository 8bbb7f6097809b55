import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { correctionOf, executeRun, type RunInputs } from '../../../engine/runs/billing-run.ts';
import { library, runInputs } from './support.ts';

// Two accounts: client 1 (BC-A) had 3 messages delivered, client 2 (BC-B) 2, in October 2026.
const rows = {
  cltClients: [
    { cltID: 1, ClientNumber: 1001, ClientName: 'Alpha Plumbing', BillingCode: 'BC-A' },
    { cltID: 2, ClientNumber: 1002, ClientName: 'Beta Clinic', BillingCode: 'BC-B' },
  ],
  msgMessages: [
    { msgId: 1, cltID: 1 },
    { msgId: 2, cltID: 1 },
    { msgId: 3, cltID: 2 },
  ],
  msgHistories: [
    { histId: 1, msgId: 1, agtId: 5, Stamp: '2026-10-02 09:00:00.000', DispositionId: 2 },
    { histId: 2, msgId: 1, agtId: 5, Stamp: '2026-10-02 10:00:00.000', DispositionId: 2 },
    { histId: 3, msgId: 2, agtId: 5, Stamp: '2026-10-03 09:00:00.000', DispositionId: 2 },
    { histId: 4, msgId: 3, agtId: 5, Stamp: '2026-10-04 09:00:00.000', DispositionId: 2 },
    { histId: 5, msgId: 3, agtId: 5, Stamp: '2026-10-05 09:00:00.000', DispositionId: 2 },
  ],
};

const setup = (messagePrice: string) => `
plans:
  - id: basic
    lines:
      - { id: base, label: Monthly service, fee: '20.00' }
      - { id: messages, label: Messages delivered, statistic: MsgDlvrd, price: '${messagePrice}' }
assignments:
  - { plan: basic, from: '2020-01-01' }
`;

function inputs(setupText: string): RunInputs {
  return runInputs(setupText, 'fixture-1');
}

describe('billing runs', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, rows, library.formulas[0] as Formula, 0);
  });
  afterAll(() => sandbox.close());

  it('bill each account its fee and its messages, as computed by hand', async () => {
    const run = await executeRun(inputs(setup('0.25')), sandbox);
    // BC-A: 20.00 + 3 x 0.25 = 20.75; BC-B: 20.00 + 2 x 0.25 = 20.50; total 41.25.
    expect(run.invoices.map((invoice) => [invoice.account, invoice.total])).toEqual([
      ['BC-A', '20.75'],
      ['BC-B', '20.50'],
    ]);
    expect(run.record.totals.amount).toBe('41.25');
    expect(run.files.get('lines.csv')).toContain('BC-A,BC-A,1001,2026-10-01,2026-10-31,messages,Messages delivered,3,0.25,0.75,USD,MsgDlvrd@');
  });

  it('reproduce identical bytes when run again with the same inputs', async () => {
    const first = await executeRun(inputs(setup('0.25')), sandbox, { now: () => new Date('2026-11-02T08:00:00Z') });
    const again = await executeRun(inputs(setup('0.25')), sandbox, { now: () => new Date('2026-12-24T23:00:00Z') });
    expect(again.record.id).toBe(first.record.id);
    expect(again.record.inputs).toEqual(first.record.inputs);
    expect(again.record.outputs).toEqual(first.record.outputs);
    for (const [name, content] of first.files) expect(again.files.get(name), name).toBe(content);
  });

  it('give exactly the expected delta lines when the message price is corrected', async () => {
    const issued = await executeRun(inputs(setup('0.25')), sandbox);
    const corrected = await executeRun(inputs(setup('0.30')), sandbox);
    expect(corrected.record.id).not.toBe(issued.record.id);
    const correction = correctionOf(issued.invoices, corrected.invoices);
    // BC-A: 3 x 0.05 = +0.15; BC-B: 2 x 0.05 = +0.10; the fees do not move.
    expect(correction.lines.map((d) => [d.key.join('/'), d.change])).toEqual([
      ['BC-A/messages', '0.15'],
      ['BC-B/messages', '0.1'],
    ]);
    expect(correction.totals).toEqual({ before: '41.25', after: '41.5', change: '0.25' });
    expect(correction.counts).toEqual({ up: 2, down: 0, same: 0 });
  });

  it('record the content hash of every input and output', async () => {
    const run = await executeRun(inputs(setup('0.25')), sandbox);
    expect(run.record.inputs.setup.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.record.inputs.formulas.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(run.record.outputs).sort()).toEqual(['be200.csv', 'invoices.json', 'lines.csv']);
  });
});
