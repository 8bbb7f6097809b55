/** The revenue change per account as horizontal SVG bars around a zero line (largest changes first, at most 30). */
import { createMemo, For, Show } from 'solid-js';
import { moneyText, signOf } from '../ui/money.ts';
import type { AccountTotals } from '../api/types.ts';

const ROW = 18;
const LABEL = 110;
const WIDTH = 520;

export function ChangeChart(props: { accounts: readonly AccountTotals[] }) {
  // Worked out once per change of the rows, not once per bar and attribute that reads them.
  const bars = createMemo(() =>
    props.accounts
      .filter((a) => signOf(a.change) !== 0)
      .sort((a, b) => Math.abs(Number(b.change)) - Math.abs(Number(a.change)))
      .slice(0, 30),
  );
  const extent = createMemo(() => Math.max(...bars().map((a) => Math.abs(Number(a.change))), 0.01));
  const half = (WIDTH - LABEL) / 2;
  const zero = LABEL + half;
  return (
    <figure class="change-chart">
      <figcaption>Revenue change per account</figcaption>
      <Show when={bars().length > 0} fallback={<p class="muted">No account changes.</p>}>
        <svg width={WIDTH} height={bars().length * ROW + 8} role="img" aria-label={`Revenue change of ${bars().length} accounts`}>
          <line x1={zero} x2={zero} y1={0} y2={bars().length * ROW + 8} class="axis" />
          <For each={bars()}>
            {(a, i) => {
              const length = () => (Math.abs(Number(a.change)) / extent()) * (half - 4);
              const up = () => Number(a.change) > 0;
              return (
                <g transform={`translate(0, ${i() * ROW + 4})`}>
                  <title>{`${a.account}: ${moneyText(a.change, { signed: true })}`}</title>
                  <text x={LABEL - 6} y={ROW - 6} text-anchor="end" class="label">
                    {a.account}
                  </text>
                  <rect class={up() ? 'bar up' : 'bar down'} x={up() ? zero : zero - length()} y={2} width={Math.max(1, length())} height={ROW - 5} />
                </g>
              );
            }}
          </For>
        </svg>
      </Show>
    </figure>
  );
}
