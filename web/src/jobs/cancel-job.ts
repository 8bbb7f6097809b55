/** Asks the server to cancel a running job; the job's own events then report it "cancelled". */
import { api } from '../api/client.ts';
import type { JobView } from './follow-job.ts';

export async function cancelJob(id: string): Promise<{ cancelled: boolean; job: JobView }> {
  return api.post<{ cancelled: boolean; job: JobView }>(`/api/jobs/${encodeURIComponent(id)}/cancel`);
}
