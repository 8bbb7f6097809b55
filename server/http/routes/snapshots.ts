/**
 * Snapshots (list, show, create a demo or extract from a live IS database as a job, delete) and
 * jobs (status, live progress, cancel).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { listSnapshots, readManifest } from '../../../snapshots/store/snapshot-store.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { Job } from '../../jobs/jobs.ts';
import { removeSnapshot, startDemoSnapshot, startExtraction } from '../../services/snapshot-jobs.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function snapshotRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listSnapshots, () => ({ snapshots: listSnapshots(ctx.workspace) }));

  mount(app, ctx.settings, api.showSnapshot, (_, { params }) => readManifest(ctx.workspace, params.id));

  mount(app, ctx.settings, api.createDemoSnapshot, (_, { user, body }) => jobView(startDemoSnapshot(ctx, user.name, body)));

  mount(app, ctx.settings, api.extractSnapshot, (_, { user, body }) => jobView(startExtraction(ctx, user.name, body)));

  mount(app, ctx.settings, api.deleteSnapshot, async (_, { user, params: { id } }) => {
    await removeSnapshot(ctx, user.name, id);
    return { deleted: id };
  });

  mount(app, ctx.settings, api.showJob, (_, { params }) => jobView(findJob(ctx, params.id)));

  mount(app, ctx.settings, api.cancelJob, (_, { user, params }) => {
    const job = findJob(ctx, params.id);
    return { cancelled: ctx.jobs.cancel(job.id, user), job: jobView(job) };
  });

  mount(app, ctx.settings, api.jobEvents, (c, { params }) => {
    const job = findJob(ctx, params.id);
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'job', data: JSON.stringify(jobView(job)) });
      if (job.status !== 'running') return;
      await new Promise<void>((resolve) => {
        // Writes in order, and the stream ends only after the last one is written: else the final
        // state of a job that ends quickly can be lost when the stream closes first.
        let written = Promise.resolve();
        const stop = ctx.jobs.watch(job.id, (changed) => {
          const view = jobView(changed);
          written = written.then(() => stream.writeSSE({ event: 'job', data: JSON.stringify(view) }));
          if (changed.status !== 'running') {
            stop();
            void written.then(resolve, resolve);
          }
        });
        stream.onAbort(() => {
          stop();
          resolve();
        });
      });
    });
  });
}

function findJob(ctx: ServerContext, id: string): Job {
  const job = ctx.jobs.get(id);
  if (!job) throw new ApiError(404, 'not_found', `no job ${id}`);
  return job;
}

export function jobView(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    owner: job.owner,
    status: job.status,
    progress: job.progress,
    // What a job made is an object of its own kind ({ snapshot }, { run, total }...).
    result: (job.result ?? null) as Readonly<Record<string, unknown>> | null,
    error: job.error ?? null,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt ?? null,
  };
}
