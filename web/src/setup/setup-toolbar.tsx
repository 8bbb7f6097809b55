/** Which setup the editor shows, and a new one made from the shipped example. */
import { createSignal, For, Show } from 'solid-js';
import { can } from '../session/session.ts';
import { setupPath } from '../shell/paths.ts';
import { navigate } from '../shell/route.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

export function SetupToolbar(props: { setups: readonly string[]; name: string; onCreate: (name: string) => void; busy: boolean }) {
  const [newName, setNewName] = createSignal('');
  const valid = () => NAME.test(newName()) && !props.setups.includes(newName());
  return (
    <div class="view-toolbar">
      <label class="inline-field">
        <span>Setup</span>
        <select aria-label="Setup" value={props.name} onChange={(event) => navigate(setupPath(event.currentTarget.value))}>
          <For each={props.setups}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </label>
      <Show when={can('editor')}>
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid()) return;
            props.onCreate(newName());
            setNewName('');
          }}
        >
          <input aria-label="New setup name" placeholder="new-setup-name" value={newName()} onInput={(event) => setNewName(event.currentTarget.value)} />
          <button type="submit" disabled={!valid() || props.busy}>
            New setup from the example
          </button>
        </form>
      </Show>
    </div>
  );
}
