/**
 * Trends of a published statistic (`#trends/STATISTIC[/PERIOD[/CLIENT]]`): day by day in a
 * period, and month by month over every period the portal holds, each a chart with its table.
 */
import { createResource, For, Show } from 'solid-js';
import { navigate } from '../shell/route.ts';
import { ClientPicker, isOwnClient } from './client-picker.tsx';
import { PeriodPicker } from './period-picker.tsx';
import * as portal from './portal-api.ts';
import { trendsPath } from './portal-routes.ts';
import type { Me, Period, Statistic } from './portal-types.ts';
import { Loaded } from './states.tsx';
import { TrendChart } from './trend-chart.tsx';

export function TrendsPage(props: { me: Me; statistic: string | undefined; period: string | undefined; client: string | undefined }) {
  // The published statistics, as the newest period lists them.
  const [choices, { refetch }] = createResource(async () => {
    const periods = await portal.periods();
    const newest = periods[0];
    const statistics = newest ? (await portal.statistics(newest.period)).statistics : [];
    return { periods, statistics };
  });
  return (
    <section class="portal-page" aria-labelledby="trends-title">
      <h1 id="trends-title">Trends</h1>
      <Loaded resource={choices} loading="Reading the statistics…" problem="The statistics could not be read" onRetry={() => void refetch()}>
        {(found) => (
          <Show when={found().statistics.length > 0 && found().periods.length > 0} fallback={<p class="portal-state">No statistic is published yet.</p>}>
            <Trends
              me={props.me}
              periods={found().periods}
              statistics={found().statistics}
              statistic={props.statistic ?? (found().statistics[0] as Statistic).id}
              period={props.period ?? (found().periods[0] as Period).period}
              client={props.client}
            />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function Trends(props: {
  me: Me;
  periods: readonly Period[];
  statistics: readonly Statistic[];
  statistic: string;
  period: string;
  client: string | undefined;
}) {
  const statistic = () => props.statistics.find((s) => s.id === props.statistic);
  const period = () => props.periods.find((p) => p.period === props.period);
  const allowed = () => isOwnClient(props.me, props.client);
  const go = (change: { statistic?: string; period?: string; client?: string | null }) =>
    navigate(
      trendsPath(change.statistic ?? props.statistic, change.period ?? props.period, change.client === null ? undefined : (change.client ?? props.client)),
      { replace: true },
    );
  const [daily] = createResource(
    () => (statistic() && period() && allowed() ? { statistic: props.statistic, client: props.client, from: period()?.from, to: period()?.to } : false),
    (query) => portal.trend({ ...query, grain: 'day' }),
  );
  const [monthly] = createResource(
    () => (statistic() && allowed() ? { statistic: props.statistic, client: props.client } : false),
    (query) => portal.trend({ ...query, grain: 'month' }),
  );
  const whose = () => {
    const client = props.me.clients.find((c) => c.clientNumber === props.client);
    return client ? `${client.name} (${client.clientNumber})` : 'all my clients';
  };

  return (
    <>
      <div class="portal-controls">
        <div class="portal-control">
          <label for="trend-statistic">Statistic</label>
          <select id="trend-statistic" value={props.statistic} onChange={(event) => go({ statistic: event.currentTarget.value })}>
            <For each={props.statistics}>{(s) => <option value={s.id}>{s.title}</option>}</For>
          </select>
        </div>
        <PeriodPicker id="trend-period" periods={props.periods} value={props.period} onChange={(p) => go({ period: p })} />
        <ClientPicker id="trend-client" me={props.me} value={props.client} onChange={(client) => go({ client: client ?? null })} />
      </div>
      <Show when={allowed()} fallback={<p class="portal-state">Client {props.client} is not one of your clients.</p>}>
        <Show when={statistic()} fallback={<p class="portal-state">{props.statistic} is not a published statistic.</p>}>
          <Show when={period()} fallback={<p class="portal-state">There are no statistics for {props.period}.</p>}>
            <div class="portal-charts">
              <Loaded resource={daily} loading="Reading the days…" problem="The daily trend could not be read">
                {(trend) => <TrendChart id="trend-daily" trend={trend()} caption={`${statistic()?.title} per day, ${props.period}, ${whose()}`} />}
              </Loaded>
              <Loaded resource={monthly} loading="Reading the months…" problem="The monthly trend could not be read">
                {(trend) => <TrendChart id="trend-monthly" trend={trend()} caption={`${statistic()?.title} per month, ${whose()}`} />}
              </Loaded>
            </div>
          </Show>
        </Show>
      </Show>
    </>
  );
}
