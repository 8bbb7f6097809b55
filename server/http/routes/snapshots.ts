/**
 * Snapshots (list, show, create a demo or extract from a live IS database as a job, delete) and
 * jobs (status, live progress, cancel).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { extractSnapshot } from '../../../snapshots/sources/extract.ts';
import { openSource } from '../../../snapshots/sources/open-source.ts';
import type { ExtractionEvent } from '../../../snapshots/sources/progress.ts';
import { describeSource } from '../../../snapshots/sources/source.ts';
import { deleteSnapshot, listSnapshots, readManifest } from '../../../snapshots/store/snapshot-store.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { Job } from '../../jobs/jobs.ts';
import { appendAudit } from '../../store/audit.ts';
import { api } from '../../api/contract.ts';
import { mount } from '../openapi.ts';

export function snapshotRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  mount(app, ctx.settings, api.listSnapshots, () => ({ snapshots: listSnapshots(ctx.workspace) }));

  mount(app, ctx.settings, api.showSnapshot, (_, { params }) => readManifest(ctx.workspace, params.id));

  mount(app, ctx.settings, api.createDemoSnapshot, (_, { user, body }) => {
    const scale = scaleNamed(body.scale);
    const period = parsePeriod(body.period);
    const job = ctx.jobs.start('snapshot.demo', user.name, async ({ progress, signal }) => {
      const manifest = await createDemoSnapshot(ctx.workspace, {
        scale,
        period,
        periodLabel: body.period,
        seed: body.seed,
        now: ctx.now,
        onProgress: (p) => {
          if (signal.aborted) throw new ApiError(409, 'cancelled', 'the snapshot was cancelled');
          progress(p);
        },
      });
      await ctx.db.transaction((tx) =>
        appendAudit(
          tx,
          {
            actor: user.name,
            action: 'snapshot.create',
            target: `snapshot:${manifest.id}`,
            detail: { scale: body.scale, period: body.period, seed: body.seed },
          },
          ctx.now(),
        ),
      );
      return { snapshot: manifest.id };
    });
    return jobView(job);
  });

  mount(app, ctx.settings, api.extractSnapshot, (_, { user, body }) => {
    const period = parsePeriod(body.period);
    // The password reaches the driver only; the URL itself is never echoed, logged or audited.
    const env = body.password === undefined ? process.env : { ...process.env, BILLING_SOURCE_PASSWORD: body.password };
    const { source, config } = openSource(body.source, env);
    const job = ctx.jobs.start('snapshot.extract', user.name, async ({ progress, signal }) => {
      const manifest = await extractSnapshot(ctx.workspace, {
        source,
        secret: config.password,
        period,
        periodLabel: body.period,
        clients: body.clients ?? null,
        signal,
        now: ctx.now,
        onProgress: jobProgress(progress),
      });
      const detail = { source: describeSource(source), period: body.period, clients: body.clients ?? null };
      await ctx.db.transaction((tx) => appendAudit(tx, { actor: user.name, action: 'snapshot.extract', target: `snapshot:${manifest.id}`, detail }, ctx.now()));
      return { snapshot: manifest.id, warnings: manifest.warnings ?? [] };
    });
    return jobView(job);
  });

  mount(app, ctx.settings, api.deleteSnapshot, async (_, { user, params: { id } }) => {
    deleteSnapshot(ctx.workspace, id);
    ctx.snapshots.evict(id); // its DuckDB instance closes once the uses in progress end
    await ctx.db.transaction((tx) => appendAudit(tx, { actor: user.name, action: 'snapshot.delete', target: `snapshot:${id}` }, ctx.now()));
    return { deleted: id };
  });

  mount(app, ctx.settings, api.showJob, (_, { params }) => jobView(findJob(ctx, params.id)));

  mount(app, ctx.settings, api.cancelJob, (_, { params }) => {
    const job = findJob(ctx, params.id);
    return { cancelled: ctx.jobs.cancel(job.id), job: jobView(job) };
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

/** Extraction events as job progress: rows of the estimate, and the table being read. */
function jobProgress(progress: (p: Job['progress']) => void): (event: ExtractionEvent) => void {
  return (event) => {
    if (event.kind === 'resumed') return;
    if (event.kind === 'planned') return progress({ step: `planned ${event.tables} tables`, done: 0, total: Math.max(1, event.rows) });
    progress({ step: `${event.table} (${event.tablesDone}/${event.tables} tables)`, done: event.rows, total: Math.max(1, event.rowsTotal) });
  };
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
