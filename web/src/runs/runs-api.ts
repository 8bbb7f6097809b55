/** Billing runs: start one (a job), list them, and the address of a run's files. */
import { api } from '../api/client.ts';
import type { JobView } from '../jobs/follow-job.ts';

export interface RunRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly inputs: {
    readonly period: { readonly start: string; readonly end: string };
    readonly snapshot: { readonly id: string };
    readonly setup: { readonly file: string };
    readonly variant: string;
  };
  readonly outputs: Readonly<Record<string, string>>;
  readonly totals: { readonly accounts: number; readonly amount: string; readonly currency: string };
}

export const listRuns = async (): Promise<RunRecord[]> => [...(await api.get<{ runs: RunRecord[] }>('/api/runs')).runs].reverse();

export const startRun = (snapshot: string, setup: string, variant: 'legacy' | 'consensus') => api.post<JobView>('/api/runs', { snapshot, setup, variant });

export const runFileUrl = (run: string, name: string) => `/api/runs/${encodeURIComponent(run)}/files/${encodeURIComponent(name)}`;
