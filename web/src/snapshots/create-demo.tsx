/** Create a demo snapshot (a job): scale, period and seed; its progress shows live until it ends. */
import { createSignal, Show } from 'solid-js';
import { api, asProblem, type Problem } from '../api/client.ts';
import { followJob, jobError, type JobView } from '../jobs/follow-job.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';

export function CreateDemo(props: { onCreated: (id: string) => void }) {
  const [scale, setScale] = createSignal<'tiny' | 'small' | 'large'>('tiny');
  const [period, setPeriod] = createSignal(new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 7));
  const [seed, setSeed] = createSignal('1');
  const [job, setJob] = createSignal<JobView | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);

  const create = async () => {
    setProblem(null);
    try {
      const started = await api.post<JobView>('/api/snapshots/demo', { scale: scale(), period: period(), seed: Number(seed()) });
      setJob(started);
      const ended = await followJob(started.id, setJob);
      if (ended.status === 'succeeded') props.onCreated(String(ended.result?.snapshot ?? ''));
      else setProblem({ status: 0, code: 'snapshot_failed', detail: jobError(ended) });
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  return (
    <form
      class="view-toolbar"
      aria-label="Create a demo snapshot"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <label class="inline-field">
        <span>Scale</span>
        <select aria-label="Scale" value={scale()} onChange={(e) => setScale(e.currentTarget.value as 'tiny' | 'small' | 'large')}>
          <option value="tiny">tiny (~20 clients, one week)</option>
          <option value="small">small (~200 clients)</option>
          <option value="large">large (2,000 clients)</option>
        </select>
      </label>
      <label class="inline-field">
        <span>Period</span>
        <input aria-label="Period" value={period()} size={24} placeholder="2026-10 or 2026-10-01..2026-10-07" onInput={(e) => setPeriod(e.currentTarget.value)} />
      </label>
      <label class="inline-field">
        <span>Seed</span>
        <input aria-label="Seed" inputmode="numeric" value={seed()} size={6} onInput={(e) => setSeed(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={job()?.status === 'running' || !/^\d+$/.test(seed())}>
        Create demo snapshot
      </button>
      <Show when={job()}>{(current) => <JobProgress job={current()} />}</Show>
      <Show when={problem()}>{(found) => <ProblemMessage title="The snapshot was not created" problem={found()} />}</Show>
    </form>
  );
}
