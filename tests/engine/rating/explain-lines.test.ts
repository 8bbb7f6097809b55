/**
 * Rating for a comparison (`explainLines: false`) gives every amount rating with steps gives, and
 * leaves out only the steps of each usage line's pricing and rounding and of the minimum true-up;
 * a line keeps its quantity steps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../engine/rating/model.ts';
import { rate } from '../../../engine/rating/rate.ts';
import { createRatingMemo } from '../../../engine/rating/rating-memo.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

const setup = parseSetupFile(readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8'), 'billing-setup.yaml');
const clients = [1, 2, 3, 4].map((cltID) => ({ cltID, clientNumber: String(1000 + cltID), name: `Client ${cltID}`, billingCode: `B${cltID}` }));
// Live seconds from none to above the top tier; some accounts fall short of the plan minimum.
const values = (list: readonly string[]) => statisticValues(new Map(list.map((value, i) => [i + 1, value])));
const statistics: Statistics = new Map([
  ['SelSecDuration', values(['0', '12000', '90000', '61'])],
  ['MsgDlvrd', values(['3', '0', '140', '7'])],
  ['SelPatches', values(['0', '2', '9', '1'])],
  ['SecCalls', values(['5', '8', '13', '21'])],
]);
const PERIOD = { start: '2026-10-01', end: '2026-10-31' };

const amountsOf = (invoices: readonly Invoice[]) =>
  invoices.map((invoice) => [invoice.account, invoice.total, invoice.lines.map((line) => [line.lineId, line.amount])]);

describe('rating for a comparison', () => {
  it('gives the same amounts without the pricing and true-up steps, and a shared memo keeps the two apart', () => {
    const memo = createRatingMemo();
    const explained = rate({ setup, clients, statistics, period: PERIOD, memo });
    const unexplained = rate({ setup, clients, statistics, period: PERIOD, memo, explainLines: false });
    expect(amountsOf(unexplained.invoices)).toEqual(amountsOf(explained.invoices));
    const lines = unexplained.invoices.flatMap((invoice) => invoice.lines);
    expect(lines.some((line) => line.kind === 'minimum')).toBe(true);
    for (const line of lines) {
      if (line.kind === 'usage') expect(line.steps.map((step) => step.kind)).not.toContain('round');
      if (line.kind === 'usage') expect(line.steps.map((step) => step.kind)).toContain('quantity');
      if (line.kind === 'minimum') expect(line.steps).toEqual([]);
    }
    // The explained rating, asked again on the same memo, still has every step.
    expect(rate({ setup, clients, statistics, period: PERIOD, memo })).toEqual(explained);
    expect(
      explained.invoices
        .flatMap((invoice) => invoice.lines)
        .find((line) => line.kind === 'usage')
        ?.steps.map((step) => step.kind),
    ).toContain('round');
  });
});
