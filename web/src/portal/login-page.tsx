/** The client user's login: name and password; a refusal (wrong password, too many attempts) is said above the button. */
import { createSignal, Show } from 'solid-js';
import type { Problem } from '../api/client.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import * as portal from './portal-api.ts';

export function LoginPage(props: { serviceName: string; onSignedIn: () => void }) {
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await portal.logIn({ name: name().trim(), password: password() });
      setPassword('');
      props.onSignedIn();
    } catch (error) {
      setProblem(portal.problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="portal-card portal-narrow" aria-labelledby="portal-login-title">
      <h1 id="portal-login-title">Log in</h1>
      <p>Your statistics and invoices{props.serviceName ? ` from ${props.serviceName}` : ''}.</p>
      <form class="portal-form" onSubmit={(event) => void submit(event)}>
        <label for="portal-name">Name</label>
        <input id="portal-name" name="username" autocomplete="username" value={name()} onInput={(e) => setName(e.currentTarget.value)} required />
        <label for="portal-password">Password</label>
        <input
          id="portal-password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
        <Show when={problem()}>{(found) => <ProblemMessage title="You are not logged in" problem={found()} />}</Show>
        <button type="submit" class="portal-button" disabled={busy()}>
          Log in
        </button>
      </form>
    </section>
  );
}
