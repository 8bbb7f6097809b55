import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientInfo } from '../../../engine/rating/model.ts';
import { type SetupContext, validateSetup } from '../../../engine/rating/setup-validation.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

const FILE = 'standard.yaml';

const client = (clientNumber: string, billingCode: string): ClientInfo => ({
  cltID: Number(clientNumber),
  clientNumber,
  name: `Client ${clientNumber}`,
  billingCode,
});
const CONTEXT: SetupContext = {
  clients: [client('1001', 'ACME'), client('1002', 'ACME'), client('1003', ''), client('1004', 'BETA')],
  formulas: ['SecCalls', 'SelSecDuration', 'MsgDlvrd', 'SelPatches', 'WorkSecondsRoundedUp'],
};

/** A valid setup; a case replaces lines by number or appends some. */
const VALID = [
  /*  1 */ 'plans:',
  /*  2 */ '  - id: basic',
  /*  3 */ '    lines:',
  /*  4 */ "      - { id: base, fee: '95.00' }",
  /*  5 */ "      - { id: calls, statistic: SecCalls, price: '1.35' }",
  /*  6 */ 'modifiers:',
  /*  7 */ '  - { id: to-minutes, statistic: SelSecDuration, order: 1, convert: { from: seconds, to: minutes } }',
  /*  8 */ 'accounts:',
  /*  9 */ '  masters: [{ account: M1, clients: [1001, 1003] }]',
  /* 10 */ 'assignments:',
  /* 11 */ "  - { plan: basic, scope: default, from: '2020-01-01' }",
];

function setup(changes: Readonly<Record<number, string>> = {}, more: readonly string[] = []): string {
  return `${[...VALID.map((line, i) => changes[i + 1] ?? line), ...more].join('\n')}\n`;
}

/** The problems as `line:column field code` (what the editor marks), in file order. */
function problemsOf(text: string, context: SetupContext = CONTEXT): string[] {
  return validateSetup(text, FILE, context).map((p) => `${p.line}:${p.column} ${p.field} ${p.severity} ${p.code}`);
}

describe('setup validation', () => {
  it('finds nothing wrong in a setup whose clients, billing codes and statistics all exist', () => {
    expect(validateSetup(setup(), FILE, CONTEXT)).toEqual([]);
  });

  it('reports a client number no client of the snapshot has, at the number in an assignment, a modifier and a master account', () => {
    const text = setup(
      {
        7: '  - { id: to-minutes, statistic: SelSecDuration, scope: { client: 1009 }, convert: { from: seconds, to: minutes } }',
        9: '  masters: [{ account: M1, clients: [1001, 2001] }]',
      },
      ["  - { plan: basic, scope: { client: '9999' }, from: '2020-01-01' }"],
    );
    expect(problemsOf(text)).toEqual([
      '7:67 modifiers.0.scope.client error unknown_client',
      '9:44 accounts.masters.0.clients.1 error unknown_client',
      '12:37 assignments.1.scope.client error unknown_client',
    ]);
    expect(validateSetup(text, FILE, CONTEXT)[2]?.message).toBe('no client 9999 in the snapshot (4 clients)');
  });

  it('reports a billing code no client of the snapshot has, and accepts one that a client has', () => {
    const text = setup({}, [
      "  - { plan: basic, scope: { billingCode: ACME }, from: '2020-01-01' }",
      "  - { plan: basic, scope: { billingCode: ACMF }, from: '2020-01-01' }",
    ]);
    expect(problemsOf(text)).toEqual(['13:42 assignments.2.scope.billingCode error unknown_billing_code']);
  });

  it('does not take the empty billing code of a client without one as a code a scope may name', () => {
    expect(problemsOf(setup({}, ["  - { plan: basic, scope: { billingCode: '' }, from: '2020-01-01' }"]))).toEqual([
      '12:42 assignments.1.scope.billingCode error file_field',
    ]);
  });

  it('reports a client put under two master accounts at its second mention', () => {
    const text = setup({ 9: '  masters: [{ account: M1, clients: [1001] }, { account: M2, clients: [1002, 1001] }]' });
    expect(problemsOf(text)).toEqual(['9:78 accounts.masters.1.clients.1 error client_in_two_masters']);
  });

  it('reports an assignment that ends before it starts at its until, and accepts one that ends the day it starts', () => {
    const text = setup({ 11: "  - { plan: basic, scope: default, from: '2026-03-01', until: '2026-02-28' }" }, [
      "  - { plan: basic, scope: { client: 1002 }, from: '2026-03-01', until: '2026-03-01' }",
    ]);
    expect(problemsOf(text)).toEqual(['11:63 assignments.0.until error inverted_dates']);
    expect(validateSetup(text, FILE, CONTEXT)[0]?.message).toBe('until 2026-02-28 is before from 2026-03-01');
  });

  it('reports assignments of the same scope that share a day, and not those that meet or differ in scope', () => {
    const text = setup({ 11: "  - { plan: basic, scope: { client: 1001 }, from: '2026-01-01', until: '2026-03-31' }" }, [
      "  - { plan: basic, scope: { client: 1001 }, from: '2026-04-01' }", // the day after: fine
      "  - { plan: basic, scope: { client: 1002 }, from: '2026-02-01' }", // another client: fine
      "  - { plan: basic, scope: { client: '1001' }, from: '2026-03-31', until: '2026-03-31' }", // the last day of the first
    ]);
    expect(problemsOf(text)).toEqual(['14:53 assignments.3.from error overlapping_assignments']);
    expect(validateSetup(text, FILE, CONTEXT)[0]?.message).toBe(
      'overlaps assignment 1 (plan basic, 2026-01-01 to 2026-03-31) for client 1001: end one the day before the other starts',
    );
  });

  it('reports two open default assignments as overlapping', () => {
    expect(problemsOf(setup({}, ["  - { plan: basic, scope: default, from: '2026-10-15' }"]))).toEqual([
      '12:42 assignments.1.from error overlapping_assignments',
    ]);
  });

  it('reports a statistic that no formula of the release computes and the setup does not define, wherever it is named', () => {
    const text = setup(
      {
        5: "      - { id: calls, statistic: SecCall, price: '1.35' }",
        7: '  - { id: extra, statistic: SelSecDuration, addStatistic: { statistic: MsgDelivered, factor: 6 } }',
      },
      ['statistics:', '  - { id: LiveWork30, formula: WorkSecondsRoundedUp, params: { increment_seconds: 30 } }', '  - { id: Other, formula: NoSuchFormula }'],
    );
    expect(problemsOf(text)).toEqual([
      '5:33 plans.0.lines.1.statistic error unknown_statistic',
      '7:72 modifiers.0.addStatistic.statistic error unknown_statistic',
      '14:27 statistics.1.formula error unknown_statistic',
    ]);
  });

  it('accepts a statistic the setup defines, and a formula id written in another case (rating matches ids ignoring case)', () => {
    const text = setup({ 5: "      - { id: calls, statistic: LiveWork30, price: '1.35' }", 7: '  - { id: m, statistic: selsecduration, multiply: 2 }' }, [
      'statistics:',
      '  - { id: LiveWork30, formula: WorkSecondsRoundedUp }',
    ]);
    expect(problemsOf(text)).toEqual([]);
  });

  it('warns when included units and tiers are combined without saying how, and when two modifiers share an order', () => {
    const text = setup({
      5: "      - { id: calls, statistic: SecCalls, included: 100, graduated: [{ upTo: 500, price: '1.00' }, { price: '0.90' }] }",
      7: '  - { id: a, statistic: SecCalls, order: 2, multiply: 2 }\n  - { id: b, statistic: SecCalls, order: 2, add: 1 }',
    });
    expect(problemsOf(text)).toEqual(['5:53 plans.0.lines.1.included warning ambiguous', '8:42 modifiers.1.order warning ambiguous']);
  });

  it('does not warn about included units with tiers once tiersOn says how they combine', () => {
    const line = "      - { id: calls, statistic: SecCalls, included: 100, tiersOn: total, graduated: [{ upTo: 500, price: '1.00' }, { price: '0.90' }] }";
    expect(problemsOf(setup({ 5: line }))).toEqual([]);
  });

  it('reports every schema problem, not only the first, each at its field', () => {
    const text = setup({ 4: "      - { id: base, fee: '-5' }", 11: "  - { plan: basic, scope: default, from: '2026-02-30' }" });
    expect(problemsOf(text)).toEqual(['4:26 plans.0.lines.0.fee error file_field', '11:42 assignments.0.from error file_field']);
  });

  it('reports a plan named by an assignment but not defined, at the assignment', () => {
    expect(problemsOf(setup({ 11: "  - { plan: basics, scope: default, from: '2026-01-01' }" }))).toEqual(['11:13 assignments.0.plan error file_field']);
  });

  it('reports broken YAML with its line and no field', () => {
    expect(problemsOf('plans: [\n')).toEqual([expect.stringMatching(/^\d+:\d+ {2}error file_syntax$/)]);
  });

  it('checks client numbers and statistics only against the context it is given', () => {
    const text = setup({ 5: "      - { id: calls, statistic: SecCall, price: '1.35' }" }, [
      "  - { plan: basic, scope: { client: '9999' }, from: '2020-01-01' }",
    ]);
    expect(problemsOf(text, {})).toEqual([]);
    expect(problemsOf(text, { formulas: CONTEXT.formulas ?? [] })).toEqual(['5:33 plans.0.lines.1.statistic error unknown_statistic']);
  });

  it('finds no problem in the shipped example, whose tiered line with included minutes says tiersOn: billable', () => {
    const example = readFileSync(join(PROJECT_ROOT, 'examples', 'billing-setup.yaml'), 'utf8');
    expect(validateSetup(example, 'billing-setup.yaml', CONTEXT)).toEqual([]);
  });

  it('reports adjustments for an account that is no master account, billing code or client of the snapshot, at their account', () => {
    const text = setup({}, [
      'adjustments:',
      "  - { account: M1, period: '2026-09', amount: '-10.00', reason: Outage credit }",
      "  - { account: ACME, period: '2026-09', amount: '5.00', reason: Setup work }",
      "  - { account: '1004', period: '2026-09', amount: '5.00', reason: Setup work }",
      "  - { account: ACMEE, period: '2026-09', amount: '-10.00', reason: Outage credit }",
    ]);
    const problems = validateSetup(text, FILE, CONTEXT);
    expect(problemsOf(text)).toEqual(['16:16 adjustments.3.account error unknown_account']);
    expect(problems[0]?.message).toBe('no account ACMEE: not a master account of this setup, nor a billing code or client number of the snapshot');
    expect(problemsOf(text, {})).toEqual([]);
  });

  it('reports tax exemptions naming an unknown account, billing code or client, each at its entry', () => {
    const text = setup({}, ['taxExempt:', '  accounts: [M1, NOPE]', '  billingCodes: [BETA, GAMMA]', "  clients: [1003, '4242']"]);
    expect(problemsOf(text)).toEqual([
      '13:18 taxExempt.accounts.1 error unknown_account',
      '14:24 taxExempt.billingCodes.1 error unknown_billing_code',
      '15:19 taxExempt.clients.1 error unknown_client',
    ]);
  });

  it('reports a percentage scoped to a client the snapshot does not have', () => {
    const text = setup({}, ['percentages:', "  - { id: tax, kind: tax, percent: '8.25', scope: { client: 9999 } }"]);
    expect(problemsOf(text)).toEqual(['13:61 percentages.0.scope.client error unknown_client']);
  });
});
