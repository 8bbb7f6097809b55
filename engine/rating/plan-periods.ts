/**
 * The plans an account is on inside a range of days: segments, the maximal date ranges in which
 * the account's plan (its assignment, assignments.ts) and its billed clients stay the same. Days no assignment covers, or on which none of
 * the account's clients is billed, belong to no segment: nothing is billed for them.
 */
import type { Account } from './accounts.ts';
import { assignmentOn, planOf } from './assignments.ts';
import { inScope } from './modifiers.ts';
import type { Assignment, BillingSetup, ClientInfo, RatePlan } from './model.ts';
import { addDays, type BillingPeriod } from './period.ts';

export interface PlanSegment {
  readonly range: BillingPeriod;
  readonly assignment: Assignment;
  readonly plan: RatePlan;
  /** The account's clients billed on these days. */
  readonly clients: readonly ClientInfo[];
}

/**
 * @example planSegments(account, setup, OCTOBER) // [{ range: 2026-10-01..2026-10-14, plan: standard }, { range: 2026-10-15..2026-10-31, plan: standard-2027 }]
 * @param billedDays the days of `range` a client is billed (absent: all of them)
 */
export function planSegments(
  account: Account,
  setup: BillingSetup,
  range: BillingPeriod,
  billedDays: (client: ClientInfo) => BillingPeriod | undefined = () => range,
): PlanSegment[] {
  const billed = account.clients.map((client) => ({ client, days: billedDays(client) }));
  const assignments = setup.assignments.filter((assignment) => account.clients.some((client) => inScope(assignment.scope, client)));
  const starts = new Set([range.start]);
  const startAt = (day: string) => {
    if (day > range.start && day <= range.end) starts.add(day);
  };
  for (const assignment of assignments) {
    startAt(assignment.from);
    if (assignment.until !== undefined) startAt(addDays(assignment.until, 1));
  }
  for (const { days } of billed) {
    if (days) {
      startAt(days.start);
      startAt(addDays(days.end, 1));
    }
  }
  const ordered = [...starts].sort();
  const segments: PlanSegment[] = [];
  ordered.forEach((start, i) => {
    const next = ordered[i + 1];
    const end = next === undefined ? range.end : addDays(next, -1);
    const clients = billed.filter(({ days }) => days !== undefined && days.start <= start && days.end >= start).map(({ client }) => client);
    const assignment = assignmentOn(assignments, clients, start);
    if (!assignment || clients.length === 0) return;
    const last = segments.at(-1);
    if (last && last.assignment === assignment && last.range.end === addDays(start, -1) && sameClients(last.clients, clients)) {
      segments[segments.length - 1] = { ...last, range: { start: last.range.start, end } };
    } else {
      segments.push({ range: { start, end }, assignment, plan: planOf(setup, assignment), clients });
    }
  });
  return segments;
}

function sameClients(a: readonly ClientInfo[], b: readonly ClientInfo[]): boolean {
  return a.length === b.length && a.every((client, i) => client === b[i]);
}
