/** Add a workbench user with a name, a first password and a role. */
import { createSignal, For, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { addUser, ROLES } from './admin-api.ts';

export function AddUserForm(props: { onAdded: (name: string) => void }) {
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [role, setRole] = createSignal<Role>('viewer');
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);

  const add = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const added = await addUser({ name: name().trim(), password: password(), role: role() });
      setName('');
      setPassword('');
      props.onAdded(added.name);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="view-toolbar add-user"
      aria-label="Add a user"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <label class="inline-field">
        <span>Name</span>
        <input aria-label="New user's name" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} required size={16} />
      </label>
      <label class="inline-field">
        <span>Password</span>
        <input aria-label="New user's password" type="password" autocomplete="new-password" title="at least 10 characters" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} required size={18} />
      </label>
      <label class="inline-field">
        <span>Role</span>
        <select aria-label="New user's role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <For each={ROLES}>{(r) => <option value={r}>{r}</option>}</For>
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy() || !name().trim() || !password()}>
        Add user
      </button>
      <Show when={problem()}>{(found) => <ProblemMessage title="The user was not added" problem={found()} />}</Show>
    </form>
  );
}
