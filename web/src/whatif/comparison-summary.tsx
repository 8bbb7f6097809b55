/** Totals before and after, the change (each with its currency), and how many accounts go up, down or stay. */
import { moneyText, signOf } from '../ui/money.ts';
import type { Comparison } from '../api/types.ts';

export function ComparisonSummary(props: { comparison: Comparison }) {
  const t = () => props.comparison.totals;
  const c = () => props.comparison.counts;
  const direction = (text: string) => ({ up: signOf(text) > 0, down: signOf(text) < 0 });
  return (
    <dl class="whatif-totals" aria-label="Totals">
      <div>
        <dt>Baseline</dt>
        <dd class="total-before" data-value={t().before}>
          {moneyText(t().before)} <span class="currency">{props.comparison.currency}</span>
        </dd>
      </div>
      <div>
        <dt>Scenario</dt>
        <dd class="total-after" data-value={t().after}>
          {moneyText(t().after)} <span class="currency">{props.comparison.currency}</span>
        </dd>
      </div>
      <div>
        <dt>Change</dt>
        <dd class="total-change" classList={direction(t().change)} data-value={t().change}>
          {moneyText(t().change, { signed: true })} <span class="currency">{props.comparison.currency}</span>
        </dd>
      </div>
      <div>
        <dt>Accounts</dt>
        <dd class="account-counts">
          <span class="up">{c().up} up</span> · <span class="down">{c().down} down</span> · {c().same} unchanged
        </dd>
      </div>
    </dl>
  );
}
