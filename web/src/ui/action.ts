/**
 * One request a form sends at a time: busy while it runs, and the server's problem when it was
 * refused (cleared when it runs again), e.g.
 * `const action = createAction(); … await action.run(() => addUser(body))` with
 * `disabled={action.busy()}` and `<Show when={action.problem()}>…`.
 */
import { createSignal } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';

export function createAction() {
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);

  /** Resolves with what `work` resolved with, or undefined when it failed (the problem says why). */
  const run = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(null);
    try {
      return await work();
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  return { busy, problem, run };
}
