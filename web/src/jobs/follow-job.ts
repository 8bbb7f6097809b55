/** A job's live progress from GET /api/jobs/{id}/events (server-sent events named "job"), until it ends. */
import { api, type Problem } from '../api/client.ts';

export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly progress: { readonly step: string; readonly done: number; readonly total: number };
  readonly result: Record<string, unknown> | null;
  readonly error: { readonly code?: string; readonly detail?: string; readonly message?: string } | string | null;
}

/** Calls `onUpdate` with every state of the job; resolves with its last one. */
export function followJob(id: string, onUpdate: (job: JobView) => void): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    source.addEventListener('job', (event) => {
      const job = JSON.parse((event as MessageEvent<string>).data) as JobView;
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
        const job = await api.get<JobView>(`/api/jobs/${encodeURIComponent(id)}`);
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
  const error = job.error;
  if (!error) return `the job ended ${job.status}`;
  return typeof error === 'string' ? error : (error.detail ?? error.message ?? `the job ended ${job.status}`);
}

/** A failed job's error as a problem to show: the server's code and message (e.g. source_unreachable). */
export function jobProblem(job: JobView, fallbackCode: string): Problem {
  const code = typeof job.error === 'object' && job.error?.code ? job.error.code : fallbackCode;
  return { status: 0, code, detail: jobError(job) };
}
