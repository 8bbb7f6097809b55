/**
 * Billing status (docs/rating.md, "Billing status"): inactive IS clients, cancelled and excluded
 * clients or accounts are not invoiced; their usage is reported with the reason. Amounts by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientInfo, Invoice } from '../../../engine/rating/model.ts';
import type { BillingPeriod } from '../../../engine/rating/period.ts';
import { rate, type RatingResult } from '../../../engine/rating/rate.ts';
import { ratingRanges } from '../../../engine/rating/rating-ranges.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';

const OCTOBER: BillingPeriod = { start: '2026-10-01', end: '2026-10-31' };

const client = (n: number, billingCode: string, inactive = false): ClientInfo => ({
  cltID: n,
  clientNumber: String(1000 + n),
  name: `Client ${n}`,
  billingCode,
  inactive,
});
const CLIENTS = [client(1, 'BC1'), client(2, 'BC1', true), client(3, 'BC2'), client(4, 'BC3'), client(5, 'BC4')];

const calls = (values: Record<number, number>): Statistics =>
  new Map([['Calls', statisticValues(new Map(Object.entries(values).map(([id, n]) => [Number(id), String(n)])))]]);

// The month's calls per client, and client 4's before and after its cancellation on the 10th.
const MONTH = calls({ 1: 10, 2: 4, 3: 7, 4: 25, 5: 3 });
const BY_RANGE = new Map([
  ['2026-10-01..2026-10-10', calls({ 1: 2, 2: 1, 3: 1, 4: 8, 5: 0 })],
  ['2026-10-11..2026-10-31', calls({ 1: 8, 2: 3, 3: 6, 4: 17, 5: 3 })],
]);

const setupWith = (status: string) => `
plans:
  - id: p
    minimum: { amount: '40.00', prorate: true }
    lines:
      - { id: base, label: Monthly service, fee: '30.00', prorate: true }
      - { id: calls, label: Calls, statistic: Calls, price: '1.00' }
assignments:
  - { plan: p, from: '2020-01-01' }
${status}`;

const STATUS = `
billingStatus:
  cancelled:
    - { client: 1004, until: '2026-10-10', reason: Closed the office }
    - { account: BC4, until: '2026-09-30' }
  excluded:
    - { account: BC2, reason: Pro bono }`;

function bill(yaml: string): RatingResult {
  return rate({ setup: parseSetupFile(yaml, 'status.yaml'), clients: CLIENTS, statistics: MONTH, period: OCTOBER, statisticsByRange: BY_RANGE });
}
const byAccount = (result: RatingResult) => Object.fromEntries(result.invoices.map((invoice: Invoice) => [invoice.account, invoice.total]));

describe('billing status', () => {
  it('invoices neither an inactive, an excluded nor a cancelled client, and reports the usage of each with why', () => {
    // BC1: client 1 only (client 2 inactive): 30.00 + 10 x 1.00 = 40.00, the minimum met
    // BC3: client 4 billed 1-10 October: 30.00 x 10/31 = 9.677.. -> 9.68; 8 calls -> 8.00;
    //      minimum 40.00 x 10/31 = 12.903.. <= 17.68: no true-up; total 17.68
    // BC2 excluded, BC4 cancelled before the period: no invoice, and not "unassigned"
    const result = bill(setupWith(STATUS));
    expect(byAccount(result)).toEqual({ BC1: '40.00', BC3: '17.68' });
    expect(result.invoices.find((invoice) => invoice.account === 'BC1')?.clients).toEqual([{ clientNumber: '1001', name: 'Client 1' }]);
    expect(result.unassigned).toEqual([]);
    expect(result.notBilled).toEqual([
      { account: 'BC1', clientNumber: '1002', name: 'Client 2', reason: 'inactive', from: '2026-10-01', until: '2026-10-31', usage: { Calls: '4' } },
      {
        account: 'BC2',
        clientNumber: '1003',
        name: 'Client 3',
        reason: 'excluded',
        note: 'Pro bono',
        from: '2026-10-01',
        until: '2026-10-31',
        usage: { Calls: '7' },
      },
      {
        account: 'BC3',
        clientNumber: '1004',
        name: 'Client 4',
        reason: 'cancelled',
        note: 'Closed the office',
        from: '2026-10-11',
        until: '2026-10-31',
        usage: { Calls: '17' },
      },
      { account: 'BC4', clientNumber: '1005', name: 'Client 5', reason: 'cancelled', from: '2026-10-01', until: '2026-10-31', usage: { Calls: '3' } },
    ]);
  });

  it('does not bill inactive clients by default, and bills them when the setup says so', () => {
    expect(byAccount(bill(setupWith('')))).toMatchObject({ BC1: '40.00' });
    // clients 1 and 2: 30.00 + 14 x 1.00 = 44.00
    const billed = bill(setupWith('billingStatus: { inactiveClients: billed }'));
    expect(byAccount(billed)).toMatchObject({ BC1: '44.00' });
    expect(billed.notBilled).toEqual([]);
  });

  it('asks for the statistics of the days before and after a cancellation inside the period', () => {
    expect(ratingRanges(parseSetupFile(setupWith(STATUS), 'status.yaml'), CLIENTS, OCTOBER)).toEqual([
      { start: '2026-10-01', end: '2026-10-10' },
      { start: '2026-10-11', end: '2026-10-31' },
    ]);
  });

  it('refuses a cancellation naming both a client and an account, or an unknown status, saying where', () => {
    const both = setupWith(`billingStatus:\n  cancelled:\n    - { client: 1004, account: BC3, until: '2026-10-10' }`);
    expect(() => parseSetupFile(both, 'status.yaml')).toThrowError(
      expect.objectContaining({
        message: expect.stringContaining('name either a client or an account'),
        location: expect.objectContaining({ file: 'status.yaml', line: 12, field: 'billingStatus.cancelled.0.client' }),
      }),
    );
    const unknown = setupWith('billingStatus: { inactiveClients: sometimes }');
    expect(() => parseSetupFile(unknown, 'status.yaml')).toThrow(/inactiveClients: not-billed \(the default\) or billed/);
  });
});

describe('billing status invariants', () => {
  it('every client is either on an invoice or reported not billed, never both, and its usage is never lost', () => {
    const clientArb = fc.record({ code: fc.constantFrom('A', 'B', 'C'), inactive: fc.boolean(), calls: fc.nat(50) });
    fc.assert(
      fc.property(fc.array(clientArb, { minLength: 1, maxLength: 6 }), fc.subarray(['A', 'B', 'C']), fc.boolean(), (specs, excludedCodes, billInactive) => {
        const clients = specs.map((spec, i) => ({ ...client(i + 1, spec.code, spec.inactive) }));
        const statistics = calls(Object.fromEntries(specs.map((spec, i) => [i + 1, spec.calls])));
        const excluded = excludedCodes.map((code) => `{ account: ${code} }`).join(', ');
        const yaml = setupWith(`billingStatus: { inactiveClients: ${billInactive ? 'billed' : 'not-billed'}, excluded: [${excluded}] }`);
        const result = rate({ setup: parseSetupFile(yaml, 'status.yaml'), clients, statistics, period: OCTOBER });
        const invoiced = result.invoices.flatMap((invoice) => invoice.clients.map((c) => c.clientNumber));
        const reported = result.notBilled.map((entry) => entry.clientNumber);
        expect([...invoiced, ...reported].sort()).toEqual(clients.map((c) => c.clientNumber).sort());
        for (const entry of result.notBilled) {
          const spec = specs[Number(entry.clientNumber) - 1001];
          expect(entry.usage).toEqual({ Calls: String(spec?.calls) });
          expect(entry.reason).toBe(excludedCodes.includes(spec?.code ?? '') ? 'excluded' : 'inactive');
        }
        const billedCalls = result.invoices.reduce((total, invoice) => total + Number(invoice.lines.find((line) => line.lineId === 'calls')?.quantity ?? 0), 0);
        const reportedCalls = result.notBilled.reduce((total, entry) => total + Number(entry.usage.Calls), 0);
        expect(billedCalls + reportedCalls).toBe(specs.reduce((total, spec) => total + spec.calls, 0));
      }),
      { numRuns: 150 },
    );
  });
});
