/** An amount of money as the invoices show it: exact, thousands grouped, with its currency. */
import { moneyText, signOf } from '../ui/money.ts';

export function Money(props: { amount: string; currency: string; signed?: boolean; colored?: boolean }) {
  const direction = () => (props.colored ? ({ 1: 'up', 0: '', [-1]: 'down' } as const)[signOf(props.amount)] : '');
  return (
    <span class={`money ${direction()}`} data-amount={props.amount}>
      {moneyText(props.amount, { signed: props.signed ?? false })} <span class="currency">{props.currency}</span>
    </span>
  );
}
