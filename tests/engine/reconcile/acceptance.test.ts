import { describe, expect, it } from 'vitest';
import { acceptVariance, applyAcceptances, parseAcceptances } from '../../../engine/reconcile/acceptance.ts';
import { compareWithLegacy } from '../../../engine/reconcile/compare.ts';
import type { Acceptance } from '../../../engine/reconcile/model.ts';
import { legacyOf, oursOf } from './factories.ts';

const reconciliation = compareWithLegacy(
  legacyOf([
    ['1001', { SecCalls: '12', CallDuration: '100' }],
    ['1002', { SecCalls: '5', CallDuration: '7' }],
  ]),
  oursOf([
    ['1001', { SecCalls: '13', CallDuration: '100' }],
    ['1002', { SecCalls: '6', CallDuration: '7' }],
  ]),
);
const accepted = (overrides: Partial<Acceptance>): Acceptance => ({
  kind: 'acceptance',
  by: 'maria',
  at: '2026-11-05T10:00:00.000Z',
  reason: 'known double count',
  clientNumber: '1001',
  statistic: 'SecCalls',
  legacyValue: '12',
  ourValue: '13',
  ...overrides,
});

describe('acceptVariance', () => {
  it('records who, when, why and the values seen, with an injected clock', () => {
    const variance = reconciliation.variances[0];
    if (!variance) throw new Error('expected a variance');
    expect(acceptVariance(variance, { by: 'maria', reason: 'known double count', now: () => new Date('2026-11-05T10:00:00Z') })).toEqual(accepted({}));
  });
});

describe('applyAcceptances', () => {
  it('marks the accepted variance and leaves the others open', () => {
    const result = applyAcceptances(reconciliation, [accepted({})]);
    expect(result.variances.map((v) => [v.clientNumber, v.acceptance?.by])).toEqual([
      ['1001', 'maria'],
      ['1002', undefined],
    ]);
    expect(result.staleAcceptances).toEqual([]);
  });

  it('holds an acceptance only for the values accepted, comparing them as decimals', () => {
    expect(applyAcceptances(reconciliation, [accepted({ legacyValue: '12.0' })]).variances[0]?.acceptance).toBeDefined();
    const changed = applyAcceptances(reconciliation, [accepted({ ourValue: '14' })]);
    expect(changed.variances[0]?.acceptance).toBeUndefined();
    expect(changed.staleAcceptances[0]?.why).toBe('the values changed since: accepted legacy 12 / ours 14, now legacy 12 / ours 13');
  });

  it('lets the latest acceptance of a cell win and reports the earlier one as superseded', () => {
    const later = accepted({ by: 'li', at: '2026-11-06T09:00:00.000Z' });
    const result = applyAcceptances(reconciliation, [accepted({}), later]);
    expect(result.variances[0]?.acceptance).toBe(later);
    expect(result.staleAcceptances.map((s) => [s.acceptance.by, s.why])).toEqual([['maria', 'superseded by a later acceptance of the same cell']]);
  });

  it('reports an acceptance of a cell that is equal now', () => {
    const result = applyAcceptances(reconciliation, [accepted({ statistic: 'CallDuration', legacyValue: '100', ourValue: '101' })]);
    expect(result.staleAcceptances[0]?.why).toMatch(/^no variance in this cell any more/);
  });

  it('is pure: applying again to its own result gives the same marks', () => {
    const once = applyAcceptances(reconciliation, [accepted({})]);
    expect(applyAcceptances(once, [])).toEqual({ ...reconciliation, staleAcceptances: [] });
    expect(reconciliation.variances[0]?.acceptance).toBeUndefined();
  });
});

describe('parseAcceptances', () => {
  it('reads a list, or an object holding one', () => {
    const { kind: _kind, ...fields } = accepted({});
    expect(parseAcceptances(JSON.stringify([fields]), 'a.json')).toEqual([accepted({})]);
    expect(parseAcceptances(JSON.stringify({ acceptances: [fields] }), 'a.json')).toEqual([accepted({})]);
  });

  it('names the field at fault', () => {
    const { kind: _kind, ...fields } = accepted({});
    expect(() => parseAcceptances(JSON.stringify([fields, { ...fields, reason: '' }]), 'a.json')).toThrow(/^\[1\]\.reason: say why the variance is acceptable/);
    expect(() => parseAcceptances(JSON.stringify([{ ...fields, ourValue: 13 }]), 'a.json')).toThrow(/^\[0\]\.ourValue:/);
    expect(() => parseAcceptances('{', 'a.json')).toThrow(/not valid JSON/);
    expect(() => parseAcceptances('{}', 'a.json')).toThrow(/expected a list of acceptances/);
  });
});
