/**
 * The rating memo never changes a result: a sequence of what-if changes (prices, modifiers,
 * rounding, statistics, clients, assignments, billing status) rated with one shared memo gives exactly the invoices that rating
 * each from scratch gives, comparisons of them are those of copies, and the memo does reuse the
 * lines and invoices a change does not touch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillingSetup, ClientInfo } from '../../../engine/rating/model.ts';
import { compareInvoices } from '../../../engine/rating/compare.ts';
import { rate, type RatingInput, type RatingResult } from '../../../engine/rating/rate.ts';
import { exact } from '../../../engine/rating/money.ts';
import { createRatingMemo } from '../../../engine/rating/rating-memo.ts';
import { applyScenario, parseScenarioFile } from '../../../engine/rating/scenario.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { statisticValues, type Statistics } from '../../../engine/rating/statistics.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

// The example setup, with the clients of billing code B on its second plan.
const setupText = `${readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8').trimEnd()}\n  - { plan: medical-flat, scope: { billingCode: B }, from: '2020-01-01' }\n`;
const PERIOD = { start: '2026-10-01', end: '2026-10-31' };
const STATISTICS = ['SelSecDuration', 'MsgDlvrd', 'SelPatches', 'SecCalls'];

function clientsWith(codes: readonly string[]): ClientInfo[] {
  return codes.map((code, i) => ({ cltID: i + 1, clientNumber: String(1000 + i), name: `Client ${i + 1}`, billingCode: code }));
}

function statisticsFrom(seed: readonly number[]): Statistics {
  return new Map(STATISTICS.map((statistic, s) => [statistic, statisticValues(new Map(seed.map((n, i) => [i + 1, String((n * (s + 7)) % 100_000)])))]));
}

/** One what-if change, as the workbench makes them: a scenario text on the example setup. */
const change = fc.oneof(
  fc
    .integer({ min: 1, max: 999 })
    .map(
      (n) =>
        `plans:\n  - id: medical-flat\n    name: Medical\n    lines:\n      - { id: base, label: Monthly service, fee: '199.00' }\n      - { id: calls, label: Secretarial calls, statistic: SecCalls, price: '1.${String(n).padStart(3, '0')}', minimum: '50.00' }\n`,
    ),
  fc
    .integer({ min: 1, max: 60 })
    .map((n) => `modifiers:\n  - { id: whole-minutes, description: Round up, statistic: SelSecDuration, order: 2, round: { increment: '${n}', mode: up } }\n`),
  fc
    .integer({ min: 1, max: 9 })
    .map(
      (n) =>
        `modifiers:\n  - { id: extra, description: Extra messages, statistic: MsgDlvrd, order: 1, addStatistic: { statistic: SelPatches, factor: '0.${n}' } }\n`,
    ),
  fc.constant('removeModifiers: [seconds-to-minutes]\n'),
  // A shared allowance, tiers on the total, a pooled cap (allowances, tiersOn, modifiers per account).
  fc
    .integer({ min: 0, max: 400 })
    .map(
      (units) =>
        `plans:\n  - id: medical-flat\n    allowances: [{ id: bundle, units: ${units}, lines: [calls, patches] }]\n    lines:\n      - { id: base, label: Monthly service, fee: '199.00' }\n      - { id: calls, statistic: SecCalls, graduated: [{ upTo: 50, price: '1.35' }, { price: '1.00' }], tiersOn: total }\n      - { id: patches, statistic: SelPatches, price: '0.50' }\nmodifiers:\n  - { id: pooled-cap, statistic: MsgDlvrd, per: account, order: 5, limit: { max: ${units * 10} } }\n`,
    ),
  fc.constant(''),
);

/** Invoice-level rules appended to the setup: adjustments, a credit policy, percentages, tax exemptions. */
const invoiceRules = fc
  .record({
    credit: fc.integer({ min: 1, max: 100_000 }),
    charge: fc.integer({ min: 1, max: 5_000 }),
    carry: fc.boolean(),
    tax: fc.integer({ min: 0, max: 1_500 }),
    exempt: fc.constantFrom('A', 'B', '1003'),
  })
  .map(
    ({ credit, charge, carry, tax, exempt }) =>
      `adjustments:\n  - { account: A, period: '2026-10', amount: '-${(credit / 100).toFixed(2)}', reason: Credit }\n  - { account: '1003', period: '2026-10-15', amount: '${(charge / 100).toFixed(2)}', reason: Charge }\ncredits: { carryForward: ${carry} }\npercentages:\n  - { id: discount, kind: discount, percent: '10', scope: { billingCode: B } }\n  - { id: tax, kind: tax, percent: '${(tax / 100).toFixed(2)}', rounding: { scale: 2, mode: half-even } }\ntaxExempt: { billingCodes: ['${exempt}'] }\n`,
  );

/** Who is on which plan and who is billed, changed in the setup itself (no date range split): the accounts' layouts change. */
const structure = fc.constantFrom(
  { assignment: "  - { plan: medical-flat, scope: { billingCode: A }, from: '2020-01-01' }\n", status: '' },
  { assignment: '', status: 'billingStatus:\n  excluded:\n    - { account: B, reason: Pro bono }\n' },
  { assignment: '', status: "billingStatus:\n  cancelled:\n    - { account: A, until: '2026-09-30' }\n" },
);

const step = fc.record({
  scenario: change,
  structure: fc.option(structure, { nil: undefined }),
  roundTotal: fc.boolean(),
  newStatistics: fc.option(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 6, maxLength: 6 }), { nil: undefined }),
  newCodes: fc.option(fc.array(fc.constantFrom('', 'A', 'B'), { minLength: 6, maxLength: 6 }), { nil: undefined }),
  explainClients: fc.boolean(),
  explainLines: fc.boolean(),
  invoiceRules: fc.option(invoiceRules, { nil: undefined }),
});

describe('the rating memo', () => {
  it('gives exactly the invoices of rating from scratch, whatever changes between runs', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const memo = createRatingMemo();
        // A memo so small it starts again in the middle of every run.
        const tiny = createRatingMemo(7);
        let previous: RatingResult | undefined;
        let clients = clientsWith(['A', 'A', 'B', '', '', 'B']);
        let statistics = statisticsFrom([10, 200, 3_000, 45_000, 0, 7]);
        for (const { scenario, structure: layout, roundTotal, newStatistics, newCodes, explainClients, explainLines, invoiceRules: rules } of steps) {
          if (newStatistics) statistics = statisticsFrom(newStatistics);
          if (newCodes) clients = clientsWith(newCodes);
          const text =
            setupText.replace('apply: per-line', roundTotal ? 'apply: total' : 'apply: per-line') +
            (layout?.assignment ?? '') +
            (layout?.status ?? '') +
            (rules ?? '');
          const base = parseSetupFile(text, 'billing-setup.yaml');
          const setup: BillingSetup = applyScenario(base, parseScenarioFile(`name: step\n${scenario}`, 'step.yaml'));
          const input: RatingInput = { setup, clients, statistics, period: PERIOD, explainClients, explainLines };
          const memoised = rate({ ...input, memo });
          expect(memoised).toEqual(rate(input));
          expect(rate({ ...input, memo: tiny })).toEqual(memoised);
          // Comparing skips invoices that are the same object: the result is that of comparing copies.
          if (previous)
            expect(compareInvoices(previous.invoices, memoised.invoices)).toEqual(
              compareInvoices(structuredClone(previous.invoices), structuredClone(memoised.invoices)),
            );
          previous = memoised;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('knows statistics by their content key: the same values in new maps are reused, new values rated again', () => {
    const memo = createRatingMemo();
    const clients = clientsWith(['A', 'A', 'B', '', '', 'B']);
    const setup = parseSetupFile(setupText, 'billing-setup.yaml');
    const seed = [10, 200, 3_000, 45_000, 0, 7];
    const first = rate({ setup, clients, statistics: statisticsFrom(seed), period: PERIOD, memo });
    // Computed again, as a new request does: new maps, equal keys.
    const again = rate({ setup, clients: clientsWith(['A', 'A', 'B', '', '', 'B']), statistics: statisticsFrom(seed), period: PERIOD, memo });
    expect(again.invoices.every((invoice, i) => invoice === first.invoices[i])).toBe(true);
    const changed = statisticsFrom([10, 200, 3_000, 45_001, 0, 7]);
    const after = rate({ setup, clients, statistics: changed, period: PERIOD, memo });
    expect(after).toEqual(rate({ setup, clients, statistics: changed, period: PERIOD }));
    expect(after.invoices.find((invoice) => invoice.account === '1003')?.total).not.toBe(first.invoices.find((invoice) => invoice.account === '1003')?.total);
    // Another memo shares nothing with this one: its invoices are its own objects.
    const elsewhere = rate({ setup, clients, statistics: statisticsFrom(seed), period: PERIOD, memo: createRatingMemo() });
    expect(elsewhere).toEqual(first);
    expect(elsewhere.invoices.some((invoice, i) => invoice === first.invoices[i])).toBe(false);
  });

  it('reuses every line a price change does not touch, and every invoice it does not change', () => {
    const memo = createRatingMemo();
    const clients = clientsWith(['A', 'A', 'B', '', '', 'B']);
    const statistics = statisticsFrom([10, 200, 3_000, 45_000, 0, 7]);
    const setup = parseSetupFile(setupText, 'billing-setup.yaml');
    const first = rate({ setup, clients, statistics, period: PERIOD, memo });
    const again = rate({ setup, clients, statistics, period: PERIOD, memo });
    expect(again.invoices.every((invoice, i) => invoice === first.invoices[i])).toBe(true);

    const cheaperMessages = setupText.replace('price: "0.25"', 'price: "0.20"');
    expect(cheaperMessages).not.toBe(setupText);
    const second = rate({ setup: parseSetupFile(cheaperMessages, 'billing-setup.yaml'), clients, statistics, period: PERIOD, memo });
    const usageOf = (result: typeof first) => result.invoices.flatMap((invoice) => invoice.lines.filter((line) => line.kind === 'usage'));
    const firstLines = new Set(usageOf(first));
    // Only the messages lines are new; the other usage lines are the very objects of the first run.
    for (const line of usageOf(second)) expect(firstLines.has(line)).toBe(line.lineId !== 'messages');
    // Invoices on the plan with the messages line are new; the others are the first run's objects.
    expect(new Set(second.invoices.map((invoice) => invoice.plan))).toEqual(new Set(['standard-250', 'medical-flat']));
    for (const [i, invoice] of second.invoices.entries()) expect(invoice === first.invoices[i]).toBe(invoice.plan !== 'standard-250');
    expect(second).toEqual(rate({ setup: parseSetupFile(cheaperMessages, 'billing-setup.yaml'), clients, statistics, period: PERIOD }));
  });

  it('keeps the lines of prices tried lately, and drops those of a price not tried for eight runs', () => {
    const memo = createRatingMemo();
    const clients = clientsWith(['A', 'A', 'B']);
    const statistics = statisticsFrom([10, 200, 3_000]);
    const messagesAt = (price: string) => {
      const text = setupText.replace('price: "0.25"', `price: "${price}"`);
      return rate({ setup: parseSetupFile(text, 'billing-setup.yaml'), clients, statistics, period: PERIOD, memo });
    };
    const messagesLine = (result: RatingResult) => result.invoices[0]?.lines.find((line) => line.lineId === 'messages');
    const first = messagesAt('0.11');
    // Tried again soon after: the very line of the first run.
    messagesAt('0.12');
    expect(messagesLine(messagesAt('0.11'))).toBe(messagesLine(first));
    // Eight runs of other prices later, it is rated again: the same amounts, a new object.
    for (let run = 0; run < 9; run++) messagesAt(`0.3${run}`);
    const later = messagesAt('0.11');
    expect(messagesLine(later)).not.toBe(messagesLine(first));
    expect(later).toEqual(first);
  });

  it('keeps a result made after other lookups for the account and line it was asked for', () => {
    const memo = createRatingMemo();
    const setup = parseSetupFile(setupText, 'billing-setup.yaml');
    const statistics = statisticsFrom([10, 200]);
    const context = memo.context(setup, statistics, PERIOD, { clients: false, lines: false });
    const [live, messages] = (setup.plans[0]?.lines ?? []).filter((line) => line.kind === 'usage');
    if (!live || !messages) throw new Error('the example plan has usage lines');
    const [a, b] = clientsWith(['A', 'B']).map((client) => ({ id: client.billingCode, billingCode: client.billingCode, clients: [client] }));
    if (!a || !b) throw new Error('two accounts');
    const rated = (amount: string) => ({
      line: { lineId: amount, label: amount, kind: 'usage' as const, quantity: '1', amount, steps: [] },
      amount: exact(amount),
    });
    // Asked for A, then B, then kept for A: the keep follows its own account, not the last lookup.
    expect(memo.findUsage(context, live, a)).toBeUndefined();
    expect(memo.findUsage(context, messages, b)).toBeUndefined();
    const forA = rated('1.00');
    memo.keepUsage(context, live, a, forA);
    expect(memo.findUsage(context, live, a)).toBe(forA);
    expect(memo.findUsage(context, live, b)).toBeUndefined();
    expect(memo.findUsage(context, messages, a)).toBeUndefined();
    // Asked and kept in turn, as rating does.
    const forB = rated('2.00');
    expect(memo.findUsage(context, messages, b)).toBeUndefined();
    memo.keepUsage(context, messages, b, forB);
    expect(memo.findUsage(context, messages, b)).toBe(forB);
  });
});
