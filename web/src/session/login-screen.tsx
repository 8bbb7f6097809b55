/** Log in with a name and password (POST /api/login). */
import { createSignal } from 'solid-js';
import { asProblem, call, endpoints, type Problem } from '../api/client.ts';
import { Field } from '../ui/field.tsx';
import { AuthCard } from './auth-card.tsx';
import { sessionNotice, startSession } from './session.ts';

export function LoginScreen() {
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      startSession(await call(endpoints.login, { body: { name: name(), password: password() } }));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard heading="Log in" problem={problem()} notice={sessionNotice()} busy={busy()} submitLabel="Log in" onSubmit={submit}>
      <Field label="Name" name="name" autocomplete="username" value={name()} onInput={setName} autofocus />
      <Field label="Password" name="password" type="password" autocomplete="current-password" value={password()} onInput={setPassword} />
    </AuthCard>
  );
}
