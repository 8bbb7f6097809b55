/**
 * Modifiers of a statistic hold wherever the statistic is used: also when an `addStatistic`
 * modifier adds it to another statistic, its own caps, rounding and conversions apply first.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import type { ClientInfo, Modifier, ModifierOperation, Scope } from '../../../engine/rating/model.ts';
import { applyModifiers } from '../../../engine/rating/modifiers.ts';
import { exact, type Exact } from '../../../engine/rating/money.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues } from '../../../engine/rating/statistics.ts';

const CLIENT: ClientInfo = { cltID: 1, clientNumber: '1001', name: 'Client 1', billingCode: 'BC1' };

function modifier(id: string, statistic: string, order: number, operation: ModifierOperation, scope: Scope = { kind: 'global' }): Modifier {
  return { kind: 'modifier', id, statistic, scope, order, description: id, operation };
}

const raw: Record<string, Exact> = { Talk: exact(600), SmsIn: exact(10), EmailIn: exact(7) };
const valueOf = (statistic: string): Exact => raw[statistic] ?? exact(0);

describe('a statistic added to another', () => {
  it('is taken with its own cap: 600 s of talk + min(10, 5) messages x 6 s = 630 s', () => {
    const modifiers = [
      modifier('sms-as-time', 'Talk', 1, { op: 'addStatistic', statistic: 'SmsIn', factor: exact(6) }),
      modifier('sms-cap', 'SmsIn', 1, { op: 'limit', max: exact(5) }),
    ];
    const result = applyModifiers(exact(600), 'Talk', CLIENT, modifiers, valueOf);
    expect(result.value.toFixed()).toBe('630');
    // The added statistic's raw value and its cap are explained before the addition.
    expect(result.steps).toEqual([
      { kind: 'statistic', clientNumber: '1001', statistic: 'SmsIn', value: '10' },
      { kind: 'modifier', clientNumber: '1001', modifier: 'sms-cap', description: 'sms-cap', before: '10', after: '5' },
      { kind: 'modifier', clientNumber: '1001', modifier: 'sms-as-time', description: 'sms-as-time', before: '600', after: '630' },
    ]);
  });

  it('applies the added statistic’s modifiers that are in scope for the client only', () => {
    const modifiers = [
      modifier('sms-as-time', 'Talk', 1, { op: 'addStatistic', statistic: 'SmsIn', factor: exact(6) }),
      modifier('other-cap', 'SmsIn', 1, { op: 'limit', max: exact(5) }, { kind: 'billingCode', billingCode: 'BC2' }),
    ];
    const result = applyModifiers(exact(600), 'Talk', CLIENT, modifiers, valueOf);
    // 600 + 10 x 6: the cap is another billing code's; no step for SmsIn beyond the addition.
    expect(result.value.toFixed()).toBe('660');
    expect(result.steps.map((step) => step.kind)).toEqual(['modifier']);
  });

  it('follows a chain: emails rounded up to 10, added to messages, messages capped at 15, added to talk', () => {
    const modifiers = [
      modifier('sms-as-time', 'Talk', 1, { op: 'addStatistic', statistic: 'SmsIn', factor: exact(6) }),
      modifier('emails-too', 'SmsIn', 1, { op: 'addStatistic', statistic: 'EmailIn', factor: exact(1) }),
      modifier('sms-cap', 'SmsIn', 2, { op: 'limit', max: exact(15) }),
      modifier('email-blocks', 'EmailIn', 1, { op: 'round', increment: exact(10), mode: 'up' }),
    ];
    // EmailIn 7 -> 10; SmsIn 10 + 10 = 20 -> capped 15; Talk 600 + 15 x 6 = 690.
    expect(applyModifiers(exact(600), 'Talk', CLIENT, modifiers, valueOf).value.toFixed()).toBe('690');
  });

  it('refuses statistics that add each other, naming the cycle and the modifier', () => {
    const modifiers = [
      modifier('sms-as-time', 'Talk', 1, { op: 'addStatistic', statistic: 'SmsIn', factor: exact(6) }),
      modifier('talk-into-sms', 'SmsIn', 1, { op: 'addStatistic', statistic: 'Talk', factor: exact(1) }),
    ];
    const attempt = () => applyModifiers(exact(600), 'Talk', CLIENT, modifiers, valueOf);
    expect(attempt).toThrow(EngineError);
    expect(attempt).toThrow('modifier talk-into-sms adds Talk to SmsIn, and the statistics add each other in a cycle: Talk → SmsIn → Talk');
  });

  it('refuses a statistic that adds itself', () => {
    const modifiers = [modifier('double', 'Talk', 1, { op: 'addStatistic', statistic: 'Talk', factor: exact(1) })];
    expect(() => applyModifiers(exact(600), 'Talk', CLIENT, modifiers, valueOf)).toThrow('cycle: Talk → Talk');
  });
});

describe('rating a line whose statistic adds a capped one', () => {
  it('bills the capped equivalents: (600 + 5 x 6) s = 10.5 min x 1.00 = 10.50', () => {
    const setup = parseSetupFile(
      `plans:
  - id: p
    lines: [{ id: live, statistic: Talk, price: '1.00' }]
modifiers:
  - { id: sms-as-time, statistic: Talk, order: 1, addStatistic: { statistic: SmsIn, factor: 6 } }
  - { id: to-minutes, statistic: Talk, order: 2, convert: { from: seconds, to: minutes } }
  - { id: sms-cap, statistic: SmsIn, order: 1, limit: { max: 5 } }
assignments:
  - { plan: p, from: '2020-01-01' }
`,
      'cap.yaml',
    );
    const statistics = new Map([
      ['Talk', statisticValues(new Map([[1, '600']]))],
      ['SmsIn', statisticValues(new Map([[1, '10']]))],
    ]);
    const [invoice] = rate({ setup, clients: [CLIENT], statistics, period: { start: '2026-10-01', end: '2026-10-31' } }).invoices;
    expect(invoice?.lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([['live', '10.5', '10.50']]);
  });
});
