import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/errors.ts';
import type { UsageLine } from '../../../engine/rating/model.ts';
import { parseSetupFile } from '../../../engine/rating/setup-file.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

const FILE = 'billing.yaml';

/** A valid setup; a case replaces some of its lines by number (a replacement may span several lines). */
const VALID = [
  /*  1 */ 'currency: USD',
  /*  2 */ 'rounding:',
  /*  3 */ '  money: { scale: 2, mode: half-up }',
  /*  4 */ 'plans:',
  /*  5 */ '  - id: basic',
  /*  6 */ '    lines:',
  /*  7 */ "      - { id: base, fee: '95.00' }",
  /*  8 */ "      - { id: calls, statistic: SecCalls, price: '1.35' }",
  /*  9 */ 'modifiers:',
  /* 10 */ '  - { id: to-minutes, statistic: SelSecDuration, order: 1, convert: { from: seconds, to: minutes } }',
  /* 11 */ 'assignments:',
  /* 12 */ "  - { plan: basic, scope: default, from: '2020-01-01' }",
];

function setup(changes: Readonly<Record<number, string>> = {}): string {
  return `${VALID.map((line, i) => changes[i + 1] ?? line).join('\n')}\n`;
}

/**
 * Parsing `yaml` fails with `code` on `field`, at `line`, and (when `at` is given) at the column
 * where the text `at` starts on that line; `message`, when given, is part of the message.
 */
function check(yaml: string, code: string, field: string | undefined, line: number, at?: string, message?: RegExp): void {
  let error: unknown;
  try {
    parseSetupFile(yaml, FILE);
  } catch (caught) {
    error = caught;
  }
  expect(error, 'the setup should be refused').toBeInstanceOf(EngineError);
  const { code: actualCode, location, message: actualMessage } = error as EngineError;
  expect({ code: actualCode, field: location.field, line: location.line, file: location.file }, actualMessage).toEqual({ code, field, line, file: FILE });
  expect(location.column).toBeGreaterThanOrEqual(1);
  if (at !== undefined) {
    const text = yaml.split('\n')[line - 1] ?? '';
    expect(text.indexOf(at), `"${at}" on line ${line}`).toBeGreaterThanOrEqual(0);
    expect(location.column, actualMessage).toBe(text.indexOf(at) + 1);
  }
  if (message) expect(actualMessage).toMatch(message);
}

const usage = (rest: string) => `      - { id: calls, statistic: SecCalls, ${rest} }`;
const modifier = (rest: string) => `  - { id: to-minutes, statistic: SelSecDuration, order: 1, ${rest} }`;
const assignment = (rest: string) => `  - { plan: basic, scope: default, ${rest} }`;

describe('parseSetupFile: the example setup', () => {
  const setupFile = parseSetupFile(readFileSync(join(PROJECT_ROOT, 'examples/billing-setup.yaml'), 'utf8'), 'examples/billing-setup.yaml');

  it('reads plans, lines and their exact prices', () => {
    expect(setupFile.plans.map((plan) => plan.id)).toEqual(['standard-250', 'medical-flat']);
    const standard = setupFile.plans[0];
    expect(standard?.currency).toBe('USD');
    expect(standard?.minimum?.amount.toFixed(2)).toBe('150.00');
    expect(standard?.lines.map((line) => `${line.kind}:${line.id}`)).toEqual(['fee:base', 'usage:live-minutes', 'usage:messages', 'usage:patches']);
    const live = standard?.lines[1] as UsageLine;
    expect(live.statistic).toBe('SelSecDuration');
    expect(live.included.toFixed()).toBe('250');
    expect(live.pricing.kind).toBe('graduated');
    const tiers = live.pricing.kind === 'graduated' ? live.pricing.tiers : [];
    expect(tiers.map((tier) => [tier.upTo?.toFixed() ?? null, tier.price.toFixed()])).toEqual([
      ['1000', '1.15'],
      [null, '0.99'],
    ]);
    const calls = setupFile.plans[1]?.lines[1] as UsageLine;
    expect(calls.pricing).toMatchObject({ kind: 'unit' });
    expect(calls.pricing.kind === 'unit' && calls.pricing.price.toFixed()).toBe('1.35');
    expect(calls.minimum?.toFixed(2)).toBe('50.00');
  });

  it('reads modifiers in their order with their operations, and the policies', () => {
    expect(setupFile.modifiers.map((m) => [m.id, m.order, m.operation.op])).toEqual([
      ['seconds-to-minutes', 1, 'convert'],
      ['whole-minutes', 2, 'round'],
    ]);
    expect(setupFile.modifiers[0]?.operation).toEqual({ op: 'convert', from: 'seconds', to: 'minutes' });
    const round = setupFile.modifiers[1]?.operation;
    expect(round?.op === 'round' && [round.increment.toFixed(), round.mode]).toEqual(['1', 'up']);
    expect(setupFile.rounding).toEqual({ money: { scale: 2, mode: 'half-up' }, apply: 'per-line' });
    expect(setupFile.accounts).toEqual({ groupBy: 'billingCode', masters: [] });
    expect(setupFile.assignments).toEqual([{ plan: 'standard-250', scope: { kind: 'global' }, from: '2020-01-01' }]);
  });
});

describe('parseSetupFile: accepted', () => {
  it('reads the base setup of these tests', () => {
    const parsed = parseSetupFile(setup(), FILE);
    expect(parsed.plans[0]?.lines.map((line) => line.id)).toEqual(['base', 'calls']);
  });

  it('accepts whole amounts unquoted, exactly', () => {
    const parsed = parseSetupFile(setup({ 7: '      - { id: base, fee: 95 }', 8: usage('included: 250, price: 2, minimum: 10') }), FILE);
    const [fee, calls] = parsed.plans[0]?.lines ?? [];
    expect(fee?.kind === 'fee' && fee.amount.toFixed()).toBe('95');
    expect(
      calls?.kind === 'usage' && [calls.included.toFixed(), calls.pricing.kind === 'unit' && calls.pricing.price.toFixed(), calls.minimum?.toFixed()],
    ).toEqual(['250', '2', '10']);
  });

  it('keeps quoted decimals exact, digit for digit', () => {
    const parsed = parseSetupFile(setup({ 8: usage("price: '0.1000000000000000055511151231257827'") }), FILE);
    const calls = parsed.plans[0]?.lines[1];
    expect(calls?.kind === 'usage' && calls.pricing.kind === 'unit' && calls.pricing.price.toFixed()).toBe('0.1000000000000000055511151231257827');
  });
});

describe('parseSetupFile: refused, with the field at fault and its line and column', () => {
  it('amounts written as floats, telling to quote them', () => {
    check(setup({ 8: usage('price: 1.15') }), 'file_field', 'plans.0.lines.1.price', 8, '1.15', /quot/);
    check(setup({ 7: '      - { id: base, fee: 95.5 }' }), 'file_field', 'plans.0.lines.0.fee', 7, '95.5', /quot/);
    check(setup({ 8: usage("graduated: [{ upTo: 100, price: '1' }, { price: 0.99 }]") }), 'file_field', 'plans.0.lines.1.graduated.1.price', 8, '0.99', /quot/);
    check(setup({ 10: modifier('multiply: 1.5') }), 'file_field', 'modifiers.0.multiply', 10, '1.5', /quot/);
  });

  it('a price left out, said in words rather than as a type', () => {
    check(
      setup({ 8: usage("graduated: [{ upTo: 100, price: '1' }, { upTo: 200 }]") }),
      'file_field',
      'plans.0.lines.1.graduated.1.price',
      8,
      undefined,
      /price: missing: give a value$/,
    );
  });

  it('negative amounts', () => {
    check(setup({ 8: usage("price: '-1.35'") }), 'file_field', 'plans.0.lines.1.price', 8, "'-1.35'", /negative/);
    check(setup({ 8: usage('price: -2') }), 'file_field', 'plans.0.lines.1.price', 8, '-2', /negative/);
  });

  it('a usage line with two pricings, or none', () => {
    check(
      setup({ 8: usage("price: '1.35', graduated: [{ price: '1' }]") }),
      'file_field',
      'plans.0.lines.1',
      8,
      '{ id: calls',
      /exactly one of price, graduated/,
    );
    check(setup({ 8: usage("included: '10'") }), 'file_field', 'plans.0.lines.1', 8, '{ id: calls', /exactly one of price, graduated/);
  });

  it('tiers whose upTo do not rise, and a middle tier without upTo', () => {
    check(
      setup({ 8: usage("graduated: [{ upTo: 100, price: '1' }, { upTo: 100, price: '0.9' }]") }),
      'file_field',
      'plans.0.lines.1.graduated',
      8,
      '[{',
      /rise/,
    );
    check(
      setup({ 8: usage("volume: [{ upTo: 500, price: '1' }, { upTo: '99.5', price: '0.9' }, { price: '0.8' }]") }),
      'file_field',
      'plans.0.lines.1.volume',
      8,
      '[{',
      /rise/,
    );
    check(
      setup({ 8: usage("graduated: [{ upTo: 100, price: '1' }, { price: '0.9' }, { upTo: 500, price: '0.8' }]") }),
      'file_field',
      'plans.0.lines.1.graduated',
      8,
      '[{',
      /last tier/,
    );
  });

  it('an unknown field, on the field itself', () => {
    check(setup({ 8: usage("price: '1.35', colour: red") }), 'file_field', 'plans.0.lines.1.colour', 8, 'colour');
    check(setup({ 7: "      - { id: base, fee: '95.00', every: month }" }), 'file_field', 'plans.0.lines.0.every', 7, 'every');
  });

  it('a modifier with two operations, or none', () => {
    check(setup({ 10: modifier("multiply: '2', add: '1'") }), 'file_field', 'modifiers.0', 10, '{ id: to-minutes', /exactly one of multiply/);
    check(setup({ 10: modifier("description: 'nothing'") }), 'file_field', 'modifiers.0', 10, '{ id: to-minutes', /exactly one of multiply/);
  });

  it('an unknown time unit, a bad rounding mode, a bad currency', () => {
    check(setup({ 10: modifier('convert: { from: seconds, to: days }') }), 'file_field', 'modifiers.0.convert.to', 10, 'days');
    check(setup({ 3: '  money: { scale: 2, mode: nearest }' }), 'file_field', 'rounding.money.mode', 3, 'nearest');
    check(setup({ 1: 'currency: dollars' }), 'file_field', 'currency', 1, 'dollars', /three-letter/);
  });

  it('an assignment naming an undefined plan, and two plans with the same id', () => {
    check(setup({ 12: "  - { plan: premium, scope: default, from: '2020-01-01' }" }), 'file_field', 'assignments.0.plan', 12, 'premium', /premium/);
    check(setup({ 8: `${VALID[7]}\n  - id: basic\n    lines:\n      - { id: base, fee: '1' }` }), 'file_field', 'plans.1.id', 9, 'basic', /twice/);
  });

  it('bad dates', () => {
    check(setup({ 12: assignment("from: '1 Jan 2020'") }), 'file_field', 'assignments.0.from', 12, "'1 Jan 2020'", /YYYY-MM-DD/);
    check(setup({ 12: assignment("from: '2020-01-01', until: '2020-13-01'") }), 'file_field', 'assignments.0.until', 12, "'2020-13-01'", /no such day/);
    check(setup({ 12: assignment("from: '2020-02-30'") }), 'file_field', 'assignments.0.from', 12, "'2020-02-30'", /no such day/);
  });

  it('invalid YAML', () => {
    check(setup({ 8: "      - { id: calls, statistic: SecCalls, price: '1.35'" }), 'file_syntax', undefined, 9);
    check(setup({ 8: "      - { id: calls, id: again, statistic: SecCalls, price: '1.35' }" }), 'file_syntax', undefined, 8, 'id: again', /unique/i);
  });
});
