/** Asks the server to cancel a running job; the job's own events then report it "cancelled". */
import { call, endpoints } from '../api/client.ts';

export const cancelJob = (id: string) => call(endpoints.cancelJob, { params: { id } });
