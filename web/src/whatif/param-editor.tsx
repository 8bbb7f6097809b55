/** A formula parameter the scenario sets (e.g. time_cap): statistics are then computed again. */
import { createSignal, For } from 'solid-js';
import type { ScenarioDoc } from './scenario-doc.ts';

export function ParamEditor(props: { scenario: ScenarioDoc; disabled: boolean; onParam: (name: string, value: string) => void }) {
  const [name, setName] = createSignal('');
  const [value, setValue] = createSignal('');
  const params = () => Object.entries(props.scenario.params ?? {});
  return (
    <section class="param-editor" aria-label="Parameters">
      <h3>Parameters</h3>
      <ul>
        <For each={params()} fallback={<li class="muted">None: the formulas' defaults.</li>}>
          {([key, current]) => (
            <li>
              <code>{key}</code> = <code>{String(current)}</code>{' '}
              <button type="button" class="link" disabled={props.disabled} onClick={() => props.onParam(key, '')}>
                remove
              </button>
            </li>
          )}
        </For>
      </ul>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!/^[a-z][a-z0-9_]*$/.test(name()) || value().trim() === '') return;
          props.onParam(name(), value());
          setName('');
          setValue('');
        }}
      >
        <input aria-label="Parameter name" placeholder="time_cap" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <input aria-label="Parameter value" placeholder="value" value={value()} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit" disabled={props.disabled}>
          Set
        </button>
      </form>
    </section>
  );
}
