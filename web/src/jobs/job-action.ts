/**
 * Starting a job from a form and following it to its end: the job's latest state for the progress
 * bar, and a problem when it could not start or failed. A cancelled job is not a problem: the
 * person asked for it, and the progress already says "cancelled".
 */
import { createSignal } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import type { JobView } from '../api/types.ts';
import { followJob, jobProblem } from './follow-job.ts';

export function createJobAction(failureCode: string) {
  const [job, setJob] = createSignal<JobView | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  // Set at the click, before the request: a double click must not start the job twice.
  const [starting, setStarting] = createSignal(false);

  /** Resolves with the job's last state, or null when it never started (the problem says why); a second call while one starts does nothing. */
  const run = async (start: () => Promise<JobView>): Promise<JobView | null> => {
    if (starting() || job()?.status === 'running') return null;
    setStarting(true);
    setProblem(null);
    try {
      const started = await start().finally(() => setStarting(false));
      setJob(started);
      const ended = await followJob(started.id, setJob);
      if (ended.status === 'failed') setProblem(jobProblem(ended, failureCode));
      return ended;
    } catch (error) {
      setProblem(asProblem(error));
      return null;
    }
  };

  return { job, problem, running: () => starting() || job()?.status === 'running', run };
}
