/** Start a billing run of the chosen snapshot with a stored setup; its progress shows live until it ends. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { followJob, jobError, type JobView } from '../jobs/follow-job.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { user } from '../session/session.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { listDocuments } from '../whatif/whatif-api.ts';
import { startRun } from './runs-api.ts';

const MAY_RUN = new Set(['approver', 'admin']);

export function StartRun(props: { snapshot: string; onFinished: () => void }) {
  const [setups] = createResource(() => listDocuments('setups'));
  const [setup, setSetup] = createSignal('');
  const [variant, setVariant] = createSignal<'legacy' | 'consensus'>('legacy');
  const [job, setJob] = createSignal<JobView | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const chosen = () => setup() || setups()?.[0]?.name || '';
  const running = () => job()?.status === 'running';

  const start = async () => {
    setProblem(null);
    try {
      const started = await startRun(props.snapshot, chosen(), variant());
      setJob(started);
      const ended = await followJob(started.id, setJob);
      if (ended.status !== 'succeeded') setProblem({ status: 0, code: 'run_failed', detail: jobError(ended) });
      props.onFinished();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <form
      class="view-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <label class="inline-field">
        <span>Setup</span>
        <select aria-label="Setup" value={chosen()} onChange={(e) => setSetup(e.currentTarget.value)}>
          <For each={setups() ?? []} fallback={<option value="">no setup yet</option>}>
            {(s) => <option value={s.name}>{s.name} (version {s.version})</option>}
          </For>
        </select>
      </label>
      <label class="inline-field">
        <span>Formulas</span>
        <select aria-label="Formulas" value={variant()} onChange={(e) => setVariant(e.currentTarget.value as 'legacy' | 'consensus')}>
          <option value="legacy">legacy</option>
          <option value="consensus">consensus</option>
        </select>
      </label>
      <button type="submit" class="primary" disabled={!chosen() || running() || !MAY_RUN.has(user()?.role ?? '')} title={MAY_RUN.has(user()?.role ?? '') ? undefined : 'Billing runs need the approver role'}>
        Start billing run
      </button>
      <Show when={job()}>{(current) => <JobProgress job={current()} />}</Show>
      <Show when={problem()}>{(found) => <ProblemMessage title="The billing run failed" problem={found()} />}</Show>
    </form>
  );
}
