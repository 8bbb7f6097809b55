/**
 * How one invoice line's amount was made, step by step as rating recorded it: each client's
 * statistic value (its formula a link to the editor), the modifiers applied to it, the quantity,
 * the included units, the price (unit, tiers, volume band, packages), the line's minimum or
 * maximum, a multiplier, proration, and the rounding.
 */
import { For, type JSX, Show } from 'solid-js';
import type { Step } from '../../../engine/rating/model.ts';
import { formulaPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { Money } from './money.tsx';
import { shortDecimal } from './numbers.ts';
import { SourceRows } from './source-rows.tsx';
import { createToggleSet } from './toggle-set.ts';

const KIND_LABEL: Readonly<Partial<Record<Step['kind'], string>>> = {
  statistic: 'Statistic',
  modifier: 'Modifier',
  quantity: 'Quantity',
  included: 'Included',
  unitPrice: 'Price',
  tier: 'Tier',
  volume: 'Volume band',
  package: 'Packages',
  lineMinimum: 'Minimum',
  lineMaximum: 'Maximum',
  multiplier: 'Multiplier',
  fee: 'Fee',
  prorate: 'Proration',
  round: 'Rounding',
  carried: 'Carried',
  adjustment: 'Adjustment',
  creditLimit: 'Credit limit',
  percentage: 'Percentage',
  discountLimit: 'Discount limit',
  accountModifier: 'Account modifier',
  allowance: 'Allowance',
};

/** A step of a kind this page does not word yet, shown as recorded rather than hidden: "amount 5.00, reason goodwill". */
function recorded(step: object): string {
  return Object.entries(step)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

/** `steps` are rating's own (engine/rating/model.ts `Step`), which the API's `lineStep` schema mirrors field for field. */
export function LineSteps(props: {
  steps: readonly Step[];
  currency: string;
  /** The line's statistic and the formula computing it (a setup statistic names a library formula with parameters of its own). */
  statistic: string | null;
  formula: string | null;
  clientNames: ReadonlyMap<string, string>;
  /** The run's snapshot, where the rows behind a value are read. */
  snapshot: string | undefined;
}) {
  const money = (amount: string) => <Money amount={amount} currency={props.currency} />;
  const q = (text: string) => {
    const short = shortDecimal(text);
    return short.exact === undefined ? short.text : <span title={short.exact}>{short.text}</span>;
  };
  const rowsOpen = createToggleSet();
  const formulaOf = (statistic: string) => (statistic === props.statistic ? (props.formula ?? statistic) : statistic);
  const formulaLink = (statistic: string) => {
    const id = formulaOf(statistic);
    return (
      <a href={hrefOf(formulaPath(id))} onClick={(event) => followLink(event, formulaPath(id))} title={`Open the formula ${id} in the editor`}>
        {statistic}
      </a>
    );
  };
  const describe = (step: Step): JSX.Element => {
    switch (step.kind) {
      case 'statistic': {
        const key = `${step.clientNumber}:${step.statistic}`;
        const open = () => rowsOpen.isOpen(key);
        return (
          <>
            client {step.clientNumber} {props.clientNames.get(step.clientNumber) ?? ''}: {formulaLink(step.statistic)} = <strong>{q(step.value)}</strong>{' '}
            <Show when={props.snapshot}>
              {(snapshot) => (
                <>
                  <button
                    type="button"
                    class="link"
                    aria-expanded={open()}
                    aria-label={`${open() ? 'Hide' : 'Show'} the rows behind ${step.statistic} for client ${step.clientNumber}`}
                    onClick={() => rowsOpen.toggle(key)}
                  >
                    {open() ? 'hide rows' : 'rows'}
                  </button>
                  <Show when={open()}>
                    <SourceRows snapshot={snapshot()} clientNumber={step.clientNumber} formula={formulaOf(step.statistic)} />
                  </Show>
                </>
              )}
            </Show>
          </>
        );
      }
      case 'modifier':
        return (
          <>
            client {step.clientNumber}: {step.description || step.modifier}: {q(step.before)} → <strong>{q(step.after)}</strong>
          </>
        );
      case 'quantity':
        return (
          <>
            quantity <strong>{q(step.value)}</strong>
          </>
        );
      case 'included':
        return (
          <>
            {q(step.units)} units included in the plan's fee; <strong>{q(step.billable)}</strong> billable
          </>
        );
      case 'unitPrice':
        return (
          <>
            {q(step.units)} × {money(step.price)} = <strong>{money(step.amount)}</strong>
          </>
        );
      case 'tier':
        return (
          <>
            units {q(step.from)} to {step.to === null ? 'any more' : q(step.to)}: {q(step.units)} × {money(step.price)} = <strong>{money(step.amount)}</strong>
          </>
        );
      case 'volume':
        return (
          <>
            all {q(step.units)} units at the band's price {money(step.price)} = <strong>{money(step.amount)}</strong>
          </>
        );
      case 'package':
        return (
          <>
            {q(step.packages)} packages of {q(step.size)} × {money(step.price)} = <strong>{money(step.amount)}</strong>
          </>
        );
      case 'lineMinimum':
      case 'lineMaximum':
        return (
          <>
            {step.kind === 'lineMinimum' ? 'at least' : 'at most'} {money(step.limit)}: {money(step.before)} → <strong>{money(step.after)}</strong>
          </>
        );
      case 'multiplier':
        return (
          <>
            × {q(step.factor)}: {money(step.before)} → <strong>{money(step.after)}</strong>
          </>
        );
      case 'fee':
        return (
          <>
            fee <strong>{money(step.amount)}</strong>
          </>
        );
      case 'prorate':
        return (
          <>
            {step.days} of {step.daysInPeriod} days: {money(step.before)} → <strong>{money(step.after)}</strong>
          </>
        );
      case 'round':
        return (
          <>
            rounded to {step.scale} decimals ({step.mode}): {step.before} → <strong>{money(step.after)}</strong>
          </>
        );
      case 'carried':
        return (
          <>
            {q(step.rolledOver)} units rolled over, {q(step.prepaid)} prepaid; <strong>{q(step.drawn)}</strong> drawn by this line, {q(step.carriedOut)} carried
            on
          </>
        );
      case 'adjustment':
        return (
          <>
            {step.reason}: <strong>{money(step.amount)}</strong>
          </>
        );
      case 'creditLimit':
      case 'discountLimit':
        return (
          <>
            limited to the {money(step.available)} the invoice came to: {money(step.before)} → <strong>{money(step.after)}</strong>
          </>
        );
      case 'percentage':
        return (
          <>
            {q(step.percent)}% of {money(step.base)} ({step.lines.join(', ')}) = <strong>{money(step.amount)}</strong>
          </>
        );
      case 'accountModifier':
        return (
          <>
            account {step.account}: {step.description || step.modifier}: {q(step.before)} → <strong>{q(step.after)}</strong>
          </>
        );
      case 'allowance':
        return (
          <>
            shared allowance {step.allowance}: {q(step.available)} available, {q(step.drawn)} drawn; <strong>{q(step.billable)}</strong> billable
          </>
        );
      default:
        return <>{recorded(step)}</>;
    }
  };
  return (
    <ol class="line-steps">
      <For each={props.steps}>
        {(step) => (
          <li class={`step step-${step.kind}`}>
            <span class="step-kind">{KIND_LABEL[step.kind] ?? step.kind}</span> <span class="step-text">{describe(step)}</span>
          </li>
        )}
      </For>
    </ol>
  );
}
