/**
 * Where a visitor lands: the first-start setup while the workspace has no user, else the login
 * form, else the workbench. The session decides; a 401 anywhere sends the user back to log in.
 */
import { createEffect, createSignal, lazy, Match, onMount, Switch } from 'solid-js';
import { asProblem, call, endpoints, type Problem } from './api/client.ts';
import { LoginScreen } from './session/login-screen.tsx';
import { restoreSession, user } from './session/session.ts';
import { SetupScreen } from './session/setup-screen.tsx';
import { ProblemMessage } from './ui/problem-message.tsx';
import { Loading } from './ui/states.tsx';

// The workbench (grid, CodeMirror) is most of the code: the login form should not wait for it.
const Workbench = lazy(() => import('./shell/workbench.tsx'));

type Stage = 'starting' | 'setup' | 'session' | 'failed';

export function App() {
  const [stage, setStage] = createSignal<Stage>('starting');
  const [problem, setProblem] = createSignal<Problem | null>(null);

  const start = async () => {
    setStage('starting');
    try {
      const { needsSetup } = await call(endpoints.setupStatus);
      if (needsSetup) return setStage('setup');
      await restoreSession();
      setStage('session');
    } catch (error) {
      setProblem(asProblem(error));
      setStage('failed');
    }
  };
  onMount(start);
  // Once someone is logged in the workspace has a user: logging out leads to the login form, not to the first-start setup.
  createEffect(() => {
    if (user() && stage() === 'setup') setStage('session');
  });

  return (
    <Switch>
      <Match when={stage() === 'starting'}>
        <Loading label="Connecting to the workbench server…" />
      </Match>
      <Match when={stage() === 'failed' && problem()}>
        {(found) => (
          <main class="auth">
            <ProblemMessage title="The workbench could not start" problem={found()} onRetry={start} />
          </main>
        )}
      </Match>
      <Match when={stage() === 'setup' && !user()}>
        <SetupScreen onAlreadySetUp={() => setStage('session')} />
      </Match>
      <Match when={user()}>
        <Workbench />
      </Match>
      <Match when={!user()}>
        <LoginScreen />
      </Match>
    </Switch>
  );
}
