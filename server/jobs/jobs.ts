/**
 * Long work off the request path (snapshot creation, billing runs): each job has progress, can be
 * cancelled, and ends with a clear status. A failing job is recorded, never thrown at the server.
 */
import { EventEmitter } from 'node:events';
import { ApiError } from '../errors.ts';
import { hasRole, type User } from '../store/users.ts';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly owner: string;
  /** What the job works on, when two at once on the same thing would be a mistake (a double click): see `runningWith`. */
  readonly key?: string;
  status: JobStatus;
  progress: JobProgress;
  result?: unknown;
  error?: { readonly code: string; readonly message: string };
  readonly startedAt: string;
  finishedAt?: string;
}

export interface JobContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

export interface JobRunner {
  start(kind: string, owner: string, work: (context: JobContext) => Promise<unknown>, key?: string): Job;
  get(id: string): Job | undefined;
  /** The running job of `kind` started with `key`, if any. */
  runningWith(kind: string, key: string): Job | undefined;
  /**
   * Cancels a running job; false when it already ended. Only its owner or an administrator may
   * (`not_owner`): an editor must not stop an approver's billing run.
   */
  cancel(id: string, by: Pick<User, 'name' | 'role'>): boolean;
  /** Calls `listener` on every change of the job until it ends; returns the unsubscribe function. */
  watch(id: string, listener: (job: Job) => void): () => void;
  /** Cancels every running job and waits for them to stop. */
  stopAll(): Promise<void>;
}

export function createJobRunner({ now = () => new Date() }: { now?: () => Date } = {}): JobRunner {
  const jobs = new Map<string, Job>();
  const controllers = new Map<string, AbortController>();
  const running = new Map<string, Promise<void>>();
  const events = new EventEmitter();
  let counter = 0;
  const changed = (job: Job) => events.emit(job.id, job);

  return {
    start(kind, owner, work, key) {
      const job: Job = {
        id: `job-${++counter}-${Date.now().toString(36)}`,
        kind,
        owner,
        ...(key === undefined ? {} : { key }),
        status: 'running',
        progress: { step: 'starting', done: 0, total: 1 },
        startedAt: now().toISOString(),
      };
      const controller = new AbortController();
      jobs.set(job.id, job);
      controllers.set(job.id, controller);
      const context: JobContext = {
        signal: controller.signal,
        progress(progress) {
          job.progress = progress;
          changed(job);
        },
      };
      running.set(
        job.id,
        work(context)
          .then((result) => {
            // Work that stops on a cancel throws; work that returned finished first (a cancel that
            // came after a demo snapshot was written, say): its result is real and it succeeded.
            job.status = 'succeeded';
            job.result = result;
          })
          .catch((error: unknown) => {
            job.status = controller.signal.aborted ? 'cancelled' : 'failed';
            const err = error as { code?: string; message?: string };
            job.error = { code: err.code ?? 'job_failed', message: err.message ?? String(error) };
          })
          .finally(() => {
            job.finishedAt = now().toISOString();
            controllers.delete(job.id);
            running.delete(job.id);
            changed(job);
          }),
      );
      return job;
    },
    get: (id) => jobs.get(id),
    runningWith: (kind, key) => [...jobs.values()].find((job) => job.kind === kind && job.key === key && job.status === 'running'),
    cancel(id, by) {
      const job = jobs.get(id);
      if (job && job.owner !== by.name && !hasRole(by.role, 'admin'))
        throw new ApiError(403, 'not_owner', `job ${id} is ${job.owner}'s: only they or an administrator may cancel it`);
      const controller = controllers.get(id);
      if (!controller) return false;
      controller.abort();
      return true;
    },
    watch(id, listener) {
      events.on(id, listener);
      return () => events.off(id, listener);
    },
    async stopAll() {
      for (const controller of controllers.values()) controller.abort();
      await Promise.allSettled(running.values());
    },
  };
}
