/**
 * Per-call money rules: each call priced on its own, at least a minimum and at most a maximum
 * charge, computed exactly by the library formula CallChargesBounded and billed on a plan line at
 * price 1, end to end from call rows to the invoice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureRows, Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import type { Invoice } from '../../../engine/rating/model.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../../engine/rating/statistics.ts';

const library = loadLibrary();
const index = indexFormulas(library.formulas);
const OCTOBER = { start: '2026-10-01', end: '2026-10-31' };

/** Client 1's secretarial calls of October, by their talk seconds: 45, 30, 0 (ring only), 200. */
const rows: FixtureRows = {
  cltClients: [{ cltID: 1, ClientNumber: 1001, ClientName: 'Client 1', BillingCode: 'BC1' }],
  statCallEnd: [
    { callId: 1, cltId: 1, Stamp: '2026-10-05 10:00:45.000', Kind: 1, CompCode: 0, selTalk: 45 },
    { callId: 2, cltId: 1, Stamp: '2026-10-06 10:00:30.000', Kind: 1, CompCode: 0, selTalk: 30 },
    { callId: 3, cltId: 1, Stamp: '2026-10-07 10:00:12.000', Kind: 1, CompCode: 0, selRing: 12 },
    { callId: 4, cltId: 1, Stamp: '2026-10-08 10:03:20.000', Kind: 1, CompCode: 0, selTalk: 200 },
  ],
};

const setupWith = (params: string) => `statistics:
  - { id: CallCharges, formula: CallChargesBounded, params: { ${params} } }
plans:
  - id: per-call
    lines:
      - { id: calls, label: Calls (each at least 0.75), statistic: CallCharges, price: '1' }
assignments:
  - { plan: per-call, from: '2020-01-01' }
`;

describe('a minimum and a maximum charge per call', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
    await loadFixture(sandbox, rows, library.formulas[0] as Formula, 0);
  });
  afterAll(() => sandbox.close());

  async function bill(setupText: string): Promise<Invoice | undefined> {
    const setup = parseSetupFile(setupText, 'per-call.yaml');
    const evaluator = createEvaluator({ sandbox, snapshotKey: `per-call-${Math.random()}`, index });
    const statistics = await computeStatistics(evaluator, formulasFor(statisticsNeeded(setup), index, setup), {
      start: '2026-10-01 00:00:00',
      end: '2026-10-31 23:59:59.997',
    });
    const clients = [{ cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' }];
    return rate({ setup, clients, statistics, period: OCTOBER }).invoices[0];
  }

  it('raises each call to 0.75: 1.10 a minute in 6 s increments, 0.88 + 0.75 + 3.74 = 5.37', async () => {
    // 45 s = 8 x 0.11 = 0.88; 30 s = 5 x 0.11 = 0.55 -> 0.75; the ring-only call is not charged;
    // 200 s = 34 x 0.11 = 3.74.
    const invoice = await bill(setupWith("increment_seconds: 6, price_per_increment: '0.11', minimum_charge: '0.75'"));
    expect(invoice?.lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([['calls', '5.37', '5.37']]);
    expect(invoice?.total).toBe('5.37');
  });

  it('caps each call at 2.00 as well: 0.88 + 0.75 + 2.00 = 3.63', async () => {
    const invoice = await bill(setupWith("increment_seconds: 6, price_per_increment: '0.11', minimum_charge: '0.75', maximum_charge: '2.00'"));
    expect(invoice?.total).toBe('3.63');
  });

  it('without limits is the per-call price: whole minutes at 1.10, 1 + 1 + 4 minutes = 6.60', async () => {
    expect((await bill(setupWith("price_per_increment: '1.10'")))?.total).toBe('6.60');
  });

  it('refuses a maximum below the minimum, saying so', async () => {
    await expect(bill(setupWith("price_per_increment: '1.10', minimum_charge: '2.00', maximum_charge: '1.00'"))).rejects.toThrow(
      'maximum_charge 1.000000 is below minimum_charge 2.000000',
    );
  });
});
