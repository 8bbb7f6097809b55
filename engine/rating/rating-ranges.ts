/**
 * The date ranges inside a period whose statistics rating needs besides the whole period's: the
 * segments in which an account's plan or billed clients change (plan-periods.ts) and the days a
 * client is not billed (billing-status.ts). Usage is priced by the date of the call under the plan
 * in force then, so each such range is computed on its own, by the same formulas with the range's
 * first and last stamps as $start and $end.
 */
import type { ParamValue } from '../formulas/definition.ts';
import type { Evaluator } from '../formulas/evaluate.ts';
import { groupAccounts } from './accounts.ts';
import { clientStatus } from './billing-status.ts';
import type { BillingSetup, ClientInfo } from './model.ts';
import { rangeKey, samePeriod, type BillingPeriod } from './period.ts';
import { planSegments } from './plan-periods.ts';
import { computeStatistics, type StatisticSource, type Statistics } from './statistics.ts';

/** @example ratingRanges(setup, clients, OCTOBER) // [{ start: '2026-10-01', end: '2026-10-14' }, { start: '2026-10-15', end: '2026-10-31' }] */
export function ratingRanges(setup: BillingSetup, clients: readonly ClientInfo[], period: BillingPeriod): BillingPeriod[] {
  const ranges = new Map<string, BillingPeriod>();
  const add = (range: BillingPeriod) => {
    if (!samePeriod(range, period)) ranges.set(rangeKey(range), range);
  };
  for (const account of groupAccounts(clients, setup.accounts)) {
    const statuses = new Map(account.clients.map((client) => [client, clientStatus(client, account, setup, period)]));
    for (const status of statuses.values()) if (status.notBilled) add(status.notBilled.range);
    const segments = planSegments(account, setup, period, (client) => statuses.get(client)?.billed);
    // Only usage lines read statistics.
    for (const segment of segments) if (segment.plan.lines.some((line) => line.kind === 'usage')) add(segment.range);
  }
  return [...ranges.values()].sort((a, b) => rangeKey(a).localeCompare(rangeKey(b)));
}

/**
 * Each range's statistics, computed with the run's parameters and the range's stamps: the period's
 * own first or last stamp where the range starts or ends with the period, else midnight and the
 * last IS `datetime` tick of the day (23:59:59.997, as periods end).
 */
export async function computeRangeStatistics(
  evaluator: Evaluator,
  chosen: ReadonlyMap<string, StatisticSource>,
  params: Readonly<Record<string, ParamValue>> & { readonly start: string; readonly end: string },
  period: BillingPeriod,
  ranges: readonly BillingPeriod[],
): Promise<Map<string, Statistics>> {
  const byRange = new Map<string, Statistics>();
  for (const range of ranges) {
    if (byRange.has(rangeKey(range))) continue;
    const start = range.start === period.start ? params.start : `${range.start} 00:00:00.000`;
    const end = range.end === period.end ? params.end : `${range.end} 23:59:59.997`;
    byRange.set(rangeKey(range), await computeStatistics(evaluator, chosen, { ...params, start, end }));
  }
  return byRange;
}
