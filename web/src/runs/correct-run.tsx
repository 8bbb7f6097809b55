/**
 * Correcting a finalised run: its period rated again with an approved setup version chosen here
 * (the setup it billed with, by default; its latest approved version unless one is picked), as a draft
 * correction run — a job whose progress shows live; when it ends, its page opens with the credit
 * notes and new invoices for what changed.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import type { RunRecord } from '../api/types.ts';
import { createJobAction } from '../jobs/job-action.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { runPath } from '../shell/paths.ts';
import { navigate } from '../shell/route.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { approvedSetups, approvedVersions, runMadeBy, startCorrection } from './runs-api.ts';

const LATEST = 'latest';

export function CorrectRun(props: { run: RunRecord }) {
  const [setups] = createResource(approvedSetups);
  const billedWith = () => props.run.inputs.setup.file.replace(/\.ya?ml$/, '');
  const [setup, setSetup] = createSignal('');
  const [version, setVersion] = createSignal(LATEST);
  const action = createJobAction('run_failed');
  const listed = () => (setups.error ? [] : (setups() ?? [])); // a failed resource throws when read
  const chosen = () => setup() || (listed().some((s) => s.name === billedWith()) ? billedWith() : (listed()[0]?.name ?? ''));
  const [versions] = createResource(() => chosen() || undefined, approvedVersions);

  const start = async () => {
    const ended = await action.run(() => startCorrection(props.run.id, chosen(), version() === LATEST ? undefined : Number(version())));
    const made = runMadeBy(ended);
    if (made) navigate(runPath(made));
  };

  return (
    <form
      class="correct-run"
      aria-label="Correct this run"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <InlineField label="Setup">
        <select
          aria-label="Setup to correct with"
          value={chosen()}
          onChange={(event) => {
            setSetup(event.currentTarget.value);
            setVersion(LATEST);
          }}
        >
          <For each={listed()}>{(s) => <option value={s.name}>{s.name}</option>}</For>
        </select>
      </InlineField>
      <InlineField label="Version">
        <select aria-label="Setup version" value={version()} onChange={(event) => setVersion(event.currentTarget.value)}>
          <option value={LATEST}>latest approved</option>
          <For each={versions.error ? [] : (versions() ?? [])}>{(n) => <option value={String(n)}>version {n}</option>}</For>
        </select>
      </InlineField>
      <button
        type="submit"
        class="primary"
        disabled={!chosen() || action.running()}
        title={chosen() ? undefined : 'No setup has an approved version to correct with'}
      >
        Correct this run
      </button>
      <span class="muted">A correction run is a draft: it issues credit notes and new invoices for what changed once an approver finalises it.</span>
      <Show when={action.job()}>{(job) => <JobProgress job={job()} />}</Show>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The correction run failed" problem={found()} />}</Show>
    </form>
  );
}
