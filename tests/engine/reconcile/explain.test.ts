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

  it('explains data changed since the export only with rows of the client stamped after it, and names them', () => {
    const laterRows = new Map([['1001', new Map([['D8', { table: 'msgHistories', count: 3, first: '2026-11-04 09:30:00' }]])]]);
    const explanation = explainCell('MsgTaken', { file: '5', ours: '4', other: '4' }, { exportedAt: '2026-11-02T00:00:00Z', laterRows });
    expect(explanation).toMatchObject({ category: 'data_changed', quirks: ['D8'] });
    expect(explanation?.text).toMatch(/^data changed since the export \(2026-11-02T00:00:00Z\): MsgTaken depends on later data \(D8: purged messages drop out/);
    expect(explanation?.evidence?.[0]).toBe(
      '3 msgHistories rows of client 1001 stamped after the export (2026-11-02T00:00:00Z), the first at 2026-11-04 09:30:00',
    );
  });

  it('does not claim data changed when no row of the client is stamped after the export, and says so', () => {
    const explanation = explainCell('MsgTaken', { file: '5', ours: '4', other: '4' }, { exportedAt: '2026-11-02T00:00:00Z', laterRows: new Map() });
    expect(explanation).toMatchObject({
      category: 'unexplained',
      text: 'unexplained: no rows of client 1001 are stamped after the export (2026-11-02T00:00:00Z)',
    });
  });

  it('names our own changed legacy formula before any quirk, even where the consensus value equals the file', () => {
    const explanation = explainCell(
      'CallDuration',
      { file: '241', ours: '240', other: '241' },
      {
        legacyChanged: new Map([['CallDuration', 'its SQL differs from the shipped reproduction of the report']]),
        release: { name: 'october', contentHash: 'c'.repeat(64) },
        formulaVersions: new Map([['CallDuration', 'version 3']]),
      },
    );
    expect(explanation).toMatchObject({ category: 'formula_changed', quirks: [] });
    expect(explanation?.evidence).toEqual([
      'CallDuration version 3 of release october (sha256 cccccccccccc): its SQL differs from the shipped reproduction of the report',
    ]);
  });

  it('rests a catalogued quirk on the other variant equal to the file, with the quirk title from the catalogue', () => {
    const quirks = [
      { kind: 'quirk' as const, code: 'D5', title: 'Durations count second boundaries', legacy: '', consensus: '', evidence: { lines: ['1'], columns: [] } },
    ];
    expect(explainCell('CallDuration', { file: '241', ours: '240', other: '241' }, { quirks })?.evidence).toEqual([
      "our consensus value 241 equals the file's 241; ours (legacy) is 240",
      'quirks.yaml D5: Durations count second boundaries',
    ]);
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
      evidence: ['D5 changes this cell (legacy 240, consensus 241) but neither equals the file'],
    });
  });

  it('leaves a statistic without a consensus variant unexplained', () => {
    expect(explainCell('Dispatches', { file: '2', ours: '3', other: '3' })?.category).toBe('unexplained');
  });
});
