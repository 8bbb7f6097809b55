/**
 * A trend as a bar chart (Chartist: SVG, styled by the brand's CSS variables) with the table of
 * its values behind it. The chart is an image with a summary for screen readers; the table,
 * under "Show the table", holds every value exactly.
 */
import { BarChart } from 'chartist';
import { createEffect, createMemo, For, onCleanup } from 'solid-js';
import { numberText, quantityText } from './numbers.ts';
import type { Trend } from './portal-types.ts';

/** At most this many axis labels, so a month of days stays readable on a phone. */
const MAX_LABELS = 8;

export function TrendChart(props: { trend: Trend; caption: string; id: string }) {
  let host!: HTMLDivElement;
  let chart: BarChart | undefined;
  // Oldest first, left to right, in the chart and its table alike.
  const points = createMemo(() => [...props.trend.points].sort((a, b) => a.date.localeCompare(b.date)));
  const values = () => points().map((point) => Number(point.value));
  const labels = () => points().map((point) => (props.trend.grain === 'day' ? point.date.slice(8, 10) : point.date));

  createEffect(() => {
    const series = values();
    const names = labels();
    const every = Math.max(1, Math.ceil(names.length / MAX_LABELS));
    chart?.detach();
    chart = new BarChart(
      host,
      { labels: names, series: [series] },
      {
        height: '220px',
        chartPadding: { top: 12, right: 8, bottom: 0, left: 4 },
        axisX: { showGrid: false, labelInterpolationFnc: (label: unknown, index: number) => (index % every === 0 ? String(label) : null) },
        axisY: { onlyInteger: series.every(Number.isInteger), labelInterpolationFnc: (value: unknown) => numberText(String(value)) },
      },
    );
  });
  onCleanup(() => chart?.detach());

  const summary = () => {
    const all = points();
    if (all.length === 0) return `${props.caption}: no values.`;
    const highest = all.reduce((best, point) => (Number(point.value) > Number(best.value) ? point : best));
    return `${props.caption}: ${all.length} ${props.trend.grain === 'day' ? 'days' : 'months'}, highest ${quantityText(highest.value, props.trend.statistic.unit)} on ${highest.date}. Every value is in the table below.`;
  };

  return (
    <figure class="portal-chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      <div class={`chart-host grain-${props.trend.grain}`} ref={host} role="img" aria-label={summary()} />
      <details class="chart-table">
        <summary>Show the table</summary>
        <table class="portal-table trend-table" aria-label={`${props.caption}, table`}>
          <thead>
            <tr>
              <th scope="col">{props.trend.grain === 'day' ? 'Day' : 'Month'}</th>
              <th scope="col" class="num">
                {props.trend.statistic.title}
                {props.trend.statistic.unit ? ` (${props.trend.statistic.unit})` : ''}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={points()}>
              {(point) => (
                <tr data-date={point.date}>
                  <th scope="row">{point.date}</th>
                  <td class="num" data-value={point.value}>
                    {numberText(point.value)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
