import { describe, expect, it } from 'vitest';
import { diffValues } from '../../../engine/diff/delta.ts';
import { lineDeltas } from '../../../engine/rating/compare-lines.ts';
import type { Invoice, InvoiceLine } from '../../../engine/rating/model.ts';

const line = (lineId: string, amount: string): InvoiceLine => ({ lineId, label: lineId, kind: 'fee', quantity: '1', amount, steps: [] });
const invoice = (lines: InvoiceLine[]): Invoice => ({ account: 'A', billingCode: 'A', clients: [], plan: 'p', currency: 'USD', lines, total: '0' });
/** What comparing the lines by lineId through maps gives (the definition). */
const byMaps = (was: Invoice | undefined, is: Invoice | undefined) => {
  const amounts = (i: Invoice | undefined) => new Map(i?.lines.map((l) => [l.lineId, l.amount] as const));
  return diffValues(amounts(was), amounts(is), (lineId) => ['A', lineId]);
};

describe('lineDeltas', () => {
  const cases: [string, Invoice | undefined, Invoice | undefined][] = [
    ['a changed, a removed and an added line, in lineId order', invoice([line('z', '1.00'), line('b', '2.00')]), invoice([line('b', '2.50'), line('c', '1')])],
    ['equal amounts written differently', invoice([line('a', '1.50')]), invoice([line('a', '1.5')])],
    ['a lineId twice: its last amount counts', invoice([line('a', '1'), line('a', '2')]), invoice([line('a', '2')])],
    ['an account billed on one side only', undefined, invoice([line('a', '3')])],
    ['an account gone', invoice([line('a', '3')]), undefined],
    [
      'more lines than are scanned',
      invoice(Array.from({ length: 20 }, (_, i) => line(`l${i}`, `${i}`))),
      invoice(Array.from({ length: 20 }, (_, i) => line(`l${i}`, `${i % 3}`))),
    ],
  ];
  for (const [name, was, is] of cases) {
    it(`gives the deltas of lines keyed by lineId: ${name}`, () => {
      expect(lineDeltas('A', was, is)).toEqual(byMaps(was, is));
    });
  }
});
