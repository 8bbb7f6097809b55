/** Billing runs: start one (a job), list them, and the address of a run's files. */
import { call, endpoints, urlOf } from '../api/client.ts';

export const listRuns = async () => [...(await call(endpoints.listRuns)).runs].reverse();

export const startRun = (snapshot: string, setup: string, variant: 'legacy' | 'consensus') => call(endpoints.startRun, { body: { snapshot, setup, variant } });

export const runFileUrl = (id: string, name: string) => urlOf(endpoints.runFile, { params: { id, name } });
