/**
 * A billing run invoices no inactive IS client (unless the setup bills them) and reports its usage
 * in invoices.json under notBilled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { executeRun, type RunInputs } from '../../../engine/runs/billing-run.ts';
import { library, runInputs } from './support.ts';

// Client 1 (BC-A) had 2 messages delivered in October 2026; client 2 (BC-B, inactive in IS) had 1.
const rows = {
  cltClients: [
    { cltID: 1, ClientNumber: 1001, ClientName: 'Alpha Plumbing', BillingCode: 'BC-A', Inactive: false },
    { cltID: 2, ClientNumber: 1002, ClientName: 'Beta Clinic', BillingCode: 'BC-B', Inactive: true },
  ],
  msgMessages: [
    { msgId: 1, cltID: 1 },
    { msgId: 2, cltID: 1 },
    { msgId: 3, cltID: 2 },
  ],
  msgHistories: [
    { histId: 1, msgId: 1, agtId: 5, Stamp: '2026-10-02 09:00:00.000', DispositionId: 2 },
    { histId: 2, msgId: 2, agtId: 5, Stamp: '2026-10-03 09:00:00.000', DispositionId: 2 },
    { histId: 3, msgId: 3, agtId: 5, Stamp: '2026-10-04 09:00:00.000', DispositionId: 2 },
  ],
};

const setup = (status = '') => `
plans:
  - id: basic
    minimum: { amount: '15.00' }
    lines:
      - { id: base, label: Monthly service, fee: '10.00' }
      - { id: messages, label: Messages delivered, statistic: MsgDlvrd, price: '0.25' }
assignments:
  - { plan: basic, from: '2020-01-01' }
${status}`;

function inputs(setupText: string): RunInputs {
  return runInputs(setupText, 'fixture-not-billed');
}

describe('a billing run and inactive clients', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, rows, library.formulas[0] as Formula, 0);
  });
  afterAll(() => sandbox.close());

  it('invoices the active client only and reports the inactive one’s usage', async () => {
    // BC-A: 10.00 + 2 x 0.25 = 10.50, minimum 15.00 -> true-up 4.50, total 15.00; BC-B not invoiced (no minimum)
    const run = await executeRun(inputs(setup()), sandbox);
    expect(run.invoices.map((invoice) => [invoice.account, invoice.total])).toEqual([['BC-A', '15.00']]);
    const written = JSON.parse(run.files.get('invoices.json') ?? '{}') as { notBilled?: unknown };
    expect(written.notBilled).toEqual([
      { account: 'BC-B', clientNumber: '1002', name: 'Beta Clinic', reason: 'inactive', from: '2026-10-01', until: '2026-10-31', usage: { MsgDlvrd: '1' } },
    ]);
  });

  it('bills inactive clients when the setup says so', async () => {
    // BC-B: 10.00 + 0.25 = 10.25 -> true-up 4.75, total 15.00
    const run = await executeRun(inputs(setup('billingStatus: { inactiveClients: billed }')), sandbox);
    expect(run.invoices.map((invoice) => [invoice.account, invoice.total])).toEqual([
      ['BC-A', '15.00'],
      ['BC-B', '15.00'],
    ]);
    expect(JSON.parse(run.files.get('invoices.json') ?? '{}')).not.toHaveProperty('notBilled');
  });
});
