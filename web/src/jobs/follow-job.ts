/** A job's live progress from GET /api/jobs/{id}/events (server-sent events named "job"), until it ends. */
import { fillPath } from '../../../server/api/endpoint.ts';
import { jobView } from '../../../server/api/schemas.ts';
import { call, endpoints, type Problem } from '../api/client.ts';
import type { JobView } from '../api/types.ts';

/** Calls `onUpdate` with every state of the job; resolves with its last one. */
export function followJob(id: string, onUpdate: (job: JobView) => void): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(fillPath(endpoints.jobEvents.path, { id }));
    source.addEventListener('job', (event) => {
      // Each event is the job as GET /api/jobs/{id} answers it (the contract describes events only in words).
      const parsed = jobView.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) {
        source.close();
        return reject(new Error(`job ${id}: an event that is not a job (${parsed.error.message})`));
      }
      const job = parsed.data;
      onUpdate(job);
      if (job.status !== 'running') {
        source.close();
        resolve(job);
      }
    });
    // A dropped stream: ask for the job's state, and keep asking while it runs.
    source.onerror = () => {
      source.close();
      const poll = async (): Promise<void> => {
        const job = await call(endpoints.showJob, { params: { id } });
        onUpdate(job);
        if (job.status !== 'running') return resolve(job);
        await new Promise((wait) => setTimeout(wait, 500));
        return poll();
      };
      poll().catch(reject);
    };
  });
}

export function jobError(job: JobView): string {
  return job.error?.message ?? `the job ended ${job.status}`;
}

/** A failed job's error as a problem to show: the server's code and message (e.g. source_unreachable). */
export function jobProblem(job: JobView, fallbackCode: string): Problem {
  return { status: 0, code: job.error?.code ?? fallbackCode, detail: jobError(job) };
}
