/** Client users and open invitations: each user's scope (changed in place), last login, and disable or enable; an invitation revoked. */
import { createSignal, For, Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { type ClientInvite, type ClientUser, errorAt, type Grant, grantText, listOf } from './portal-admin-api.ts';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export function ClientUsersTable(props: {
  users: readonly ClientUser[];
  busy: boolean;
  problem: { id: string; problem: Problem } | null;
  onChange: (id: string, change: { disabled?: boolean; grant?: Grant }) => void;
}) {
  return (
    <table class="data-table client-users-table" aria-label="Client users">
      <thead>
        <tr>
          <th scope="col">Client user</th>
          <th scope="col">Sees</th>
          <th scope="col">Created</th>
          <th scope="col">Last login</th>
          <th scope="col">Status</th>
          <th scope="col">Access</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.users}>
          {(user) => (
            <ClientUserRow
              user={user}
              busy={props.busy}
              problem={props.problem?.id === user.id ? props.problem.problem : null}
              onChange={(change) => props.onChange(user.id, change)}
            />
          )}
        </For>
      </tbody>
    </table>
  );
}

function ClientUserRow(props: { user: ClientUser; busy: boolean; problem: Problem | null; onChange: (change: { disabled?: boolean; grant?: Grant }) => void }) {
  const [clients, setClients] = createSignal(props.user.grant.clientNumbers.join(', '));
  const [codes, setCodes] = createSignal(props.user.grant.billingCodes.join(', '));
  const name = () => props.user.name;
  const id = (part: string) => `client-user-${props.user.id}-${part}`;
  const clientsError = () => errorAt(props.problem, 'grant.clientNumbers') ?? (props.problem?.field === 'grant' ? props.problem.detail : null);
  const codesError = () => errorAt(props.problem, 'grant.billingCodes');
  const changed = () => clients() !== props.user.grant.clientNumbers.join(', ') || codes() !== props.user.grant.billingCodes.join(', ');
  return (
    <tr data-client-user={name()} classList={{ disabled: props.user.disabled }}>
      <th scope="row">{name()}</th>
      <td>
        <form
          class="inline-form scope-form"
          onSubmit={(event) => {
            event.preventDefault();
            props.onChange({ grant: { clientNumbers: listOf(clients()), billingCodes: listOf(codes()) } });
          }}
        >
          <input
            id={id('clients')}
            aria-label={`Client numbers ${name()} sees`}
            value={clients()}
            size={16}
            onInput={(e) => setClients(e.currentTarget.value)}
            {...invalidAttributes(id('clients'), clientsError())}
          />
          <input
            id={id('codes')}
            aria-label={`Billing codes ${name()} sees`}
            value={codes()}
            size={10}
            placeholder="billing codes"
            onInput={(e) => setCodes(e.currentTarget.value)}
            {...invalidAttributes(id('codes'), codesError())}
          />
          <button type="submit" disabled={props.busy || !changed()}>
            Save scope<span class="visually-hidden"> of {name()}</span>
          </button>
          <FieldError for={id('clients')} error={clientsError()} />
          <FieldError for={id('codes')} error={codesError()} />
          <Show when={props.problem && !clientsError() && !codesError()}>
            <span class="field-error">{props.problem?.detail}</span>
          </Show>
        </form>
      </td>
      <td>{when(props.user.createdAt)}</td>
      <td>{when(props.user.lastLoginAt)}</td>
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

/** An invitation's state: used, revoked, expired or open. */
export function inviteState(invite: ClientInvite, now = new Date()): string {
  if (invite.usedAt) return `used ${when(invite.usedAt)}`;
  if (invite.revokedAt) return 'revoked';
  return new Date(invite.expiresAt) < now ? 'expired' : 'open';
}

export function InvitesTable(props: { invites: readonly ClientInvite[]; busy: boolean; onRevoke: (id: string) => void }) {
  return (
    <table class="data-table client-invites-table" aria-label="Invitations">
      <thead>
        <tr>
          <th scope="col">For</th>
          <th scope="col">Created</th>
          <th scope="col">By</th>
          <th scope="col">Valid until</th>
          <th scope="col">State</th>
          <th scope="col">
            <span class="visually-hidden">Revoke</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.invites}>
          {(invite) => (
            <tr data-invite={invite.id}>
              <td>{grantText(invite.grant)}</td>
              <td>{when(invite.createdAt)}</td>
              <td>{invite.createdBy}</td>
              <td>{when(invite.expiresAt)}</td>
              <td class="invite-state">{inviteState(invite)}</td>
              <td>
                <Show when={inviteState(invite) === 'open'}>
                  <button type="button" disabled={props.busy} onClick={() => props.onRevoke(invite.id)}>
                    Revoke<span class="visually-hidden"> the invitation for {grantText(invite.grant)}</span>
                  </button>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
