/** One user in the users table: their role (choose, then save), when they were added, and disable or enable them. */
import { createSignal, For } from 'solid-js';
import { ROLES } from '../../../server/api/endpoint.ts';
import type { Role, UserAccount } from '../api/types.ts';

export function UserRow(props: { user: UserAccount; isYou: boolean; busy: boolean; onChange: (change: { role?: Role; disabled?: boolean }) => void }) {
  // The role is saved by a button rather than on change: arrow keys on a select fire a change per step.
  const [role, setRole] = createSignal<Role>(props.user.role);
  const name = () => props.user.name;
  return (
    <tr data-user={name()} classList={{ disabled: props.user.disabled }}>
      <th scope="row">
        {name()}
        {props.isYou ? <span class="muted"> (you)</span> : null}
      </th>
      <td>
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            props.onChange({ role: role() });
          }}
        >
          <select aria-label={`Role of ${name()}`} value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={ROLES}>{(r) => <option value={r}>{r}</option>}</For>
          </select>
          <button type="submit" disabled={props.busy || role() === props.user.role} aria-label={`Save role of ${name()}`}>
            Save role
          </button>
        </form>
      </td>
      <td>{props.user.createdAt.replace('T', ' ').slice(0, 16)}</td>
      <td class="user-status">{props.user.disabled ? 'disabled' : 'active'}</td>
      <td>
        <button type="button" disabled={props.busy} onClick={() => props.onChange({ disabled: !props.user.disabled })}>
          {props.user.disabled ? 'Enable' : 'Disable'}
          <span class="visually-hidden"> {name()}</span>
        </button>
      </td>
    </tr>
  );
}
