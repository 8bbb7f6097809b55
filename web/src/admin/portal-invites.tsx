/**
 * Inviting a client user: the clients (by number) and billing codes they may see, and how long
 * the invitation is valid. The link is shown once, ready to copy; no e-mail is sent.
 */
import { createSignal, Show } from 'solid-js';
import { createAction } from '../ui/action.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { errorAt, invite, listOf } from './portal-admin-api.ts';

export function PortalInviteForm(props: { onInvited: () => void }) {
  const [clients, setClients] = createSignal('');
  const [codes, setCodes] = createSignal('');
  const [days, setDays] = createSignal('7');
  const [link, setLink] = createSignal<{ url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = createSignal('');
  const action = createAction();
  // A grant naming nothing is refused as a whole ("grant"): said at the client numbers.
  const clientsError = () =>
    errorAt(action.problem(), 'grant.clientNumbers') ?? (action.problem()?.field === 'grant' ? (action.problem()?.detail ?? null) : null);
  const codesError = () => errorAt(action.problem(), 'grant.billingCodes');
  const daysError = () => errorAt(action.problem(), 'expiresInDays');

  const create = () =>
    action.run(async () => {
      setLink(null);
      setCopied('');
      const made = await invite({ clientNumbers: listOf(clients()), billingCodes: listOf(codes()) }, Number(days()));
      setLink({ url: new URL(made.url, location.origin).href, expiresAt: made.expiresAt });
      setClients('');
      setCodes('');
      props.onInvited();
    });

  const copy = async (url: string) => {
    await navigator.clipboard.writeText(url);
    setCopied('The link is copied.');
  };

  return (
    <form
      class="portal-invite"
      aria-label="Invite a client user"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <div class="portal-fields">
        <label for="invite-clients">Client numbers</label>
        <span>
          <input
            id="invite-clients"
            value={clients()}
            placeholder="e.g. 1001, 1002"
            size={30}
            onInput={(e) => setClients(e.currentTarget.value)}
            {...invalidAttributes('invite-clients', clientsError())}
          />
          <FieldError for="invite-clients" error={clientsError()} />
        </span>
        <label for="invite-codes">Billing codes</label>
        <span>
          <input
            id="invite-codes"
            value={codes()}
            placeholder="every client of these codes"
            size={30}
            onInput={(e) => setCodes(e.currentTarget.value)}
            {...invalidAttributes('invite-codes', codesError())}
          />
          <FieldError for="invite-codes" error={codesError()} />
        </span>
        <label for="invite-days">Valid for (days)</label>
        <span>
          <input
            id="invite-days"
            type="number"
            min="1"
            max="30"
            value={days()}
            onInput={(e) => setDays(e.currentTarget.value)}
            {...invalidAttributes('invite-days', daysError())}
          />
          <FieldError for="invite-days" error={daysError()} />
        </span>
      </div>
      <div class="view-toolbar">
        <button type="submit" class="primary" disabled={action.busy()}>
          Create invite
        </button>
      </div>
      <Show when={action.problem() && !clientsError() && !codesError() && !daysError()}>
        <ProblemMessage title="No invite was made" problem={action.problem() as NonNullable<ReturnType<typeof action.problem>>} />
      </Show>
      <Show when={link()}>
        {(made) => (
          <div class="notice invite-link" role="status">
            <label for="invite-link">Send this link to the client (valid until {made().expiresAt.replace('T', ' ').slice(0, 16)} UTC; shown only now):</label>
            <span class="view-toolbar">
              <input id="invite-link" readOnly value={made().url} size={60} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" onClick={() => void copy(made().url)}>
                Copy link
              </button>
              <span>{copied()}</span>
            </span>
          </div>
        )}
      </Show>
    </form>
  );
}
