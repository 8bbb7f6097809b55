/**
 * The scenario's prices beside the baseline's: one input per price, committed by its change event
 * (Enter or leaving the field), so one edit is one save and one comparison, not one per key.
 * A bad price is shown by its field and nothing is saved; a refused save keeps what was typed.
 */
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { nonNegative } from '../../../engine/rating/setup-file.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { decimalError } from './modifier-operations.ts';
import { effectivePlan, rateFields, valueAt, type PlanDoc, type RateField, type ScenarioDoc } from './scenario-doc.ts';

interface RateEditorProps {
  baseline: readonly PlanDoc[];
  scenario: ScenarioDoc;
  disabled: boolean;
  /** Saves the new price; resolves to false when the save was refused. */
  onRate: (field: RateField, value: string) => Promise<boolean>;
}

/** Why a price cannot be saved (the setup file's prices are exact decimals, 0 or more), or null. */
export function rateError(value: string): string | null {
  if (value === '') return 'a price is required, e.g. 0.25';
  return decimalError(value) ?? (nonNegative.safeParse(value).success ? null : `"${value}" is below 0; a price is 0 or more`);
}

export function RateEditor(props: RateEditorProps) {
  const fields = createMemo(() => rateFields(props.baseline));
  return (
    <table class="rate-editor">
      <caption>Rates</caption>
      <HeaderRow columns={['Plan', 'Price', 'Baseline#', 'Scenario#']} />
      <tbody>
        <For each={fields()}>{(field) => <RateRow field={field} {...props} />}</For>
        <Show when={fields().length === 0}>
          <tr>
            <td colSpan={4} class="muted">
              The baseline setup has no plan with a price.
            </td>
          </tr>
        </Show>
      </tbody>
    </table>
  );
}

function RateRow(props: RateEditorProps & { field: RateField }) {
  const base = () =>
    valueAt(
      props.baseline.find((p) => p.id === props.field.plan),
      props.field.path,
    );
  const current = () => valueAt(effectivePlan(props.scenario, props.baseline, props.field.plan), props.field.path);
  const [text, setText] = createSignal(current());
  const [error, setError] = createSignal<string | null>(null);
  // A saved price (or another tab's) brings the new value; a refused one leaves the typed text alone.
  createEffect(
    on(
      current,
      (value) => {
        setText(value);
        setError(null);
      },
      { defer: true },
    ),
  );
  const id = () => `rate-${props.field.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  // Enter leaves the focus in the field, by the error; leaving it with Tab is not undone (no trap).
  const commit = (typed: string) => {
    setText(typed);
    const value = typed.trim();
    const found = value === current() ? null : rateError(value);
    setError(found);
    if (!found && value !== current()) void props.onRate(props.field, value);
  };

  return (
    <tr classList={{ changed: current() !== base() }}>
      <td>{props.field.plan}</td>
      <td>{props.field.label}</td>
      <td class="num">{base()}</td>
      <td class="num">
        <input
          id={id()}
          type="text"
          inputmode="decimal"
          aria-label={`${props.field.plan} ${props.field.label}`}
          data-rate={props.field.key}
          {...invalidAttributes(id(), error())}
          value={text()}
          // Read-only rather than disabled while saving, so the focus stays in the field.
          readOnly={props.disabled}
          aria-disabled={props.disabled}
          onInput={(event) => setText(event.currentTarget.value)}
          onChange={(event) => commit(event.currentTarget.value)}
        />
        <FieldError for={id()} error={error()} />
      </td>
    </tr>
  );
}
