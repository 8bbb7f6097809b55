/**
 * The line deltas of one account between two invoices: lines keyed by lineId (a lineId twice on an
 * invoice counts with its last amount), only those that differ, in lineId order. The same deltas
 * as `diffValues` over each invoice's lines by lineId gives; an invoice has a handful of lines, so
 * they are matched by scanning rather than through maps, which a what-if of thousands of accounts
 * would make and drop for every account.
 */
import { changeBetween } from '../diff/decimal-text.ts';
import { absent, diffValues, value, type Delta } from '../diff/delta.ts';
import type { Invoice, InvoiceLine } from './model.ts';

/** Beyond this many lines, maps are cheaper than scanning. */
const SCANNED_LINES = 16;

/** @example lineDeltas('BC1', baseline, scenario) // [{ key: ['BC1', 'live-minutes'], before: ..., after: ..., change: '12.5' }] */
export function lineDeltas(account: string, was: Invoice | undefined, is: Invoice | undefined): Delta[] {
  const before = was?.lines ?? [];
  const after = is?.lines ?? [];
  if (before.length > SCANNED_LINES || after.length > SCANNED_LINES) {
    const amounts = (lines: readonly InvoiceLine[]) => new Map(lines.map((line) => [line.lineId, line.amount] as const));
    return diffValues(amounts(before), amounts(after), (lineId) => [account, lineId]);
  }
  // lineId -> its change (undefined: on one side only), for the lines that differ.
  const differing = new Map<string, string | undefined>();
  for (let i = 0; i < before.length; i++) {
    const line = before[i] as InvoiceLine;
    if (lastAt(before, line.lineId) !== i) continue;
    const other = amountOf(after, line.lineId);
    if (other === undefined) differing.set(line.lineId, undefined);
    else {
      const change = changeBetween(other, line.amount);
      if (change !== undefined) differing.set(line.lineId, change);
    }
  }
  for (let i = 0; i < after.length; i++) {
    const { lineId } = after[i] as InvoiceLine;
    if (lastAt(after, lineId) === i && lastAt(before, lineId) < 0) differing.set(lineId, undefined);
  }
  return [...differing.keys()].sort().map((lineId) => {
    const b = amountOf(before, lineId);
    const a = amountOf(after, lineId);
    const change = differing.get(lineId);
    return {
      key: [account, lineId],
      before: b === undefined ? absent : value(b),
      after: a === undefined ? absent : value(a),
      ...(change !== undefined ? { change } : {}),
    };
  });
}

/** Where `lineId` last appears in `lines` (-1: nowhere). */
function lastAt(lines: readonly InvoiceLine[], lineId: string): number {
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] as InvoiceLine).lineId === lineId) return i;
  return -1;
}

function amountOf(lines: readonly InvoiceLine[], lineId: string): string | undefined {
  const at = lastAt(lines, lineId);
  return at < 0 ? undefined : (lines[at] as InvoiceLine).amount;
}
