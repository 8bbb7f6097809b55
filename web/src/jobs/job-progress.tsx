/**
 * A job's progress as a labelled bar: its step and how much of it is done, and while it runs a
 * Cancel button for editors (cancelling is the editor role on the server). The job's own events
 * report the end, so after a cancel the status reads "cancelled" once the server has stopped it;
 * a cancelled or failed job keeps its bar where it stopped.
 */
import { createSignal, Show } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { can } from '../session/session.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { cancelJob } from './cancel-job.ts';
import type { JobView } from '../api/types.ts';
import './jobs.css';

export function JobProgress(props: { job: JobView }) {
  const [cancelling, setCancelling] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const running = () => props.job.status === 'running';
  const percent = () => Math.round((100 * props.job.progress.done) / Math.max(1, props.job.progress.total));

  const cancel = async () => {
    setCancelling(true);
    setProblem(null);
    try {
      await cancelJob(props.job.id);
    } catch (error) {
      setProblem(asProblem(error));
      setCancelling(false);
    }
  };

  return (
    <div class="job-progress" data-status={props.job.status}>
      <progress max={100} value={props.job.status === 'succeeded' ? 100 : percent()} aria-label={`${props.job.kind}: ${props.job.progress.step}`} />
      <span class="muted job-status" role="status">
        {running() ? (cancelling() ? 'cancelling…' : `${props.job.progress.step} · ${percent()}%`) : props.job.status}
      </span>
      <Show when={running() && can('editor')}>
        {/* type=button: the progress sits inside the form that started the job, which must not submit again. */}
        <button type="button" class="job-cancel" onClick={() => void cancel()} disabled={cancelling()}>
          Cancel
        </button>
      </Show>
      <Show when={problem()}>{(found) => <ProblemMessage title="The job could not be cancelled" problem={found()} />}</Show>
    </div>
  );
}
