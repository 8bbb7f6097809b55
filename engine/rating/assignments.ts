/**
 * Which plan bills an account for a period: the assignment in force on the period's first day,
 * the most specific first (a client of the account, then its billing code, then the default).
 */
import { EngineError } from '../errors.ts';
import type { Account } from './accounts.ts';
import { inScope } from './modifiers.ts';
import type { Assignment, BillingSetup, RatePlan } from './model.ts';
import type { BillingPeriod } from './period.ts';

const specificity = { client: 3, billingCode: 2, global: 1 } as const;

export function assignmentFor(account: Account, setup: BillingSetup, period: BillingPeriod): { assignment: Assignment; plan: RatePlan } | undefined {
  const candidates = setup.assignments.filter(
    (assignment) =>
      account.clients.some((client) => inScope(assignment.scope, client)) &&
      assignment.from <= period.end &&
      (assignment.until === undefined || assignment.until >= period.start),
  );
  const chosen = candidates.sort((a, b) => specificity[b.scope.kind] - specificity[a.scope.kind] || b.from.localeCompare(a.from))[0];
  if (!chosen) return undefined;
  const plan = setup.plans.find((p) => p.id === chosen.plan);
  if (!plan) throw new EngineError('unknown_plan', `an assignment names plan ${chosen.plan}, which the setup does not define`, { field: 'assignments' });
  return { assignment: chosen, plan };
}
