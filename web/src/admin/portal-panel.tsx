/**
 * The Admin view's customer portal: its settings (open or closed, branding, published
 * statistics, refresh schedule) with how fresh its data is and a refresh on request, invitations
 * for client users, and the client users with their scopes.
 */
import { createResource, createSignal, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { followJob, jobError } from '../jobs/follow-job.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loaded } from '../ui/states.tsx';
import { type Grant, changePortalUser, listPortalUsers, readPortal, refreshNow, revokeInvite } from './portal-admin-api.ts';
import { ClientUsersTable, InvitesTable } from './portal-client-users.tsx';
import { PortalInviteForm } from './portal-invites.tsx';
import { PortalSettingsForm } from './portal-settings-form.tsx';
import './portal-admin.css';

export function PortalPanel(props: { onChanged: () => void }) {
  const [admin, { mutate, refetch: refetchAdmin }] = createResource(readPortal);
  const [people, { refetch }] = createResource(listPortalUsers);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal('');
  const [rowProblem, setRowProblem] = createSignal<{ id: string; problem: Problem } | null>(null);
  const [problem, setProblem] = createSignal<{ title: string; problem: Problem } | null>(null);

  const act = async (work: () => Promise<string>, id?: string, title = 'Not changed') => {
    setBusy(true);
    setStatus('');
    setProblem(null);
    setRowProblem(null);
    try {
      setStatus(await work());
    } catch (error) {
      if (id) setRowProblem({ id, problem: asProblem(error) });
      else setProblem({ title, problem: asProblem(error) });
    } finally {
      setBusy(false);
      void refetch();
      props.onChanged();
    }
  };
  const changeUser = (id: string, change: { disabled?: boolean; grant?: Grant }) =>
    act(async () => {
      const user = await changePortalUser(id, change);
      return change.grant
        ? `${user.name} now sees ${user.grant.clientNumbers.join(', ') || user.grant.billingCodes.join(', ')}.`
        : `${user.name} is ${user.disabled ? 'disabled' : 'enabled'}.`;
    }, id);

  return (
    <section class="admin-section portal-admin" aria-labelledby="admin-portal-title">
      <h2 id="admin-portal-title">Customer portal</h2>
      <p class="muted">
        Your clients see their own statistics and finalised invoices at <a href="/portal">/portal</a>.
      </p>
      <Loaded
        resource={admin}
        loading="Reading the portal's settings…"
        problem="The portal's settings could not be read"
        onRetry={() => void refetchAdmin()}
        keepWhileLoading
      >
        {(found) => (
          <>
            <p class="portal-admin-freshness">
              Current period {found().freshness.period}:{' '}
              {found().freshness.refreshedAt
                ? `data as of ${found().freshness.refreshedAt?.replace('T', ' ').slice(0, 16)} UTC (${found().freshness.status})`
                : 'not read yet'}
              <Show when={found().freshness.lastError}>{(error) => <span class="field-error"> — last refresh failed: {error()}</span>}</Show>{' '}
              <button
                type="button"
                disabled={busy()}
                onClick={() =>
                  void act(
                    async () => {
                      const { jobId } = await refreshNow();
                      setStatus('Reading the current month…');
                      const job = await followJob(jobId, () => {});
                      void refetchAdmin();
                      if (job.status !== 'succeeded') throw new Error(`The current month was not read again: ${jobError(job)}`);
                      return 'The current month is read again.';
                    },
                    undefined,
                    'The refresh did not start',
                  )
                }
              >
                Update the current month now
              </button>
            </p>
            <PortalSettingsForm
              admin={found()}
              onSaved={(saved) => {
                mutate(saved);
                props.onChanged();
              }}
            />
          </>
        )}
      </Loaded>
      <h3>Invite a client user</h3>
      <PortalInviteForm
        onInvited={() => {
          void refetch();
          props.onChanged();
        }}
      />
      <p class="portal-admin-status" role="status">
        {status()}
      </p>
      <Show when={problem()}>{(found) => <ProblemMessage title={found().title} problem={found().problem} />}</Show>
      <Loaded resource={people} loading="Listing client users…" problem="The client users could not be listed" onRetry={() => void refetch()} keepWhileLoading>
        {(found) => (
          <>
            <h3>Client users</h3>
            <Show when={found().users.length > 0} fallback={<p class="muted">No client user yet: invite one above.</p>}>
              <ClientUsersTable users={found().users} busy={busy()} problem={rowProblem()} onChange={(id, change) => void changeUser(id, change)} />
            </Show>
            <Show when={found().invites.length > 0}>
              <h3>Invitations</h3>
              <InvitesTable
                invites={found().invites}
                busy={busy()}
                onRevoke={(id) =>
                  void act(async () => {
                    await revokeInvite(id);
                    return 'The invitation is revoked.';
                  })
                }
              />
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
