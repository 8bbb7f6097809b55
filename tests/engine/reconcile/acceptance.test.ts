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
    expect(changed.staleAcceptances[0]?.why).toBe('our value changed from 14 to 13');
    expect(applyAcceptances(reconciliation, [accepted({ legacyValue: '11', ourValue: '14' })]).staleAcceptances[0]?.why).toBe(
      'the legacy value changed from 11 to 12; our value changed from 14 to 13',
    );
  });

  it('holds an acceptance only under the release it was given with, and says so when the release changed', () => {
    const release = { name: 'october', contentHash: 'a'.repeat(64) };
    const given = accepted({ release, reconciliation: 'r1' });
    expect(applyAcceptances(reconciliation, [given], { id: 'r1', release }).variances[0]?.acceptance).toBe(given);
    const other = applyAcceptances(reconciliation, [given], { id: 'r2', release: { name: 'november', contentHash: 'b'.repeat(64) } });
    expect(other.variances[0]?.acceptance).toBeUndefined();
    expect(other.staleAcceptances[0]?.why).toBe('accepted with release october (sha256 aaaaaaaaaaaa), this reconciliation used november (sha256 bbbbbbbbbbbb)');
  });

  it('marks an acceptance given in another reconciliation of the period as carried over', () => {
    const given = accepted({ reconciliation: 'r1' });
    expect(applyAcceptances(reconciliation, [given], { id: 'r1' }).variances[0]?.carriedOver).toBeUndefined();
    expect(applyAcceptances(reconciliation, [given], { id: 'r2' }).variances[0]?.carriedOver).toBe(true);
  });

  it('lets the latest acceptance of a cell win and reports the earlier one as superseded', () => {
    const later = accepted({ by: 'li', at: '2026-11-06T09:00:00.000Z' });
    const result = applyAcceptances(reconciliation, [accepted({}), later]);
    expect(result.variances[0]?.acceptance).toBe(later);
    expect(result.staleAcceptances.map((s) => [s.acceptance.by, s.why])).toEqual([['maria', 'superseded by a later acceptance of the same cell']]);
  });

  it('reports an acceptance of a cell that is equal now', () => {
    const result = applyAcceptances(reconciliation, [accepted({ statistic: 'CallDuration', legacyValue: '100', ourValue: '101' })]);
    expect(result.staleAcceptances[0]?.why).toBe('the cell is equal now (legacy and ours agree); accepted legacy 100 / ours 101');
  });

  it('is pure: applying again to its own result gives the same marks', () => {
    const once = applyAcceptances(reconciliation, [accepted({})]);
    expect(applyAcceptances(once, [])).toEqual({ ...reconciliation, staleAcceptances: [], acceptedColumns: [] });
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
