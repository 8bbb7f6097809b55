import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { applyAcceptances } from '../../../engine/reconcile/acceptance.ts';
import { compareWithLegacy } from '../../../engine/reconcile/compare.ts';
import { reconciliationCsv, reconciliationXlsx } from '../../../engine/reconcile/report-files.ts';
import { reconciliationTable } from '../../../engine/reconcile/report-table.ts';
import { summarize } from '../../../engine/reconcile/summary.ts';
import { parseTolerances } from '../../../engine/reconcile/tolerance.ts';
import { legacyOf, oursOf } from './factories.ts';

const ours = oursOf([
  ['1001', { SecCalls: '13', CallDuration: '100', FetchCalls: '0' }],
  ['1002', { SecCalls: '6', CallDuration: '170', FetchCalls: '2' }],
  ['1004', { SecCalls: '1', CallDuration: '0', FetchCalls: '0' }],
]);
const legacy = legacyOf([
  ['1001', { SecCalls: '12', CallDuration: '100', FetchCalls: '0' }],
  ['1002', { SecCalls: '5', CallDuration: '70', FetchCalls: '2' }],
  ['1003', { SecCalls: '0', CallDuration: '0', FetchCalls: '0' }],
]);
const reconciliation = applyAcceptances(compareWithLegacy(legacy, ours, parseTolerances(['FetchCalls=abs:1'])), [
  {
    kind: 'acceptance',
    by: 'maria',
    at: '2026-11-05T10:00:00.000Z',
    reason: 'agreed with the client',
    clientNumber: '1002',
    statistic: 'SecCalls',
    legacyValue: '5',
    ourValue: '6',
  },
]);

describe('summarize', () => {
  it('counts cells, keeps accepted variances apart and lists the largest mismatches first', () => {
    const summary = summarize(reconciliation);
    expect(summary.cells).toEqual({ compared: 6, equal: 3, within: 0, mismatch: 2, accepted: 1 });
    expect(summary.clients).toEqual({ compared: 2, onlyInLegacy: 1, onlyInOurs: 1, duplicated: 0 });
    expect(summary.topMismatches.map((v) => [v.clientNumber, v.statistic])).toEqual([
      ['1002', 'CallDuration'],
      ['1001', 'SecCalls'],
    ]);
    expect(summary.accepted.map((v) => v.acceptance?.by)).toEqual(['maria']);
    expect(summary.byStatistic.map((s) => [s.statistic, s.mismatch, s.accepted, s.mismatchTotal])).toEqual([
      ['CallDuration', 1, 0, '100'],
      ['SecCalls', 1, 1, '1'],
    ]);
    expect(summary.byClient.map((c) => c.clientNumber)).toEqual(['1002', '1001']);
    // 1004 has activity only in ours; 1003 is all zeros in the file: harmless.
    expect(summary.open).toEqual({ mismatches: 2, clientsOnOneSide: 1, conflictingDuplicates: 0, columns: 0, total: 3 });
  });
});

describe('reconciliation reports', () => {
  const table = reconciliationTable(reconciliation, ours);

  it('has one row per open variance, then the client findings, and the accepted variances apart', () => {
    expect(table.rows.map((row) => row.slice(0, 7))).toEqual([
      ['1001', 'Client 1001', 'SecCalls', '12', '13', '1', 'mismatch'],
      ['1002', 'Client 1002', 'CallDuration', '70', '170', '100', 'mismatch'],
      ['1003', '', '', '', '', '', 'only in legacy'],
      ['1004', 'Client 1004', '', '', '', '', 'only in ours'],
    ]);
    expect(table.accepted).toEqual([
      [
        '1002',
        'Client 1002',
        'SecCalls',
        '5',
        '6',
        '1',
        'accepted mismatch',
        '',
        '',
        '',
        'maria',
        '2026-11-05T10:00:00.000Z',
        'agreed with the client',
        '',
        '3',
      ],
    ]);
  });

  it('carries client names from the reconciliation itself, so a kept one reports them without our results', () => {
    expect(reconciliationTable(reconciliation).rows.map((row) => row.slice(0, 2))).toEqual([
      ['1001', 'Client 1001'],
      ['1002', 'Client 1002'],
      ['1003', ''],
      ['1004', 'Client 1004'],
    ]);
  });

  it('writes CSV with the accepted rows last', () => {
    const rows = Papa.parse<string[]>(reconciliationCsv(table).trim()).data;
    expect(rows[0]).toEqual([
      'ClientNumber',
      'ClientName',
      'Statistic',
      'Legacy',
      'Ours',
      'Difference',
      'Status',
      'Category',
      'Explanation',
      'Evidence',
      'AcceptedBy',
      'AcceptedAt',
      'AcceptedWhy',
      'AcceptedIn',
      'LegacyRow',
    ]);
    expect(rows.map((row) => row[6])).toEqual(['Status', 'mismatch', 'mismatch', 'only in legacy', 'only in ours', 'accepted mismatch']);
  });

  it('writes XLSX with numbers as numbers and the accepted variances and summary on their own sheets', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await reconciliationXlsx(table, summarize(reconciliation), { now: () => new Date('2026-11-05T00:00:00Z') })) as unknown as ExcelJS.Buffer,
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Variances', 'Accepted', 'Summary', 'By statistic']);
    const variances = workbook.getWorksheet('Variances');
    expect(variances?.getRow(3).getCell(5).value).toBe(170);
    expect(workbook.getWorksheet('Accepted')?.getRow(2).getCell(11).value).toBe('maria');
    const summary = workbook.getWorksheet('Summary');
    expect(summary?.getRow(18).values).toEqual([undefined, 'Unexplained mismatches', 2]);
  });
});
