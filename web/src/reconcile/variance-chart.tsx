/** The variance by statistic, for the variances the filter shows: one bar per statistic, as long as its total |ours − legacy| (largest first, at most 25). */
import { Decimal } from 'decimal.js';
import { For, Show } from 'solid-js';
import { formatNumber, type Variance } from './reconcile-api.ts';

const ROW = 18;
const LABEL = 170;
const WIDTH = 560;

interface Bar {
  readonly statistic: string;
  readonly total: Decimal;
  readonly cells: number;
}

/** Totals per statistic of |change|, exact, largest first. */
export function varianceByStatistic(variances: readonly Variance[]): Bar[] {
  const bars = new Map<string, { total: Decimal; cells: number }>();
  for (const v of variances) {
    const bar = bars.get(v.statistic) ?? { total: new Decimal(0), cells: 0 };
    bars.set(v.statistic, { total: bar.total.plus(new Decimal(v.delta.change ?? '0').abs()), cells: bar.cells + 1 });
  }
  return [...bars].map(([statistic, bar]) => ({ statistic, ...bar })).sort((a, b) => b.total.comparedTo(a.total) || b.cells - a.cells);
}

export function VarianceChart(props: { variances: readonly Variance[] }) {
  const bars = () => varianceByStatistic(props.variances).slice(0, 25);
  const extent = () => Decimal.max(...bars().map((bar) => bar.total), new Decimal('0.000001'));
  const span = WIDTH - LABEL - 90;
  return (
    <Show when={bars().length > 0}>
      <figure class="variance-chart">
        <figcaption>Variance by statistic (total |ours − legacy| of the cells shown)</figcaption>
        <svg width={WIDTH} height={bars().length * ROW + 4} role="img" aria-label={`Variance of ${bars().length} statistics`}>
          <For each={bars()}>
            {(bar, i) => {
              const length = () => Math.max(1, bar.total.dividedBy(extent()).times(span).toNumber());
              return (
                <g transform={`translate(0, ${i() * ROW + 2})`} data-statistic={bar.statistic}>
                  <title>{`${bar.statistic}: ${formatNumber(bar.total.toFixed())} over ${bar.cells} ${bar.cells === 1 ? 'cell' : 'cells'}`}</title>
                  <text x={LABEL - 6} y={ROW - 6} text-anchor="end" class="label">
                    {bar.statistic}
                  </text>
                  <rect class="bar" x={LABEL} y={2} width={length()} height={ROW - 5} />
                  <text x={LABEL + length() + 4} y={ROW - 6} class="value">
                    {formatNumber(bar.total.toFixed())}
                  </text>
                </g>
              );
            }}
          </For>
        </svg>
      </figure>
    </Show>
  );
}
