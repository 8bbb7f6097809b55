/**
 * Allowances and tiers as sold: one allowance shared by lines priced apart, drawn down in the
 * stated order; tiers counted on the total or on the units after the allowance, as the line says;
 * caps and rounding on an account's pooled statistic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exact, sum } from '../../../engine/rating/money.ts';
import type { BillingSetup, ClientInfo, Invoice, Pricing, UsageLine } from '../../../engine/rating/model.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { createRatingMemo } from '../../../engine/rating/rating-memo.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';

const OCTOBER = { start: '2026-10-01', end: '2026-10-31' };
const client = (n: number, billingCode = `BC${n}`): ClientInfo => ({ cltID: n, clientNumber: String(1000 + n), name: `Client ${n}`, billingCode });

/** Statistic -> cltID -> value. */
function statistics(values: Record<string, Record<number, string>>): Statistics {
  return new Map(
    Object.entries(values).map(([name, byClient]) => [name, statisticValues(new Map(Object.entries(byClient).map(([id, v]) => [Number(id), v])))]),
  );
}

function bill(setupText: string, values: Record<string, Record<number, string>>, clients = [client(1)]): Invoice[] {
  const setup = parseSetupFile(setupText, 'setup.yaml');
  return [...rate({ setup, clients, statistics: statistics(values), period: OCTOBER }).invoices];
}

const amounts = (invoice: Invoice | undefined) => Object.fromEntries((invoice?.lines ?? []).map((line) => [line.lineId, line.amount]));
const ASSIGNED = `assignments:\n  - { plan: p, from: '2020-01-01' }\n`;

describe('an allowance shared by lines priced apart', () => {
  const shared = (order: string) => `plans:
  - id: p
    allowances:
      - { id: bundle, units: 500, lines: [${order}] }
    lines:
      - { id: day, statistic: Day, price: '1.00' }
      - { id: night, statistic: Night, price: '1.50' }
${ASSIGNED}`;
  const usage = { Day: { 1: '400' }, Night: { 1: '300' } };

  it('is drawn down in the stated order: night first leaves 200 for day, 200 x 1.00 = 200.00', () => {
    const [invoice] = bill(shared('night, day'), usage);
    expect(amounts(invoice)).toEqual({ day: '200.00', night: '0.00' });
    expect(invoice?.lines.find((line) => line.lineId === 'day')?.steps).toContainEqual({
      kind: 'allowance',
      allowance: 'bundle',
      available: '200',
      drawn: '200',
      billable: '200',
    });
  });

  it('day first leaves 100 for night: 200 x 1.50 = 300.00', () => {
    const [invoice] = bill(shared('day, night'), usage);
    expect(amounts(invoice)).toEqual({ day: '0.00', night: '300.00' });
    expect(invoice?.total).toBe('300.00');
  });

  it('is shared per account: each account has its own 500 units', () => {
    const invoices = bill(shared('night, day'), { Day: { 1: '400', 2: '600' }, Night: { 1: '300', 2: '0' } }, [client(1), client(2)]);
    expect(invoices.map((invoice) => [invoice.account, invoice.total])).toEqual([
      ['BC1', '200.00'],
      ['BC2', '100.00'],
    ]);
  });

  it('gives the memo the values of every line sharing it: new night values re-rate the day line', () => {
    const setup = parseSetupFile(shared('night, day'), 'setup.yaml');
    const memo = createRatingMemo();
    rate({ setup, clients: [client(1)], statistics: statistics(usage), period: OCTOBER, memo });
    const changed = statistics({ Day: { 1: '400' }, Night: { 1: '100' } });
    const memoised = rate({ setup, clients: [client(1)], statistics: changed, period: OCTOBER, memo });
    expect(memoised).toEqual(rate({ setup, clients: [client(1)], statistics: changed, period: OCTOBER }));
    // Night 100 leaves 400: day 400 - 400 = 0.00.
    expect(amounts(memoised.invoices[0])).toEqual({ day: '0.00', night: '0.00' });
  });
});

describe('tiers counted on the total or on the billable units', () => {
  const tiered = (pricing: string, tiersOn?: string) => `plans:
  - id: p
    lines:
      - { id: live, statistic: Live, included: 250, ${pricing}${tiersOn ? `, tiersOn: ${tiersOn}` : ''} }
${ASSIGNED}`;
  const graduated = "graduated: [{ upTo: 1000, price: '1.15' }, { price: '0.99' }]";
  const volume = "volume: [{ upTo: 1000, price: '1.15' }, { price: '0.99' }]";
  const live = { Live: { 1: '1200' } };

  it('graduated on billable units (as before, and the default): 950 x 1.15 = 1092.50', () => {
    expect(amounts(bill(tiered(graduated, 'billable'), live)[0])).toEqual({ live: '1092.50' });
    expect(amounts(bill(tiered(graduated), live)[0])).toEqual({ live: '1092.50' });
  });

  it('graduated on the total: units 250-1000 at 1.15 and 1000-1200 at 0.99 = 862.50 + 198.00 = 1060.50', () => {
    const [invoice] = bill(tiered(graduated, 'total'), live);
    expect(amounts(invoice)).toEqual({ live: '1060.50' });
    expect(invoice?.lines[0]?.steps.filter((step) => step.kind === 'tier')).toEqual([
      { kind: 'tier', from: '250', to: '1000', units: '750', price: '1.15', amount: '862.5' },
      { kind: 'tier', from: '1000', to: null, units: '200', price: '0.99', amount: '198' },
    ]);
  });

  it('volume on the total: the 950 billable units at the band of 1200 units, 0.99 = 940.50; on billable units 1.15 = 1092.50', () => {
    expect(amounts(bill(tiered(volume, 'total'), live)[0])).toEqual({ live: '940.50' });
    expect(amounts(bill(tiered(volume, 'billable'), live)[0])).toEqual({ live: '1092.50' });
  });

  it('with a shared allowance and tiers on the total, the allowance covers the line’s first units', () => {
    // Night draws its 300 first; day draws the 200 left of 500 and bills units 200-800 of its 800:
    // 200-500 at 1.00 = 300.00, 500-800 at 0.80 = 240.00 -> 540.00.
    const setup = `plans:
  - id: p
    allowances: [{ id: bundle, units: 500, lines: [night, day] }]
    lines:
      - { id: day, statistic: Day, graduated: [{ upTo: 500, price: '1.00' }, { price: '0.80' }], tiersOn: total }
      - { id: night, statistic: Night, price: '1.50' }
${ASSIGNED}`;
    expect(amounts(bill(setup, { Day: { 1: '800' }, Night: { 1: '300' } })[0])).toEqual({ day: '540.00', night: '0.00' });
  });
});

describe('the setup refuses what it cannot bill as meant', () => {
  const refused = (lines: string, allowances: string, message: string, line: number, field: string) =>
    it(`refuses: ${message}`, () => {
      const text = `plans:\n  - id: p\n    allowances: [${allowances}]\n    lines:\n${lines}${ASSIGNED}`;
      const attempt = () => parseSetupFile(text, 'setup.yaml');
      expect(attempt).toThrow(message);
      expect(attempt).toThrow(expect.objectContaining({ location: expect.objectContaining({ line, field }) }));
    });
  const day = "      - { id: day, statistic: Day, price: '1.00' }\n";
  const tieredDay = "      - { id: day, statistic: Day, graduated: [{ upTo: 10, price: '1.00' }, { price: '0.50' }] }\n";
  refused(
    tieredDay,
    '{ id: b, units: 5, lines: [day] }',
    'line day has graduated tiers and draws from allowance b: say how they combine, tiersOn: total',
    5,
    'plans.0.lines.0',
  );
  refused(day, '{ id: b, units: 5, lines: [dya] }', 'this plan has no usage line dya', 3, 'plans.0.allowances.0.lines.0');
  refused(
    "      - { id: day, statistic: Day, price: '1.00', included: 3 }\n",
    '{ id: b, units: 5, lines: [day] }',
    'cannot also have included units',
    5,
    'plans.0.lines.0.included',
  );
  refused(
    "      - { id: day, statistic: Day, price: '1.00', included: 3, tiersOn: total }\n",
    '',
    'tiersOn is for graduated or volume tiers',
    5,
    'plans.0.lines.0.tiersOn',
  );
  refused(
    day,
    '{ id: b, units: 5, lines: [day] }, { id: c, units: 5, lines: [day] }',
    'line day already draws from allowance b',
    3,
    'plans.0.allowances.1.lines.0',
  );
});

describe('caps and rounding on an account’s pooled statistic', () => {
  const pooled = (modifiers: string) => `accounts: { groupBy: billingCode }
plans:
  - id: p
    lines: [{ id: minutes, statistic: Minutes, price: '1.00' }]
modifiers:
${modifiers}${ASSIGNED}`;
  const twoClients = [client(1, 'BC1'), client(2, 'BC1')];

  it('caps the account’s total, not each client: 700 + 600 = 1300 capped at 1000 -> 1000.00', () => {
    const [invoice] = bill(
      pooled('  - { id: cap, statistic: Minutes, per: account, limit: { max: 1000 } }\n'),
      { Minutes: { 1: '700', 2: '600' } },
      twoClients,
    );
    expect(amounts(invoice)).toEqual({ minutes: '1000.00' });
    expect(invoice?.lines[0]?.steps).toContainEqual({
      kind: 'accountModifier',
      account: 'BC1',
      modifier: 'cap',
      description: 'cap',
      before: '1300',
      after: '1000',
    });
    // The same cap per client does not bite: 700 + 600 = 1300.00.
    expect(amounts(bill(pooled('  - { id: cap, statistic: Minutes, limit: { max: 1000 } }\n'), { Minutes: { 1: '700', 2: '600' } }, twoClients)[0])).toEqual({
      minutes: '1300.00',
    });
  });

  it('rounds the pooled minutes once: 10.2 + 10.2 = 20.4 up to 21, where per client it is 11 + 11 = 22', () => {
    const round = (per: string) => `  - { id: whole, statistic: Minutes, ${per}round: { increment: 1, mode: up } }\n`;
    const values = { Minutes: { 1: '10.2', 2: '10.2' } };
    expect(amounts(bill(pooled(round('per: account, ')), values, twoClients)[0])).toEqual({ minutes: '21.00' });
    expect(amounts(bill(pooled(round('')), values, twoClients)[0])).toEqual({ minutes: '22.00' });
  });

  it('refuses adding a statistic per account', () => {
    expect(() =>
      parseSetupFile(pooled('  - { id: add, statistic: Minutes, per: account, addStatistic: { statistic: Sms, factor: 1 } }\n'), 'setup.yaml'),
    ).toThrow('statistics are added per client');
  });
});

describe('drawing from an allowance', () => {
  const cents = (n: number) => exact(n).div(100);
  const pricing: fc.Arbitrary<{ pricing: Pricing; tiersOn?: 'total' | 'billable' }> = fc.oneof(
    fc.integer({ min: 0, max: 500 }).map((p) => ({ pricing: { kind: 'unit', price: cents(p) } as Pricing })),
    fc
      .tuple(
        fc.integer({ min: 1, max: 800 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom('total' as const, 'billable' as const),
      )
      .map(([upTo, a, b, tiersOn]) => ({
        pricing: {
          kind: 'graduated',
          tiers: [
            { upTo: exact(upTo), price: cents(a) },
            { upTo: null, price: cents(b) },
          ],
        } as Pricing,
        tiersOn,
      })),
    // Volume tiers on billable units are not monotone (fewer units can reach a dearer band): only on the total.
    fc.tuple(fc.integer({ min: 1, max: 800 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })).map(([upTo, a, b]) => ({
      pricing: {
        kind: 'volume',
        tiers: [
          { upTo: exact(upTo), price: cents(a) },
          { upTo: null, price: cents(b) },
        ],
      } as Pricing,
      tiersOn: 'total' as const,
    })),
    fc
      .tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 5000 }))
      .map(([size, p]) => ({ pricing: { kind: 'package', size: exact(size), price: cents(p) } as Pricing })),
  );

  it('never bills more than the same lines without the allowance, and each line draws at most what it uses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pricing, fc.integer({ min: 0, max: 2000 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.boolean(),
        (sold, units, reversed) => {
          const members = sold.map(([p, quantity], i) => ({ ...p, quantity, id: `l${i}`, statistic: `S${i}` }));
          const order = reversed ? [...members].reverse() : members;
          const allowance = { id: 'bundle', units: exact(units), lines: order.map((m) => ({ line: m.id, statistic: m.statistic })) };
          const line = (m: (typeof members)[number], shared: boolean): UsageLine => ({
            kind: 'usage',
            id: m.id,
            label: m.id,
            statistic: m.statistic,
            included: exact(0),
            pricing: m.pricing,
            multiplier: exact(1),
            ...(m.tiersOn ? { tiersOn: m.tiersOn } : {}),
            ...(shared ? { allowance } : {}),
          });
          const setup = (shared: boolean): BillingSetup => ({
            statistics: [],
            plans: [{ kind: 'plan', id: 'p', name: 'p', currency: 'USD', lines: members.map((m) => line(m, shared)) }],
            modifiers: [],
            assignments: [{ plan: 'p', scope: { kind: 'global' }, from: '2020-01-01' }],
            accounts: { groupBy: 'client', masters: [] },
            rounding: { money: { scale: 2, mode: 'half-up' }, apply: 'per-line' },
          });
          const stats = statistics(Object.fromEntries(members.map((m) => [m.statistic, { 1: String(m.quantity) }])));
          const total = (shared: boolean) =>
            exact(rate({ setup: setup(shared), clients: [client(1)], statistics: stats, period: OCTOBER }).invoices[0]?.total ?? 'NaN');
          expect(total(true).lte(total(false))).toBe(true);
          const [invoice] = rate({ setup: setup(true), clients: [client(1)], statistics: stats, period: OCTOBER }).invoices;
          const draws = (invoice?.lines ?? []).flatMap((l) => l.steps.flatMap((step) => (step.kind === 'allowance' ? [exact(step.drawn)] : [])));
          expect(sum(draws).lte(units)).toBe(true);
          expect(sum(draws).eq(Math.min(units, sum(members.map((m) => exact(m.quantity))).toNumber()))).toBe(true);
          for (const m of members) {
            const drew = invoice?.lines.find((l) => l.lineId === m.id)?.steps.find((step) => step.kind === 'allowance');
            expect(drew && exact((drew as { drawn: string }).drawn).lte(m.quantity)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
