/** Users and roles: every user with role, created date and status; add one, change a role, disable or enable. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { restoreSession, user } from '../session/session.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loaded } from '../ui/states.tsx';
import { AddUserForm } from './add-user-form.tsx';
import { changeUser, listUsers } from './admin-api.ts';
import { UserRow } from './user-row.tsx';

export function UsersPanel(props: { onChanged: () => void }) {
  const [users, { refetch }] = createResource(listUsers);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal('');
  const [problem, setProblem] = createSignal<{ title: string; problem: Problem } | null>(null);

  const change = async (name: string, update: { role?: Role; disabled?: boolean }) => {
    setBusy(name);
    setProblem(null);
    setStatus('');
    try {
      const changed = await changeUser(name, update);
      setStatus(update.role ? `${name} is now ${changed.role}.` : `${name} is ${changed.disabled ? 'disabled' : 'enabled'}.`);
      // Your own role changed: take the new one, so the views offered match what the server allows.
      if (name === user()?.name) void restoreSession();
    } catch (error) {
      setProblem({ title: `${name} was not changed`, problem: asProblem(error) });
    } finally {
      setBusy(null);
      // Refetched either way: a refused change puts the row back as the server has it.
      void refetch();
      props.onChanged();
    }
  };

  return (
    <section class="admin-section" aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">Users and roles</h2>
      <AddUserForm
        onAdded={(name) => {
          setStatus(`${name} was added.`);
          void refetch();
          props.onChanged();
        }}
      />
      <p class="view-status" role="status">
        {status()}
      </p>
      <Show when={problem()}>{(found) => <ProblemMessage title={found().title} problem={found().problem} />}</Show>
      <Loaded
        resource={users}
        loading="Listing users…"
        problem="The users could not be listed"
        onRetry={() => void refetch()}
        empty="No user yet."
        keepWhileLoading
      >
        {(list) => (
          <table class="data-table users-table" aria-label="Users">
            <HeaderRow columns={['User', 'Role', 'Created', 'Status', 'Access']} />
            <tbody>
              <For each={list()}>
                {(account) => (
                  <UserRow
                    user={account}
                    isYou={account.name === user()?.name}
                    busy={busy() !== null}
                    onChange={(update) => void change(account.name, update)}
                  />
                )}
              </For>
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
