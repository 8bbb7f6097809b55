import { describe, expect, it } from 'vitest';
import { compareWithLegacy } from '../../../engine/reconcile/compare.ts';
import { parseTolerances } from '../../../engine/reconcile/tolerance.ts';
import { legacyOf, oursOf } from './factories.ts';

describe('compareWithLegacy', () => {
  it('counts equal cells without listing them, "12.0" and "12" included', () => {
    const result = compareWithLegacy(legacyOf([['1001', { SecCalls: '12.0', CallDuration: '0' }]]), oursOf([['1001', { SecCalls: '12', CallDuration: '0' }]]));
    expect(result.clientsCompared).toBe(1);
    expect(result.statistics).toEqual(['CallDuration', 'SecCalls']);
    expect(result.variances).toEqual([]);
  });

  it('records a mismatch as a delta from the legacy value to ours', () => {
    const result = compareWithLegacy(legacyOf([['1001', { SecCalls: '12' }]]), oursOf([['1001', { SecCalls: '13.5' }]]));
    expect(result.variances).toEqual([
      {
        kind: 'variance',
        clientNumber: '1001',
        statistic: 'SecCalls',
        row: 2,
        status: 'mismatch',
        delta: { key: ['1001', 'SecCalls'], before: { kind: 'value', value: '12' }, after: { kind: 'value', value: '13.5' }, change: '1.5' },
      },
    ]);
  });

  it('applies absolute and relative tolerances per statistic, either one sufficing', () => {
    const legacy = legacyOf([['1001', { SecCalls: '100', CallDuration: '1000', SelSecDuration: '50' }]]);
    const ours = oursOf([['1001', { SecCalls: '101', CallDuration: '1011', SelSecDuration: '49' }]]);
    const status = (specs: string[]) =>
      Object.fromEntries(compareWithLegacy(legacy, ours, parseTolerances(specs)).variances.map((v) => [v.statistic, v.status]));
    expect(status([])).toEqual({ SecCalls: 'mismatch', CallDuration: 'mismatch', SelSecDuration: 'mismatch' });
    expect(status(['abs:1'])).toEqual({ SecCalls: 'within', CallDuration: 'mismatch', SelSecDuration: 'within' });
    expect(status(['CallDuration=rel:1%'])).toEqual({ SecCalls: 'mismatch', CallDuration: 'mismatch', SelSecDuration: 'mismatch' });
    expect(status(['CallDuration=abs:5,rel:0.011'])).toEqual({ SecCalls: 'mismatch', CallDuration: 'within', SelSecDuration: 'mismatch' });
  });

  it('compares only the statistics both sides have, in report order', () => {
    const result = compareWithLegacy(
      legacyOf([['1001', { SecCalls: '2', CallDuration: '1' }]], ['SecCalls', 'CallDuration']),
      oursOf([['1001', { SecCalls: '2', CallDuration: '1', FetchCalls: '9' }]]),
    );
    expect(result.statistics).toEqual(['CallDuration', 'SecCalls']);
  });

  it('lists clients found on one side only with how many of their statistics are not 0', () => {
    const result = compareWithLegacy(
      legacyOf([
        ['1001', { SecCalls: '1' }],
        ['1003', { SecCalls: '4' }],
      ]),
      oursOf([
        ['1001', { SecCalls: '1' }],
        ['1002', { SecCalls: '0' }],
      ]),
    );
    expect(result.onlyInLegacy).toEqual([{ kind: 'only-in-legacy', clientNumber: '1003', row: 3, nonZero: 1 }]);
    expect(result.onlyInOurs).toEqual([{ kind: 'only-in-ours', clientNumber: '1002', cltID: 2, clientName: 'Client 1002', nonZero: 0 }]);
    expect(result.clientsCompared).toBe(1);
  });

  it('compares the first of duplicate client rows and says whether the copies agree', () => {
    const result = compareWithLegacy(
      legacyOf([
        ['1001', { SecCalls: '1' }],
        ['1001', { SecCalls: '1.0' }],
        ['1002', { SecCalls: '2' }],
        ['1002', { SecCalls: '3' }],
      ]),
      oursOf([
        ['1001', { SecCalls: '1' }],
        ['1002', { SecCalls: '2' }],
      ]),
    );
    expect(result.duplicates).toEqual([
      { kind: 'duplicate-client', clientNumber: '1001', rows: [2, 3], identical: true },
      { kind: 'duplicate-client', clientNumber: '1002', rows: [4, 5], identical: false },
    ]);
    expect(result.variances).toEqual([]);
    expect(result.clientsCompared).toBe(2);
  });
});

describe('parseTolerances', () => {
  it('reads a default and per-statistic tolerances, statistic names as loosely as headers', () => {
    const tolerances = parseTolerances(['0', 'abs:2', 'sec calls=rel:1%', 'CallDuration=3']);
    expect(tolerances.fallback.absolute.toFixed()).toBe('2');
    expect(tolerances.byStatistic.get('SecCalls')?.relative.toFixed()).toBe('0.01');
    expect(tolerances.byStatistic.get('CallDuration')?.absolute.toFixed()).toBe('3');
  });

  it('refuses unknown statistics and unreadable amounts', () => {
    expect(() => parseTolerances(['SecCall=abs:1'])).toThrow(/"SecCall" is not a Billing Export 200 statistic/);
    expect(() => parseTolerances(['abs:-1'])).toThrow(/cannot read "abs:-1"/);
    expect(() => parseTolerances(['abs=1'])).toThrow(/"abs" is not a Billing Export 200 statistic/);
    expect(() => parseTolerances(['percent:3'])).toThrow(/cannot read "percent:3"/);
  });
});
