/** Create a demo snapshot (a job): scale, period and seed; its progress shows live until it ends. */
import { createSignal, Show } from 'solid-js';
import { createJobAction } from '../jobs/job-action.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { createDemo, lastMonth } from './snapshots-api.ts';

export function CreateDemo(props: { onCreated: (id: string) => void }) {
  const [scale, setScale] = createSignal<'tiny' | 'small' | 'large'>('tiny');
  const [period, setPeriod] = createSignal(lastMonth());
  const [seed, setSeed] = createSignal('1');
  const action = createJobAction('snapshot_failed');

  const create = async () => {
    const ended = await action.run(() => createDemo({ scale: scale(), period: period(), seed: Number(seed()) }));
    if (ended?.status === 'succeeded') props.onCreated(String(ended.result?.snapshot ?? ''));
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
      <InlineField label="Scale">
        <select aria-label="Scale" value={scale()} onChange={(e) => setScale(e.currentTarget.value as 'tiny' | 'small' | 'large')}>
          <option value="tiny">tiny (~20 clients, one week)</option>
          <option value="small">small (~200 clients)</option>
          <option value="large">large (2,000 clients)</option>
        </select>
      </InlineField>
      <InlineField label="Period">
        <input
          aria-label="Period"
          value={period()}
          size={24}
          placeholder="2026-10 or 2026-10-01..2026-10-07"
          onInput={(e) => setPeriod(e.currentTarget.value)}
        />
      </InlineField>
      <InlineField label="Seed">
        <input aria-label="Seed" inputmode="numeric" value={seed()} size={6} onInput={(e) => setSeed(e.currentTarget.value)} />
      </InlineField>
      <button type="submit" class="primary" disabled={action.running() || !/^\d+$/.test(seed())}>
        Create demo snapshot
      </button>
      <Show when={action.job()}>{(current) => <JobProgress job={current()} />}</Show>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The snapshot was not created" problem={found()} />}</Show>
    </form>
  );
}
