/**
 * A billing setup checked against what it bills: the snapshot's clients (client numbers, billing
 * codes) and the active formula release (which statistics exist). Every problem is reported, each
 * with its file, line, column and field, so an editor can mark them all at once. Errors make the
 * setup bill wrongly (a typo in a client number would put that client on the default plan); warnings
 * are combinations the setup leaves to the reader to guess.
 */
import type { z } from 'zod';
import { EngineError } from '../errors.ts';
import { yamlIssues } from '../yaml-file.ts';
import type { ClientInfo } from './model.ts';
import { parseSetupFile, setupSchema } from './setup-file.ts';

export interface SetupProblem {
  readonly severity: 'error' | 'warning';
  readonly code: SetupProblemCode;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The dotted path of the field at fault, e.g. `assignments.2.scope.client`. */
  readonly field: string;
}

export type SetupProblemCode =
  | 'file_syntax'
  | 'file_field'
  | 'unknown_client'
  | 'unknown_billing_code'
  | 'unknown_account'
  | 'client_in_two_masters'
  | 'inverted_dates'
  | 'overlapping_assignments'
  | 'unknown_statistic'
  | 'ambiguous';

export interface SetupContext {
  /** The snapshot's clients: client numbers and billing codes are checked against them when given. */
  readonly clients?: readonly ClientInfo[];
  /** The ids of the active release's formulas: statistics are checked against them when given. */
  readonly formulas?: readonly string[];
}

type SetupData = z.output<typeof setupSchema>;
type Path = readonly (string | number)[];
type ScopeValue = SetupData['assignments'][number]['scope'];
type Report = (severity: SetupProblem['severity'], code: SetupProblemCode, path: Path, message: string) => void;

/**
 * Every problem of a setup text, errors and warnings, in the order they appear in the file.
 * @example validateSetup(text, 'standard.yaml', { clients, formulas: ['SecCalls'] })
 *   // [{ severity: 'error', code: 'unknown_client', field: 'assignments.1.scope.client', line: 40, column: 30, ... }]
 */
export function validateSetup(text: string, file: string, context: SetupContext = {}): SetupProblem[] {
  const { data, issues, locate } = yamlIssues(text, setupSchema);
  const code = issues.some((issue) => issue.message.startsWith('not valid YAML')) ? 'file_syntax' : 'file_field';
  if (!data) return issues.map((issue) => ({ severity: 'error', code, file, ...issue }));
  const problems: SetupProblem[] = [];
  const report: Report = (severity, problemCode, path, message) =>
    problems.push({ severity, code: problemCode, message, file, ...locate(path), field: path.join('.') });
  try {
    parseSetupFile(text, file);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const { line = 1, column = 1, field = '' } = error.location;
    problems.push({ severity: 'error', code: 'file_field', message: error.message, file, line, column, field });
  }
  if (context.clients) checkClients(data, context.clients, report);
  checkDates(data, report);
  if (context.formulas) checkStatistics(data, context.formulas, report);
  checkAmbiguities(data, report);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function checkClients(data: SetupData, clients: readonly ClientInfo[], report: Report): void {
  const numbers = new Set(clients.map((client) => client.clientNumber));
  const codes = new Set(clients.map((client) => client.billingCode).filter((code) => code !== ''));
  const checkScope = (scope: ScopeValue, path: Path) => {
    if (typeof scope !== 'object') return;
    if ('client' in scope && !numbers.has(String(scope.client)))
      report('error', 'unknown_client', [...path, 'client'], `no client ${scope.client} in the snapshot (${numbers.size} clients)`);
    if ('billingCode' in scope && !codes.has(scope.billingCode))
      report('error', 'unknown_billing_code', [...path, 'billingCode'], `no client in the snapshot has billing code ${scope.billingCode}`);
  };
  for (const [i, assignment] of data.assignments.entries()) checkScope(assignment.scope, ['assignments', i, 'scope']);
  for (const [i, modifier] of data.modifiers.entries()) checkScope(modifier.scope, ['modifiers', i, 'scope']);
  for (const [i, percentage] of data.percentages.entries()) checkScope(percentage.scope, ['percentages', i, 'scope']);
  checkAccounts(data, numbers, codes, report);
  const masterOf = new Map<string, string>();
  data.accounts.masters.forEach((master, i) => {
    master.clients.forEach((client, j) => {
      const number = String(client);
      const path = ['accounts', 'masters', i, 'clients', j];
      if (!numbers.has(number)) report('error', 'unknown_client', path, `no client ${number} in the snapshot (${numbers.size} clients)`);
      const earlier = masterOf.get(number);
      if (earlier !== undefined)
        report('error', 'client_in_two_masters', path, `client ${number} is already billed under master account ${earlier}; a client has one account`);
      masterOf.set(number, master.account);
    });
  });
}

/**
 * Adjustments and tax exemptions name accounts: a master account of the setup, a billing code or a
 * client number of the snapshot. A name that is none of them would charge or exempt no one, silently.
 */
function checkAccounts(data: SetupData, numbers: ReadonlySet<string>, codes: ReadonlySet<string>, report: Report): void {
  const masters = new Set(data.accounts.masters.map((master) => master.account));
  const isAccount = (name: string) => masters.has(name) || codes.has(name) || numbers.has(name);
  const unknownAccount = (name: string) => `no account ${name}: not a master account of this setup, nor a billing code or client number of the snapshot`;
  data.adjustments.forEach((adjustment, i) => {
    if (!isAccount(adjustment.account)) report('error', 'unknown_account', ['adjustments', i, 'account'], unknownAccount(adjustment.account));
  });
  const exempt = data.taxExempt;
  if (!exempt) return;
  exempt.accounts.forEach((account, j) => {
    if (!isAccount(account)) report('error', 'unknown_account', ['taxExempt', 'accounts', j], unknownAccount(account));
  });
  exempt.billingCodes.forEach((code, j) => {
    if (!codes.has(code)) report('error', 'unknown_billing_code', ['taxExempt', 'billingCodes', j], `no client in the snapshot has billing code ${code}`);
  });
  exempt.clients.forEach((client, j) => {
    if (!numbers.has(String(client)))
      report('error', 'unknown_client', ['taxExempt', 'clients', j], `no client ${client} in the snapshot (${numbers.size} clients)`);
  });
}

/** Assignments are inclusive day ranges; two for the same scope may not share a day (which plan would bill it?). */
function checkDates(data: SetupData, report: Report): void {
  const valid: { index: number; key: string; from: string; until: string | undefined }[] = [];
  data.assignments.forEach((assignment, i) => {
    if (assignment.until !== undefined && assignment.until < assignment.from) {
      report('error', 'inverted_dates', ['assignments', i, 'until'], `until ${assignment.until} is before from ${assignment.from}`);
      return;
    }
    const key = scopeKey(assignment.scope);
    for (const other of valid) {
      if (other.key !== key || !overlaps(other, assignment)) continue;
      const plan = data.assignments[other.index]?.plan;
      report(
        'error',
        'overlapping_assignments',
        ['assignments', i, 'from'],
        `overlaps assignment ${other.index + 1} (plan ${plan}, ${other.from} to ${other.until ?? 'open'}) for ${scopeLabel(assignment.scope)}: end one the day before the other starts`,
      );
    }
    valid.push({ index: i, key, from: assignment.from, until: assignment.until });
  });
}

function overlaps(a: { from: string; until?: string | undefined }, b: { from: string; until?: string | undefined }): boolean {
  return a.from <= (b.until ?? '9999-12-31') && b.from <= (a.until ?? '9999-12-31');
}

function scopeKey(scope: ScopeValue): string {
  if (typeof scope !== 'object') return 'default';
  return 'client' in scope ? `client:${scope.client}` : `billingCode:${scope.billingCode}`;
}

function scopeLabel(scope: ScopeValue): string {
  if (typeof scope !== 'object') return 'the default scope';
  return 'client' in scope ? `client ${scope.client}` : `billing code ${scope.billingCode}`;
}

/** A statistic is a setup `statistics:` definition or a formula of the release (ids are matched ignoring case, as rating does). */
function checkStatistics(data: SetupData, formulas: readonly string[], report: Report): void {
  const known = new Set(formulas.map((id) => id.toLowerCase()));
  const defined = new Set(data.statistics.map((definition) => definition.id.toLowerCase()));
  const check = (statistic: string, path: Path) => {
    if (!known.has(statistic.toLowerCase()) && !defined.has(statistic.toLowerCase()))
      report('error', 'unknown_statistic', path, `no formula in the active release computes ${statistic}, and the setup defines no statistic ${statistic}`);
  };
  data.statistics.forEach((definition, i) => {
    if (!known.has(definition.formula.toLowerCase()))
      report('error', 'unknown_statistic', ['statistics', i, 'formula'], `no formula ${definition.formula} in the active release`);
  });
  data.plans.forEach((plan, p) => {
    plan.lines.forEach((line, l) => {
      if ('statistic' in line) check(line.statistic, ['plans', p, 'lines', l, 'statistic']);
    });
  });
  data.modifiers.forEach((modifier, i) => {
    check(modifier.statistic, ['modifiers', i, 'statistic']);
    if (modifier.addStatistic) check(modifier.addStatistic.statistic, ['modifiers', i, 'addStatistic', 'statistic']);
  });
}

function checkAmbiguities(data: SetupData, report: Report): void {
  data.plans.forEach((plan, p) => {
    plan.lines.forEach((line, l) => {
      if (!('statistic' in line) || line.included === undefined || Number(line.included) === 0) return;
      const tiered = line.graduated ? 'graduated' : line.volume ? 'volume' : undefined;
      if (!tiered || 'tiersOn' in line) return;
      report(
        'warning',
        'ambiguous',
        ['plans', p, 'lines', l, 'included'],
        `line ${line.id} has ${line.included} included units and ${tiered} tiers without saying how they combine: the tiers count the units after the included ones (say so with tiersOn: billable, or tiersOn: total)`,
      );
    });
  });
  const seen = new Map<string, { id: string }>();
  data.modifiers.forEach((modifier, i) => {
    const key = `${modifier.statistic.toLowerCase()}|${scopeKey(modifier.scope)}|${modifier.order}`;
    const earlier = seen.get(key);
    if (earlier)
      report(
        'warning',
        'ambiguous',
        ['modifiers', i, 'order'],
        `modifiers ${earlier.id} and ${modifier.id} of ${modifier.statistic} both have order ${modifier.order}: they apply in the order written; give each its own order`,
      );
    seen.set(key, { id: modifier.id });
  });
}
