/** A formula parameter the scenario sets (e.g. time_cap): statistics are then computed again. */
import { createSignal, For } from 'solid-js';
import { paramName } from '../../../engine/formulas/param-name.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import type { ScenarioDoc } from './scenario-doc.ts';

const NAME_ID = 'scenario-param-name';
const VALUE_ID = 'scenario-param-value';

/** Why a parameter name cannot be set, or null: names are lower case, as formulas declare them. */
function nameError(name: string): string | null {
  if (name.trim() === '') return 'a parameter name is required';
  return paramName.safeParse(name).success ? null : 'is not a parameter name; write it like time_cap_minutes';
}

export function ParamEditor(props: { scenario: ScenarioDoc; disabled: boolean; onParam: (name: string, value: string) => void }) {
  const [name, setName] = createSignal('');
  const [value, setValue] = createSignal('');
  const [errors, setErrors] = createSignal<{ name: string | null; value: string | null }>({ name: null, value: null });
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
          const found = { name: nameError(name()), value: value().trim() === '' ? 'a value is required' : null };
          setErrors(found);
          // Nothing is set while a field is wrong; the focus goes to the first one, what was typed stays.
          if (found.name || found.value) return document.getElementById(found.name ? NAME_ID : VALUE_ID)?.focus();
          props.onParam(name(), value());
          setName('');
          setValue('');
        }}
      >
        <input
          id={NAME_ID}
          aria-label="Parameter name"
          placeholder="time_cap_minutes"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          {...invalidAttributes(NAME_ID, errors().name)}
        />
        <FieldError for={NAME_ID} error={errors().name} />
        <input
          id={VALUE_ID}
          aria-label="Parameter value"
          placeholder="value"
          value={value()}
          onInput={(e) => setValue(e.currentTarget.value)}
          {...invalidAttributes(VALUE_ID, errors().value)}
        />
        <FieldError for={VALUE_ID} error={errors().value} />
        <button type="submit" disabled={props.disabled}>
          Set
        </button>
      </form>
    </section>
  );
}
