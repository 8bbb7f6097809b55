/** Add a workbench user with a name, a first password and a role. */
import { createSignal, For, Show } from 'solid-js';
import { ROLES } from '../../../server/api/endpoint.ts';
import type { Role } from '../api/types.ts';
import { createAction } from '../ui/action.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { addUser } from './admin-api.ts';

export function AddUserForm(props: { onAdded: (name: string) => void }) {
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [role, setRole] = createSignal<Role>('viewer');
  const action = createAction();

  const add = () =>
    action.run(async () => {
      const added = await addUser({ name: name().trim(), password: password(), role: role() });
      setName('');
      setPassword('');
      props.onAdded(added.name);
    });

  return (
    <form
      class="view-toolbar add-user"
      aria-label="Add a user"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <InlineField label="Name">
        <input aria-label="New user's name" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} required size={16} />
      </InlineField>
      <InlineField label="Password">
        <input
          aria-label="New user's password"
          type="password"
          autocomplete="new-password"
          title="at least 10 characters"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
          size={18}
        />
      </InlineField>
      <InlineField label="Role">
        <select aria-label="New user's role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <For each={ROLES}>{(r) => <option value={r}>{r}</option>}</For>
        </select>
      </InlineField>
      <button type="submit" class="primary" disabled={action.busy() || !name().trim() || !password()}>
        Add user
      </button>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The user was not added" problem={found()} />}</Show>
    </form>
  );
}
