/**
 * What a client user sees of their statistics: the published statistics per period, and their
 * trends by day and by month. Every number is computed in the user's scope of the period's snapshot
 * (engine/portal/scoped-snapshot.ts), so only the granted clients' rows are ever read; a finalised
 * month shows the quantities its invoices recorded. `GET /api/portal/statistics|trends` and the
 * benchmark call these.
 */
import type { Formula, ParamValue } from '../../engine/formulas/definition.ts';
import { createEvaluator, type ResultCache } from '../../engine/formulas/evaluate.ts';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import type { ClientInfo } from '../../engine/rating/model.ts';
import { exact } from '../../engine/rating/money.ts';
import type { ActiveLibrary } from '../context.ts';
import { ApiError } from '../errors.ts';
import { formulaOf, type PeriodFormulas, periodFormulas } from './portal-data-formulas.ts';
import { type Answers, answerKey, jsonBytes } from './portal-data-answers.ts';
import { type PortalDataDeps, type PortalPeriod, portalPeriod, portalPeriods } from './portal-data-periods.ts';
import type { PortalScopes, ScopeUse } from './portal-data-scopes.ts';

export interface PublishedStatistic {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
}

/** What the portal's settings say about a client user's view. */
export interface PortalView {
  readonly publishedStatistics: readonly PublishedStatistic[];
  readonly showAgentNames: boolean;
}

/** Whose request it is: the client user's grant and the portal's settings. */
export interface PortalAsk {
  readonly grant: ClientGrant;
  readonly view: PortalView;
}

export interface PortalDeps extends PortalDataDeps {
  readonly results: ResultCache;
  readonly scopes: PortalScopes;
  readonly library: () => Promise<ActiveLibrary>;
  /** Answers kept under what they depend on (portal-data-answers.ts). */
  readonly answers: Answers;
}

/** The answer to `page` with `query`, kept until the grant, view, release or periods it was made under change. */
export async function remembered<T>(
  deps: PortalDeps,
  ask: PortalAsk,
  page: string,
  query: object,
  compute: () => Promise<T>,
  size: (answer: T) => number = jsonBytes,
): Promise<T> {
  const key = answerKey(page, query, ask, (await deps.library()).label.contentHash, await portalPeriods(deps));
  return deps.answers.remember(key, compute, size);
}

export interface ClientStatistics {
  readonly clientNumber: string;
  readonly name: string;
  readonly values: Record<string, string>;
}

export interface PortalStatistics {
  readonly period: string;
  readonly finalised: boolean;
  readonly source: 'invoice' | 'snapshot';
  readonly statistics: readonly PublishedStatistic[];
  readonly clients: readonly ClientStatistics[];
}

/** A period's published statistics for the user's clients (or one of them). */
export function portalStatistics(deps: PortalDeps, ask: PortalAsk, query: { period: string; client?: string }): Promise<PortalStatistics> {
  return remembered(deps, ask, 'statistics', query, () => statisticsOf(deps, ask, query));
}

async function statisticsOf(deps: PortalDeps, ask: PortalAsk, query: { period: string; client?: string }): Promise<PortalStatistics> {
  const period = await portalPeriod(deps, query.period);
  const formulas = periodFormulas(deps, await deps.library(), period);
  const statistics = ask.view.publishedStatistics.filter((statistic) => formulaOf(formulas, statistic.id) !== undefined);
  const clients = await inScope(deps, ask, period, (scope) => clientValues(deps, scope, formulas, statistics, formulas.params, query.client));
  return { period: period.period, finalised: period.run !== null, source: period.run !== null ? 'invoice' : 'snapshot', statistics, clients };
}

/** Runs `work` in the user's scope of the period's snapshot. */
export function inScope<T>(deps: PortalDeps, ask: PortalAsk, period: PortalPeriod, work: (scope: ScopeUse) => Promise<T>): Promise<T> {
  return deps.scopes.use(period.snapshot, ask.grant, ask.view.showAgentNames, work);
}

/** The scope's clients, or the one asked for: 400 when it is not a client number, 404 when it is not the user's. */
export function chosenClients(clients: readonly ClientInfo[], client: string | undefined): readonly ClientInfo[] {
  if (client === undefined) return clients;
  if (!/^\d{1,18}$/.test(client)) throw new ApiError(400, 'bad_client', `client "${client.slice(0, 20)}" is not a client number`, 'client');
  const found = clients.filter((candidate) => exact(candidate.clientNumber).eq(exact(client)));
  if (found.length === 0) throw new ApiError(404, 'client_unknown', `no client ${client} in your statistics for this period`, 'client');
  return found;
}

/** Each chosen client's values of the statistics: the recorded invoice quantity where there is one, else the formula's value. */
async function clientValues(
  deps: PortalDeps,
  scope: ScopeUse,
  formulas: PeriodFormulas,
  statistics: readonly PublishedStatistic[],
  params: Readonly<Record<string, ParamValue>>,
  client: string | undefined,
): Promise<ClientStatistics[]> {
  const chosen = chosenClients(scope.clients, client);
  const evaluation = await evaluate(
    deps,
    scope,
    formulas,
    statistics.map((statistic) => formulaOf(formulas, statistic.id) as Formula),
    params,
  );
  return chosen.map((info) => {
    const recorded = formulas.recorded.get(info.clientNumber);
    const values = Object.fromEntries(
      statistics.map((statistic) => [statistic.id, recorded?.get(statistic.id) ?? evaluation.get(statistic.id)?.get(info.cltID) ?? '0']),
    );
    return { clientNumber: info.clientNumber, name: info.name, values };
  });
}

/** Formula values by id and cltID, computed in the scope (results kept under the scope's own key). */
async function evaluate(
  deps: PortalDeps,
  scope: ScopeUse,
  formulas: PeriodFormulas,
  chosen: readonly Formula[],
  params: Readonly<Record<string, ParamValue>>,
): Promise<Map<string, ReadonlyMap<number, string>>> {
  if (chosen.length === 0) return new Map();
  const evaluator = createEvaluator({ sandbox: scope.sandbox, snapshotKey: scope.key, index: formulas.index, cache: deps.results });
  const { results } = await evaluator.evaluate(chosen, params);
  return new Map([...results].map(([id, result]) => [id, result.values]));
}

export interface TrendPoint {
  readonly date: string;
  readonly value: string;
}

export interface PortalTrend {
  readonly statistic: PublishedStatistic;
  readonly grain: 'day' | 'month';
  readonly points: readonly TrendPoint[];
}

/** The most days one trend shows (a quarter). */
export const MAX_TREND_DAYS = 92;

/**
 * A published statistic over time, for the user's clients together (or one of them). A day's value
 * is the statistic's formula run with that day as its period (00:00:00.000 to 23:59:59.997), with
 * the month's other parameters, in the scope of the month's snapshot; a month's value is the
 * period's statistic as `portalStatistics` shows it (the invoice quantity once finalised).
 */
export function portalTrend(deps: PortalDeps, ask: PortalAsk, query: TrendQuery): Promise<PortalTrend> {
  return remembered(deps, ask, 'trend', query, () => trendOf(deps, ask, query));
}

export interface TrendQuery {
  readonly statistic: string;
  readonly grain: 'day' | 'month';
  readonly client?: string;
  readonly from?: string;
  readonly to?: string;
}

async function trendOf(deps: PortalDeps, ask: PortalAsk, query: TrendQuery): Promise<PortalTrend> {
  const statistic = publishedStatistic(ask, query.statistic);
  // Oldest first; a copy, as every request shares the list.
  const periods = [...(await portalPeriods(deps))].reverse();
  const library = await deps.library();
  const points: TrendPoint[] = [];
  if (query.grain === 'month') {
    const from = monthBound(query.from, 'from');
    const to = monthBound(query.to, 'to');
    for (const period of periods.filter((candidate) => (!from || candidate.period >= from) && (!to || candidate.period <= to))) {
      const formulas = periodFormulas(deps, library, period);
      if (!formulaOf(formulas, statistic.id)) continue;
      const clients = await inScope(deps, ask, period, (scope) => clientValues(deps, scope, formulas, [statistic], formulas.params, query.client));
      points.push({ date: period.period, value: total(clients.map((client) => client.values[statistic.id] ?? '0')) });
    }
    return { statistic, grain: 'month', points };
  }
  const days = trendDays(query.from, query.to, periods.at(-1)?.snapshot.period);
  for (const period of periods) {
    const inPeriod = days.filter((day) => day.startsWith(period.period));
    const formulas = periodFormulas(deps, library, period);
    const formula = formulaOf(formulas, statistic.id);
    if (inPeriod.length === 0 || !formula) continue;
    await inScope(deps, ask, period, async (scope) => {
      const clients = chosenClients(scope.clients, query.client);
      for (const day of inPeriod) {
        const values = await evaluate(deps, scope, formulas, [formula], { ...formulas.params, start: `${day} 00:00:00.000`, end: `${day} 23:59:59.997` });
        const ofFormula = values.get(formula.id);
        points.push({ date: day, value: total(clients.map((client) => ofFormula?.get(client.cltID) ?? '0')) });
      }
    });
  }
  return { statistic, grain: 'day', points };
}

/** A statistic the portal publishes; 404 for any other id (it does not exist for the user). */
export function publishedStatistic(ask: PortalAsk, id: string): PublishedStatistic {
  const found = ask.view.publishedStatistics.find((statistic) => statistic.id === id);
  if (!found) throw new ApiError(404, 'statistic_unknown', `no published statistic "${id.slice(0, 60)}"`, 'statistic');
  return found;
}

/** The days of a daily trend: from..to (at most MAX_TREND_DAYS), by default the newest period's days. */
export function trendDays(from: string | undefined, to: string | undefined, newest: { start: string; end: string } | undefined): string[] {
  const first = dayBound(from, 'from') ?? newest?.start.slice(0, 10);
  if (!first) return [];
  const last = dayBound(to, 'to') ?? (from === undefined && newest ? newest.end.slice(0, 10) : lastDayOf(first));
  if (last < first) throw new ApiError(400, 'bad_range', `to (${last}) is before from (${first})`, 'to');
  const days: string[] = [];
  for (let at = Date.parse(`${first}T00:00:00Z`); new Date(at).toISOString().slice(0, 10) <= last; at += 86_400_000) {
    if (days.length === MAX_TREND_DAYS) throw new ApiError(400, 'bad_range', `a daily trend shows at most ${MAX_TREND_DAYS} days`, 'to');
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

function lastDayOf(day: string): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1, 0);
  return date.toISOString().slice(0, 10);
}

function dayBound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new ApiError(400, 'bad_date', `${field} "${value.slice(0, 20)}" is not a date (YYYY-MM-DD)`, field);
  }
  return value;
}

function monthBound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  const month = /^(\d{4}-\d{2})(-\d{2})?$/.exec(value)?.[1];
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError(400, 'bad_date', `${field} "${value.slice(0, 20)}" is not a month or date`, field);
  return month;
}

function total(values: readonly string[]): string {
  return values.reduce((sum, value) => sum.plus(exact(value)), exact(0)).toFixed();
}
