/**
 * The scenario's prices beside the baseline's: one input per price, committed by its change event
 * (Enter or leaving the field), so one edit is one save and one comparison, not one per key.
 */
import { For, Show } from 'solid-js';
import { effectivePlan, rateFields, valueAt, type PlanDoc, type RateField, type ScenarioDoc } from './scenario-doc.ts';
import { HeaderRow } from '../ui/header-row.tsx';

export function RateEditor(props: { baseline: readonly PlanDoc[]; scenario: ScenarioDoc; disabled: boolean; onRate: (field: RateField, value: string) => void }) {
  const fields = () => rateFields(props.baseline);
  return (
    <table class="rate-editor">
      <caption>Rates</caption>
      <HeaderRow columns={['Plan', 'Price', 'Baseline#', 'Scenario#']} />
      <tbody>
        <For each={fields()}>
          {(field) => {
            const base = () => valueAt(props.baseline.find((p) => p.id === field.plan), field.path);
            const current = () => valueAt(effectivePlan(props.scenario, props.baseline, field.plan), field.path);
            return (
              <tr classList={{ changed: current() !== base() }}>
                <td>{field.plan}</td>
                <td>{field.label}</td>
                <td class="num">{base()}</td>
                <td class="num">
                  <input
                    type="text"
                    inputmode="decimal"
                    aria-label={`${field.plan} ${field.label}`}
                    data-rate={field.key}
                    value={current()}
                    disabled={props.disabled}
                    onChange={(event) => {
                      const value = event.currentTarget.value.trim();
                      if (value !== current() && /^\d+(\.\d+)?$/.test(value)) props.onRate(field, value);
                      else event.currentTarget.value = current();
                    }}
                  />
                </td>
              </tr>
            );
          }}
        </For>
        <Show when={fields().length === 0}>
          <tr>
            <td colSpan={4} class="muted">The baseline setup has no plan with a price.</td>
          </tr>
        </Show>
      </tbody>
    </table>
  );
}
