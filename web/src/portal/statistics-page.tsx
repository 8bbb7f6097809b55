/**
 * A period's published statistics (`#statistics/PERIOD`, the newest period when none is named):
 * one table per client, each value with its unit and a link to the calls and messages behind it.
 * A finalised period's values are its invoices' quantities; the current period's are so far.
 */
import { createResource, For, Show } from 'solid-js';
import { followLink, hrefOf, navigate } from '../shell/route.ts';
import { quantityText } from './numbers.ts';
import { PeriodPicker } from './period-picker.tsx';
import * as portal from './portal-api.ts';
import { drilldownPath, statisticsPath, trendsPath } from './portal-routes.ts';
import type { Me, Period } from './portal-types.ts';
import { Loaded } from './states.tsx';

export function StatisticsPage(props: { me: Me; period: string | undefined }) {
  const [periods, { refetch }] = createResource(portal.periods);
  return (
    <section class="portal-page" aria-labelledby="statistics-title">
      <h1 id="statistics-title">Statistics</h1>
      <Loaded resource={periods} loading="Listing periods…" problem="The periods could not be listed" onRetry={() => void refetch()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="portal-state">No period has statistics yet.</p>}>
            <PeriodStatistics periods={list()} period={props.period ?? (list()[0] as Period).period} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function PeriodStatistics(props: { periods: readonly Period[]; period: string }) {
  const chosen = () => props.periods.find((period) => period.period === props.period);
  const [values, { refetch }] = createResource(
    () => chosen()?.period,
    (period) => portal.statistics(period),
  );
  return (
    <>
      <PeriodPicker id="statistics-period" periods={props.periods} value={props.period} onChange={(period) => navigate(statisticsPath(period))} />
      <Show when={chosen()} fallback={<p class="portal-state">There are no statistics for {props.period}. Choose one of the periods above.</p>}>
        {(period) => (
          <>
            <p class="portal-note">
              {period().from} to {period().to}:{' '}
              {period().finalised
                ? 'finalised — these are the quantities on your invoices.'
                : period().kind === 'current'
                  ? 'this period so far; the numbers grow until it ends.'
                  : 'not finalised yet; the numbers may still change.'}
            </p>
            <Loaded resource={values} loading="Reading the statistics…" problem="The statistics could not be read" onRetry={() => void refetch()}>
              {(found) => (
                <Show when={found().statistics.length > 0} fallback={<p class="portal-state">No statistic is published yet.</p>}>
                  <div class="portal-clients">
                    <For each={found().clients}>
                      {(client) => (
                        <table class="portal-table statistics-table" data-client={client.clientNumber}>
                          <caption>
                            {client.name} <span class="muted">({client.clientNumber})</span>
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Statistic</th>
                              <th scope="col" class="num">
                                {found().period}
                              </th>
                              <th scope="col">
                                <span class="visually-hidden">Details</span>
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            <For each={found().statistics}>
                              {(statistic) => {
                                const value = client.values[statistic.id] ?? '0';
                                const drill = drilldownPath(statistic.id, found().period, client.clientNumber);
                                const trend = trendsPath(statistic.id, found().period, client.clientNumber);
                                return (
                                  <tr data-statistic={statistic.id}>
                                    <th scope="row">{statistic.title}</th>
                                    <td class="num value" data-value={value}>
                                      {quantityText(value, statistic.unit)}
                                    </td>
                                    <td class="links">
                                      <a
                                        href={hrefOf(drill)}
                                        onClick={(event) => followLink(event, drill)}
                                        aria-label={`Details of ${statistic.title} for ${client.name}`}
                                      >
                                        Details
                                      </a>{' '}
                                      <a
                                        href={hrefOf(trend)}
                                        onClick={(event) => followLink(event, trend)}
                                        aria-label={`Trend of ${statistic.title} for ${client.name}`}
                                      >
                                        Trend
                                      </a>
                                    </td>
                                  </tr>
                                );
                              }}
                            </For>
                          </tbody>
                        </table>
                      )}
                    </For>
                  </div>
                </Show>
              )}
            </Loaded>
          </>
        )}
      </Show>
    </>
  );
}
