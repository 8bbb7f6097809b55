/** A job's progress as a labelled bar: its step and how much of it is done. */
import type { JobView } from './follow-job.ts';

export function JobProgress(props: { job: JobView }) {
  const percent = () => Math.round((100 * props.job.progress.done) / Math.max(1, props.job.progress.total));
  return (
    <div class="job-progress">
      <progress max={100} value={props.job.status === 'running' ? percent() : 100} aria-label={`${props.job.kind}: ${props.job.progress.step}`} />
      <span class="muted">
        {props.job.status === 'running' ? `${props.job.progress.step} · ${percent()}%` : props.job.status}
      </span>
    </div>
  );
}
