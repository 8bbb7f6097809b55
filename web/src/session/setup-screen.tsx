/**
 * First start: the first person to open the workbench creates the administrator (POST /api/setup,
 * allowed only while the workspace has no user) and is logged in as them.
 */
import { createSignal } from 'solid-js';
import { asProblem, call, endpoints, type Problem } from '../api/client.ts';
import { Field } from '../ui/field.tsx';
import { AuthCard } from './auth-card.tsx';
import { startSession } from './session.ts';

/** The server's rule (POST /api/setup), checked here too to answer at once. */
const MIN_PASSWORD = endpoints.createAdministrator.body.shape.password.minLength ?? 0;

export function SetupScreen(props: { onAlreadySetUp: () => void }) {
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [repeated, setRepeated] = createSignal('');
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async () => {
    setProblem(null);
    if (password().length < MIN_PASSWORD)
      return setProblem({ status: 0, code: 'password_too_short', field: 'password', detail: `The password needs at least ${MIN_PASSWORD} characters.` });
    if (password() !== repeated()) return setProblem({ status: 0, code: 'passwords_differ', field: 'password', detail: 'The two passwords differ.' });
    setBusy(true);
    try {
      startSession(await call(endpoints.createAdministrator, { body: { name: name(), password: password() } }));
    } catch (error) {
      const found = asProblem(error);
      if (found.code === 'already_set_up') props.onAlreadySetUp();
      else setProblem(found);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      heading="Create the administrator"
      intro="This workspace has no users yet. The administrator adds the others (viewers, editors, approvers)."
      problem={problem()}
      busy={busy()}
      submitLabel="Create administrator and log in"
      onSubmit={submit}
    >
      <Field label="Name" name="name" autocomplete="username" value={name()} onInput={setName} hint="Letters, digits, dot, dash or underscore." autofocus />
      <Field
        label="Password"
        name="password"
        type="password"
        autocomplete="new-password"
        value={password()}
        onInput={setPassword}
        hint={`At least ${MIN_PASSWORD} characters.`}
      />
      <Field label="Repeat the password" name="repeated" type="password" autocomplete="new-password" value={repeated()} onInput={setRepeated} />
    </AuthCard>
  );
}
