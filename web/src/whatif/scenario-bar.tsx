/** Which baseline setup and which scenario to compare, and a form to create a new scenario. */
import { createSignal, For } from 'solid-js';
import { InlineField } from '../ui/field.tsx';

export function ScenarioBar(props: {
  setups: readonly string[];
  setup: string;
  onSetup: (name: string) => void;
  scenarios: readonly string[];
  scenario: string;
  onScenario: (name: string) => void;
  onCreate: (name: string) => void;
  busy: boolean;
}) {
  const [name, setName] = createSignal('');
  const valid = () => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name()) && !props.scenarios.includes(name());
  return (
    <div class="view-toolbar">
      <InlineField label="Baseline setup">
        <select aria-label="Baseline setup" value={props.setup} onChange={(e) => props.onSetup(e.currentTarget.value)}>
          <For each={props.setups}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </InlineField>
      <InlineField label="Scenario">
        <select aria-label="Scenario" value={props.scenario} onChange={(e) => props.onScenario(e.currentTarget.value)}>
          <option value="" disabled>
            {props.scenarios.length === 0 ? 'none yet' : 'choose…'}
          </option>
          <For each={props.scenarios}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </InlineField>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid()) return;
          props.onCreate(name());
          setName('');
        }}
      >
        <input aria-label="New scenario name" placeholder="new-scenario-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={!valid() || props.busy}>
          Create scenario
        </button>
      </form>
    </div>
  );
}
