/**
 * Which plan bills an account on a day: the assignment in force that day, the most specific first
 * (a client of the account, then its billing code, then the default), then the one starting latest.
 * plan-periods.ts cuts a period into the segments in which this stays the same.
 */
import { EngineError } from '../errors.ts';
import { inScope } from './modifiers.ts';
import type { Assignment, BillingSetup, ClientInfo, RatePlan } from './model.ts';

const specificity = { client: 3, billingCode: 2, global: 1 } as const;

/** @example assignmentOn(setup.assignments, account.clients, '2026-10-15')?.plan // 'standard-2027' */
export function assignmentOn(assignments: readonly Assignment[], clients: readonly ClientInfo[], day: string): Assignment | undefined {
  const candidates = assignments.filter(
    (assignment) =>
      assignment.from <= day && (assignment.until === undefined || assignment.until >= day) && clients.some((client) => inScope(assignment.scope, client)),
  );
  return candidates.sort((a, b) => specificity[b.scope.kind] - specificity[a.scope.kind] || b.from.localeCompare(a.from))[0];
}

export function planOf(setup: Pick<BillingSetup, 'plans'>, assignment: Assignment): RatePlan {
  const plan = setup.plans.find((p) => p.id === assignment.plan);
  if (!plan) throw new EngineError('unknown_plan', `an assignment names plan ${assignment.plan}, which the setup does not define`, { field: 'assignments' });
  return plan;
}
