/**
 * The 13 billing practices of answering services (shared/billing-practice.md), each written as a
 * billing setup (no code) over a small set of calls, and billed end to end: formulas on the
 * fixture rows, then rating. Every expected amount is worked out by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { createEvaluator } from '../../../engine/formulas/evaluate.ts';
import { loadFixture } from '../../../engine/formulas/fixtures.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import type { Invoice } from '../../../engine/rating/model.ts';
import type { BillingPeriod } from '../../../engine/rating/period.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { computeStatistics, formulasFor, statisticsNeeded } from '../../../engine/rating/statistics.ts';

const library = loadLibrary();
const index = indexFormulas(library.formulas);
const OCTOBER: BillingPeriod = { start: '2026-10-01', end: '2026-10-31' };

const client = (cltID: number, BillingCode: string) => ({ cltID, ClientNumber: 1000 + cltID, ClientName: `Client ${cltID}`, BillingCode });
type Row = Record<string, string | number | boolean | null>;
const call = (callId: number, cltId: number, start: string, end: string, counters: Row, Kind = 1) => ({
  start: { callId, cltID: cltId, Stamp: start },
  end: { callId, cltId, Stamp: end, Kind, CompCode: 0, ...counters },
});

/**
 * Client 1 (BC1), secretarial calls (kind 1) on Monday 5 October 2026, work time (Talk + Disc):
 *  c1 45 s talk + 10 s disc (+5 s ring, 20 s hold) = 55 s; c2 61 s talk (+40 s patch);
 *  c3 ring only (0 s work); c4 25 s talk; c5 10 s talk.
 */
const clientOneCalls = [
  call(1, 1, '2026-10-05 09:00:00.000', '2026-10-05 09:01:20.000', { selTalk: 45, selDisc: 10, selRing: 5, selHold: 20 }),
  call(2, 1, '2026-10-05 10:00:00.000', '2026-10-05 10:01:41.000', { selTalk: 61, selPatch: 40 }),
  call(3, 1, '2026-10-05 11:00:00.000', '2026-10-05 11:00:20.000', { selRing: 20 }),
  call(4, 1, '2026-10-05 12:00:00.000', '2026-10-05 12:00:25.000', { selTalk: 25 }),
  call(5, 1, '2026-10-05 13:00:00.000', '2026-10-05 13:00:10.000', { selTalk: 10 }),
];

function fixture(calls: ReturnType<typeof call>[], extra: Record<string, Row[]> = {}, clients = [client(1, 'BC1')]) {
  return { cltClients: clients, statCallStart: calls.map((c) => c.start), statCallEnd: calls.map((c) => c.end), ...extra };
}

describe('billing practices, billed end to end', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openScratchSandbox();
  });
  afterAll(() => sandbox.close());

  async function bill(rows: Record<string, Row[]>, setupYaml: string, period: BillingPeriod = OCTOBER): Promise<Invoice[]> {
    await loadFixture(sandbox, rows, library.formulas[0] as Formula, 0);
    const setup = parseSetupFile(setupYaml, 'practice.yaml');
    const evaluator = createEvaluator({ sandbox, snapshotKey: `practice-${Math.random()}`, index });
    const statistics = await computeStatistics(evaluator, formulasFor(statisticsNeeded(setup), index, setup), {
      start: `${period.start} 00:00:00`,
      end: `${period.end} 23:59:59.997`,
    });
    const clients = (rows.cltClients ?? []).map((c) => ({
      cltID: Number(c.cltID),
      clientNumber: String(c.ClientNumber),
      name: String(c.ClientName),
      billingCode: String(c.BillingCode),
    }));
    return [...rate({ setup, clients, statistics, period }).invoices];
  }
  const amounts = (invoice: Invoice | undefined) => Object.fromEntries((invoice?.lines ?? []).map((line) => [line.lineId, line.amount]));
  const perMinute = (statistic: string, price: string, extra = '') => `
plans:
  - id: p
    lines:
      - { id: minutes, statistic: ${statistic}, price: '${price}'${extra} }
modifiers:
  - { id: to-minutes, statistic: ${statistic}, order: 9, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: p, from: '2020-01-01' }`;

  it('1. work time in 30 s increments, rounded up per call; ring and hold not billed', async () => {
    // 55 -> 60, 61 -> 90, 0 -> 0, 25 -> 30, 10 -> 30: 210 s = 3.5 min x 1.20 = 4.20
    const setup = `statistics:\n  - { id: Work30, formula: WorkSecondsRoundedUp, params: { increment_seconds: 30, states: 'Talk,Disc' } }\n${perMinute('Work30', '1.20')}`;
    const [invoice] = await bill(fixture(clientOneCalls), setup);
    expect(amounts(invoice)).toEqual({ minutes: '4.20' });
    expect(invoice?.total).toBe('4.20');
  });

  it('2. each call rounded up to the next whole minute', async () => {
    // 55 -> 60, 61 -> 120, 0 -> 0, 25 -> 60, 10 -> 60: 300 s = 5 min x 0.95 = 4.75
    const setup = `statistics:\n  - { id: Work60, formula: WorkSecondsRoundedUp, params: { increment_seconds: 60, states: 'Talk,Disc' } }\n${perMinute('Work60', '0.95')}`;
    expect(amounts((await bill(fixture(clientOneCalls), setup))[0])).toEqual({ minutes: '4.75' });
  });

  it('3a. every call under 30 s is free', async () => {
    // c4 (25 s) and c5 (10 s) free: 55 + 61 = 116 s exact = 1.9333.. min x 1.50 = 2.90
    const setup = `statistics:\n  - { id: Free, formula: WorkSecondsFreeUnder, params: { free_under_seconds: 30, increment_seconds: 1, states: 'Talk,Disc' } }\n${perMinute('Free', '1.50')}`;
    expect(amounts((await bill(fixture(clientOneCalls), setup))[0])).toEqual({ minutes: '2.90' });
  });

  it('3b. only the first short call of the month is free', async () => {
    // c4 (25 s, earlier) free, c5 (10 s) billed: 55 + 61 + 10 = 126 s = 2.1 min x 1.50 = 3.15
    const setup = `statistics:\n  - { id: FirstFree, formula: WorkSecondsFirstKFree, params: { free_under_seconds: 30, free_calls: 1, increment_seconds: 1, states: 'Talk,Disc' } }\n${perMinute('FirstFree', '1.50')}`;
    expect(amounts((await bill(fixture(clientOneCalls), setup))[0])).toEqual({ minutes: '3.15' });
  });

  it('4. each call rounded up to the minute plus one extra minute of wrap-up', async () => {
    // (60+60) + (120+60) + 0 + (60+60) + (60+60) = 540 s = 9 min x 1.00 = 9.00
    const setup = `statistics:\n  - { id: Wrap, formula: WorkSecondsWithWrapUp, params: { increment_seconds: 60, wrap_up_seconds: 60, states: 'Talk,Disc' } }\n${perMinute('Wrap', '1.00')}`;
    expect(amounts((await bill(fixture(clientOneCalls), setup))[0])).toEqual({ minutes: '9.00' });
  });

  it('5. selected time of secretarial calls capped per call (the legacy TimeCap, here 1 minute)', async () => {
    // selected time per call: 80 -> 60, 101 -> 60, 20, 25, 10 = 175 s = 2.9166.. min x 1.20 = 3.50
    const setup = `statistics:\n  - { id: Capped, formula: SelectedSecondsCapped, params: { cap_seconds: 60, kinds: '1' } }\n${perMinute('Capped', '1.20')}`;
    expect(amounts((await bill(fixture(clientOneCalls), setup))[0])).toEqual({ minutes: '3.50' });
  });

  it('6. plans with included minutes and overage; the larger plan has the lower overage rate', async () => {
    // BC2: 300 min on Basic: 95 + (300 - 250) x 1.10 = 150.00; BC3: 600 min on Plus: 180 + (600 - 500) x 0.95 = 275.00
    const calls = [
      call(10, 2, '2026-10-06 09:00:00', '2026-10-06 14:00:00', { selTalk: 18000 }),
      call(11, 3, '2026-10-06 09:00:00', '2026-10-06 19:00:00', { selTalk: 36000 }),
    ];
    const setup = `
statistics:
  - { id: Live, formula: WorkSecondsRoundedUp, params: { increment_seconds: 60, states: 'Talk' } }
plans:
  - id: basic
    lines: [{ id: base, fee: '95.00' }, { id: overage, statistic: Live, included: 250, price: '1.10' }]
  - id: plus
    lines: [{ id: base, fee: '180.00' }, { id: overage, statistic: Live, included: 500, price: '0.95' }]
modifiers:
  - { id: to-minutes, statistic: Live, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: basic, scope: { billingCode: BC2 }, from: '2020-01-01' }
  - { plan: plus, scope: { billingCode: BC3 }, from: '2020-01-01' }`;
    const invoices = await bill(fixture(calls, {}, [client(2, 'BC2'), client(3, 'BC3')]), setup);
    expect(invoices.map((invoice) => [invoice.account, invoice.plan, amounts(invoice), invoice.total])).toEqual([
      ['BC2', 'basic', { base: '95.00', overage: '55.00' }, '150.00'],
      ['BC3', 'plus', { base: '180.00', overage: '95.00' }, '275.00'],
    ]);
  });

  it('7. a monthly minimum covering the first hour, then billed per 6 s increment', async () => {
    // BC1: 55 -> 60, 61 -> 66, 0, 25 -> 30, 10 -> 12 = 168 s = 2.8 min x 1.00 = 2.80; minimum 60.00 -> true-up 57.20
    // BC3: 600 min = 600.00, above the minimum: no true-up
    const setup = `
statistics:
  - { id: Six, formula: WorkSecondsRoundedUp, params: { increment_seconds: 6, states: 'Talk,Disc' } }
plans:
  - id: p
    minimum: { amount: '60.00', label: Minimum (first hour) }
    lines: [{ id: minutes, statistic: Six, price: '1.00' }]
modifiers:
  - { id: to-minutes, statistic: Six, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const calls = [...clientOneCalls, call(11, 3, '2026-10-06 09:00:00', '2026-10-06 19:00:00', { selTalk: 36000 })];
    const invoices = await bill(fixture(calls, {}, [client(1, 'BC1'), client(3, 'BC3')]), setup);
    expect(invoices.map((invoice) => [invoice.account, amounts(invoice), invoice.total])).toEqual([
      ['BC1', { minutes: '2.80', minimum: '57.20' }, '60.00'],
      ['BC3', { minutes: '600.00' }, '600.00'],
    ]);
  });

  it('8. different rates by kind of time: live, automated (IVR and voice mail), patching free', async () => {
    // live (Talk, whole minutes): 60 + 120 + 60 + 60 = 300 s = 5 min x 1.20 = 6.00
    // automated: 90 s IVR + 30 s voice mail = 120 s = 2 min x 0.30 = 0.60; patch: 40 s x 0 = 0.00
    const calls = [
      ...clientOneCalls,
      call(6, 1, '2026-10-07 09:00:00', '2026-10-07 09:01:30', { unselAuto: 90 }, 5),
      call(7, 1, '2026-10-07 10:00:00', '2026-10-07 10:00:30', { unselVoiceMail: 30 }, 7),
    ];
    const setup = `
statistics:
  - { id: Live, formula: WorkSecondsRoundedUp, params: { increment_seconds: 60, states: 'Talk' } }
plans:
  - id: p
    lines:
      - { id: live, statistic: Live, price: '1.20' }
      - { id: automated, statistic: UnSelAutoConsensus, price: '0.30' }
      - { id: voicemail, statistic: UnSelVMConsensus, price: '0.30' }
      - { id: patch, statistic: SelPatchConsensus, price: '0' }
modifiers:
  - { id: live-minutes, statistic: Live, convert: { from: seconds, to: minutes } }
  - { id: auto-minutes, statistic: UnSelAutoConsensus, convert: { from: seconds, to: minutes } }
  - { id: vm-minutes, statistic: UnSelVMConsensus, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const [invoice] = await bill(fixture(calls), setup);
    expect(amounts(invoice)).toEqual({ live: '6.00', automated: '0.45', voicemail: '0.15', patch: '0.00' });
    expect(invoice?.total).toBe('6.60');
  });

  it('9. each automated event (inbound SMS, e-mail) billed as 6 s of live time', async () => {
    // talk: 45 + 61 + 0 + 25 + 10 = 141 s; + 3 inbound SMS x 6 + 2 inbound e-mails x 6 = 171 s = 2.85 min x 1.00 = 2.85
    const sms = [1, 2, 3].map((i) => ({ cltID: 1, Timestamp: `2026-10-08 0${i}:00:00`, Error: null, Inbound: true }));
    const email = [1, 2].map((i) => ({ cltID: 1, Timestamp: `2026-10-08 1${i}:00:00`, Error: null, Inbound: true }));
    const outbound = [{ cltID: 1, Timestamp: '2026-10-08 20:00:00', Error: null, Inbound: false }];
    const setup = `
statistics:
  - { id: Talk, formula: WorkSecondsRoundedUp, params: { increment_seconds: 1, states: 'Talk' } }
plans:
  - id: p
    lines: [{ id: minutes, statistic: Talk, price: '1.00' }]
modifiers:
  - { id: sms-as-time, statistic: Talk, order: 1, addStatistic: { statistic: SmsIn, factor: 6 } }
  - { id: email-as-time, statistic: Talk, order: 2, addStatistic: { statistic: EmailIn, factor: 6 } }
  - { id: to-minutes, statistic: Talk, order: 3, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const [invoice] = await bill(fixture(clientOneCalls, { statSms: [...sms, ...outbound], statEmail: email }), setup);
    expect(amounts(invoice)).toEqual({ minutes: '2.85' });
    const steps = invoice?.lines[0]?.steps.filter((step) => step.kind === 'modifier').map((step) => step.kind === 'modifier' && [step.modifier, step.after]);
    expect(steps).toEqual([
      ['sms-as-time', '159'],
      ['email-as-time', '171'],
      ['to-minutes', '2.85'],
    ]);
  });

  it('10. a flat price per call and per message taken', async () => {
    // 5 secretarial calls x 1.35 = 6.75; 2 messages taken x 0.75 = 1.50
    const messages = {
      msgMessages: [
        { msgId: 1, cltID: 1 },
        { msgId: 2, cltID: 1 },
      ],
      msgHistories: [
        { histId: 1, msgId: 1, agtId: 9, Stamp: '2026-10-05 09:01:00', DispositionId: 0 },
        { histId: 2, msgId: 2, agtId: 9, Stamp: '2026-10-05 10:01:00', DispositionId: 0 },
      ],
    };
    const setup = `
plans:
  - id: p
    lines:
      - { id: calls, statistic: SecCallsConsensus, price: '1.35' }
      - { id: messages, statistic: MsgTaken, price: '0.75' }
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const [invoice] = await bill(fixture(clientOneCalls, messages), setup);
    expect(amounts(invoice)).toEqual({ calls: '6.75', messages: '1.50' });
    expect(invoice?.total).toBe('8.25');
  });

  it('11. a holiday surcharge and a 1.5 multiplier on after-hours minutes', async () => {
    // Monday 12 October is a holiday: c21 starts then -> 1 holiday call x 2.00 = 2.00
    // c22 starts Tuesday 20:00 (after hours), 61 s talk -> 120 s = 2 min x 1.00 = 2.00 x 1.5 = 3.00
    const calls = [
      call(21, 1, '2026-10-12 10:00:00', '2026-10-12 10:01:00', { selTalk: 60 }),
      call(22, 1, '2026-10-13 20:00:00', '2026-10-13 20:01:01', { selTalk: 61 }),
      call(23, 1, '2026-10-13 10:00:00', '2026-10-13 10:01:00', { selTalk: 60 }),
    ];
    const calendar = "business_days: '1,2,3,4,5', business_start: '08:00', business_end: '17:00', holidays: '2026-10-12'";
    const setup = `
statistics:
  - { id: Holidays, formula: CallsHoliday, params: { ${calendar} } }
  - { id: AfterHours, formula: WorkSecondsAfterHours, params: { ${calendar}, increment_seconds: 60, states: 'Talk' } }
plans:
  - id: p
    lines:
      - { id: holiday, label: Holiday surcharge, statistic: Holidays, price: '2.00' }
      - { id: after-hours, label: After-hours minutes, statistic: AfterHours, price: '1.00', multiplier: '1.5' }
modifiers:
  - { id: to-minutes, statistic: AfterHours, convert: { from: seconds, to: minutes } }
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const [invoice] = await bill(fixture(calls), setup);
    expect(amounts(invoice)).toEqual({ holiday: '2.00', 'after-hours': '3.00' });
  });

  it('12. a setup fee and a base fee billed in advance, prorated for a partial first month', async () => {
    // plan starts 11 October: base 95.00 x 21/31 = 64.3548.. -> 64.35; setup 50.00 once; total 114.35
    // November: base 95.00 in full, no setup fee
    const setup = `
plans:
  - id: p
    lines:
      - { id: setup, label: Setup, fee: '50.00', recurrence: once }
      - { id: base, label: Monthly service, fee: '95.00', prorate: true }
assignments:
  - { plan: p, from: '2026-10-11' }`;
    const [october] = await bill(fixture([]), setup);
    expect(amounts(october)).toEqual({ setup: '50.00', base: '64.35' });
    expect(october?.total).toBe('114.35');
    const prorate = october?.lines[1]?.steps.find((step) => step.kind === 'prorate');
    expect(prorate).toMatchObject({ days: 21, daysInPeriod: 31 });
    const [november] = await bill(fixture([]), setup, { start: '2026-11-01', end: '2026-11-30' });
    expect(amounts(november)).toEqual({ base: '95.00' });
  });

  it('13. several IS clients billed as one account, by billing code and by an explicit master', async () => {
    // clients 1 and 2 share BC-A; clients 3 and 4 are billed under master GROUP; calls: 1 + 2 | 1 + 1
    const calls = [
      call(31, 1, '2026-10-05 09:00:00', '2026-10-05 09:01:00', { selTalk: 60 }),
      call(32, 2, '2026-10-05 09:00:00', '2026-10-05 09:01:00', { selTalk: 60 }),
      call(33, 2, '2026-10-05 10:00:00', '2026-10-05 10:01:00', { selTalk: 60 }),
      call(34, 3, '2026-10-05 09:00:00', '2026-10-05 09:01:00', { selTalk: 60 }),
      call(35, 4, '2026-10-05 09:00:00', '2026-10-05 09:01:00', { selTalk: 60 }),
    ];
    const setup = `
accounts:
  groupBy: billingCode
  masters:
    - { account: GROUP, clients: ['1003', '1004'] }
plans:
  - id: p
    lines: [{ id: calls, statistic: SecCallsConsensus, price: '2.00' }]
assignments:
  - { plan: p, from: '2020-01-01' }`;
    const invoices = await bill(fixture(calls, {}, [client(1, 'BC-A'), client(2, 'BC-A'), client(3, 'BC-C'), client(4, 'BC-D')]), setup);
    expect(invoices.map((invoice) => [invoice.account, invoice.clients.map((c) => c.clientNumber), invoice.total])).toEqual([
      ['BC-A', ['1001', '1002'], '6.00'],
      ['GROUP', ['1003', '1004'], '4.00'],
    ]);
  });
});
