/**
 * Accepting an invite (`#invite/TOKEN`): which service invites, for which clients and until when,
 * then a name and a password (twice). Once accepted, the user logs in on the login page.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { navigate } from '../shell/route.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { timeText } from './freshness-line.tsx';
import * as portal from './portal-api.ts';
import { Loaded } from './states.tsx';

/** The portal's rule for a new password, as the workbench's: long enough to resist guessing. */
const MIN_PASSWORD = 10;

export function InvitePage(props: { token: string }) {
  const [invite, { refetch }] = createResource(() => props.token, portal.invite);
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [accepted, setAccepted] = createSignal<string | null>(null);
  const [tried, setTried] = createSignal(false);

  const errors = () => ({
    name: problem()?.field === 'name' ? problem()?.detail : tried() && !name().trim() ? 'Choose a name to log in with.' : null,
    password: problem()?.field === 'password' ? problem()?.detail : tried() && password().length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : null,
    repeat: tried() && repeat() !== password() ? 'The two passwords differ.' : null,
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setTried(true);
    setProblem(null);
    const found = errors();
    if (found.name || found.password || found.repeat) return;
    setBusy(true);
    try {
      const user = await portal.acceptInvite(props.token, { name: name().trim(), password: password() });
      setAccepted(user.name);
    } catch (error) {
      setProblem(portal.problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="portal-card portal-narrow" aria-labelledby="portal-invite-title">
      <h1 id="portal-invite-title">Accept your invitation</h1>
      <Switch>
        <Match when={accepted()}>
          {(user) => (
            <div role="status">
              <p>
                Welcome, <strong>{user()}</strong>. Your account is ready.
              </p>
              <button type="button" class="portal-button" onClick={() => navigate('login')}>
                Go to the login page
              </button>
            </div>
          )}
        </Match>
        <Match when={true}>
          <Loaded resource={invite} loading="Reading the invitation…" problem="This invitation cannot be used" onRetry={() => void refetch()}>
            {(found) => (
              <>
                <p>
                  <strong>{found().serviceName}</strong> invites you to see the statistics and invoices of {found().scope}. The invitation is valid until{' '}
                  {timeText(found().expiresAt)}.
                </p>
                <form class="portal-form" onSubmit={(event) => void submit(event)} noValidate>
                  <label for="invite-name">Your name to log in with</label>
                  <input
                    id="invite-name"
                    autocomplete="username"
                    value={name()}
                    onInput={(e) => setName(e.currentTarget.value)}
                    {...invalidAttributes('invite-name', errors().name)}
                  />
                  <FieldError for="invite-name" error={errors().name} />
                  <label for="invite-password">Password</label>
                  <input
                    id="invite-password"
                    type="password"
                    autocomplete="new-password"
                    value={password()}
                    onInput={(e) => setPassword(e.currentTarget.value)}
                    {...invalidAttributes('invite-password', errors().password)}
                  />
                  <FieldError for="invite-password" error={errors().password} />
                  <label for="invite-repeat">Repeat the password</label>
                  <input
                    id="invite-repeat"
                    type="password"
                    autocomplete="new-password"
                    value={repeat()}
                    onInput={(e) => setRepeat(e.currentTarget.value)}
                    {...invalidAttributes('invite-repeat', errors().repeat)}
                  />
                  <FieldError for="invite-repeat" error={errors().repeat} />
                  <Show when={problem() && !problem()?.field}>
                    {(_) => <ProblemMessage title="The invitation was not accepted" problem={problem() as Problem} />}
                  </Show>
                  <button type="submit" class="portal-button" disabled={busy()}>
                    Create my account
                  </button>
                </form>
              </>
            )}
          </Loaded>
        </Match>
      </Switch>
    </section>
  );
}
