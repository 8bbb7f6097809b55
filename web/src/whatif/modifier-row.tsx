/**
 * One modifier of the scenario as a small form: its operation's values (Enter or Apply saves them),
 * Remove, and Restore to the baseline. A bad value is shown by its field and nothing is saved; a
 * refused save keeps what was typed.
 */
import { createEffect, createSignal, on, Show } from 'solid-js';
import type { ModifierRow as Row } from './modifier-doc.ts';
import {
  describeOperation,
  OPERATION_LABELS,
  operationErrors,
  operationOf,
  operationValues,
  withOperation,
  type OperationValues,
} from './modifier-operations.ts';
import { OperationInputs } from './operation-inputs.tsx';
import type { ModifierDoc } from './scenario-doc.ts';

const STATUS_TEXT = { baseline: 'as baseline', changed: 'changed', added: 'added', removed: 'removed' } as const;

/** What the modifier editor does with a row's edits; each resolves to false when the scenario was not saved. */
export interface ModifierActions {
  readonly statistics: readonly string[];
  readonly busy: boolean;
  readonly onChange: (modifier: ModifierDoc) => Promise<boolean>;
  readonly onRemove: (id: string) => Promise<boolean>;
  readonly onRestore: (id: string) => Promise<boolean>;
}

export function ModifierRow(props: ModifierActions & { row: Row }) {
  const op = () => operationOf(props.row.modifier);
  const [values, setValues] = createSignal<OperationValues>(operationValues(props.row.modifier));
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  // A saved change (or another tab's) brings new values; a refused one leaves the typed text alone.
  createEffect(
    on(
      () => JSON.stringify(operationValues(props.row.modifier)),
      () => {
        setValues(operationValues(props.row.modifier));
        setErrors({});
      },
      { defer: true },
    ),
  );
  let form!: HTMLFormElement;

  const apply = async () => {
    if (props.busy) return;
    const found = operationErrors(op(), values());
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return form.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    const changed = withOperation(props.row.modifier, op(), values());
    if (JSON.stringify(operationValues(changed)) !== JSON.stringify(operationValues(props.row.modifier))) await props.onChange(changed);
  };
  const removed = () => props.row.status === 'removed';
  const idPrefix = () => `modifier-${props.row.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  return (
    <li class={`modifier-row ${props.row.status}`} data-modifier={props.row.id}>
      <form
        ref={form}
        aria-label={`Modifier ${props.row.id}`}
        onSubmit={(event) => {
          event.preventDefault();
          void apply();
        }}
      >
        <div class="modifier-head">
          <strong>{props.row.id}</strong>
          <span class="modifier-statistic">{props.row.modifier.statistic}</span>
          <span class="muted">{scopeText(props.row.modifier.scope)}</span>
          <span class="modifier-status">{STATUS_TEXT[props.row.status]}</span>
          <Show when={props.row.baseline && props.row.status !== 'baseline'}>
            <span class="muted">baseline: {describeOperation(props.row.baseline as ModifierDoc)}</span>
          </Show>
        </div>
        <Show when={!removed()} fallback={<p class="muted">Not applied in this scenario.</p>}>
          <div class="modifier-fields">
            <span class="modifier-op">{OPERATION_LABELS[op()]}</span>
            <OperationInputs
              idPrefix={idPrefix()}
              name={props.row.id}
              op={op()}
              values={values()}
              errors={errors()}
              statistics={props.statistics}
              onInput={(key, value) => setValues({ ...values(), [key]: value })}
            />
          </div>
        </Show>
        <div class="modifier-actions">
          <Show when={!removed()}>
            <button type="submit" aria-disabled={props.busy} aria-label={`Apply ${props.row.id}`}>
              Apply
            </button>
            <button
              type="button"
              class="link"
              aria-disabled={props.busy}
              aria-label={`Remove ${props.row.id}`}
              onClick={() => !props.busy && void props.onRemove(props.row.id)}
            >
              Remove
            </button>
          </Show>
          <Show when={props.row.status === 'changed' || removed()}>
            <button
              type="button"
              class="link"
              aria-disabled={props.busy}
              aria-label={`Restore ${props.row.id}`}
              onClick={() => !props.busy && void props.onRestore(props.row.id)}
            >
              Restore baseline
            </button>
          </Show>
        </div>
      </form>
    </li>
  );
}

/** Where the modifier applies, as the setup file's `scope` says: every client, a billing code or one client. */
function scopeText(scope: ModifierDoc['scope']): string {
  if (scope && typeof scope === 'object' && !Array.isArray(scope)) {
    if ('client' in scope) return `client ${String(scope.client)}`;
    if ('billingCode' in scope) return `billing code ${String(scope.billingCode)}`;
  }
  return 'every client';
}
