import { beforeAll, describe, expect, it } from 'vitest';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { compareWithLegacy } from '../../../engine/reconcile/compare.ts';
import { explainVariances, type ExplainContext } from '../../../engine/reconcile/explain.ts';
import type { Explanation, OurResults } from '../../../engine/reconcile/model.ts';
import { legacyOf, oursOf } from './factories.ts';

let formulas: readonly Formula[];
beforeAll(() => {
  formulas = loadLibrary().formulas;
});

/** The explanation of the one variance between a file value and ours, given the other variant's value. */
function explainCell(
  statistic: string,
  cell: { file: string; ours: string; other?: string; variant?: 'legacy' | 'consensus' },
  context: Omit<Partial<ExplainContext>, 'other'> = {},
): Explanation | undefined {
  const variant = cell.variant ?? 'legacy';
  const other: OurResults | undefined =
    cell.other === undefined ? undefined : oursOf([['1001', { [statistic]: cell.other }]], variant === 'legacy' ? 'consensus' : 'legacy');
  const compared = compareWithLegacy(legacyOf([['1001', { [statistic]: cell.file }]]), oursOf([['1001', { [statistic]: cell.ours }]], variant));
  return explainVariances(compared, { formulas, ...(other ? { other } : {}), ...context }).variances[0]?.explanation;
}

describe('explainVariances', () => {
  it('names the quirks fixed when our consensus value equals the file', () => {
    const explanation = explainCell('CallDuration', { file: '241', ours: '240', other: '241' });
    expect(explanation).toMatchObject({ category: 'known_quirk', quirks: ['D5'] });
    expect(explanation?.text).toMatch(
      /^the export was made with D5 fixed: our consensus value 241 equals the file\. Consensus: Billing Export 200 counts second boundaries/,
    );
  });

  it('says the export keeps the legacy quirks when reconciling the consensus variant and our legacy value equals the file', () => {
    const explanation = explainCell('MsgTaken', { file: '5', ours: '3', other: '5', variant: 'consensus' });
    expect(explanation).toMatchObject({ category: 'known_quirk', quirks: ['D10'] });
    expect(explanation?.text).toMatch(/^the export reproduces the legacy quirks D10: our legacy value 5 equals the file/);
  });

  it('suspects data changed since when the snapshot is newer than the export and the statistic depends on later data', () => {
    const explanation = explainCell(
      'MsgTaken',
      { file: '5', ours: '4', other: '4' },
      { snapshotTakenAt: '2026-12-01T00:00:00Z', exportedAt: '2026-11-02T00:00:00Z' },
    );
    expect(explanation).toMatchObject({ category: 'data_changed', quirks: ['D8'] });
    expect(explanation?.text).toMatch(/snapshot \(2026-12-01T00:00:00Z\) is newer than the export \(2026-11-02T00:00:00Z\).*D8: purged messages drop out/);
  });

  it('leaves a variance unexplained when the snapshot is older than the export', () => {
    expect(
      explainCell('MsgTaken', { file: '5', ours: '4', other: '4' }, { snapshotTakenAt: '2026-11-01T00:00:00Z', exportedAt: '2026-11-02T00:00:00Z' }),
    ).toEqual({ kind: 'explanation', category: 'unexplained', quirks: [], text: 'unexplained' });
  });

  it('says when the export date is unknown for a statistic that depends on later data', () => {
    expect(explainCell('MsgTaken', { file: '5', ours: '4', other: '4' })?.text).toMatch(
      /MsgTaken depends on data that changes after the period \(D8\); the export's date is unknown/,
    );
  });

  it('names the quirks that change a cell even when neither variant equals the file, but does not call it explained', () => {
    expect(explainCell('CallDuration', { file: '300', ours: '240', other: '241' })).toEqual({
      kind: 'explanation',
      category: 'unexplained',
      quirks: ['D5'],
      text: 'unexplained: D5 changes this cell (legacy 240, consensus 241) but neither equals the file',
    });
  });

  it('leaves a statistic without a consensus variant unexplained', () => {
    expect(explainCell('Dispatches', { file: '2', ours: '3', other: '3' })?.category).toBe('unexplained');
  });
});
