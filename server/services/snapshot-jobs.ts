/**
 * Snapshots made and removed from the workbench: a demo snapshot or an extraction from a live IS
 * database, each as a job that is audited once the snapshot is written; a deletion, audited too.
 * The request is checked at once (scale, period, source URL), so a bad one is answered straight away.
 */
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { extractSnapshot } from '../../snapshots/sources/extract.ts';
import { openSource } from '../../snapshots/sources/open-source.ts';
import type { ExtractionEvent } from '../../snapshots/sources/progress.ts';
import { describeSource } from '../../snapshots/sources/source.ts';
import { deleteSnapshot } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import type { Job, JobRunner } from '../jobs/jobs.ts';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/database.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface SnapshotJobDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly jobs: JobRunner;
  readonly now: () => Date;
}

/**
 * A demo snapshot of `scale` for `period`, made as a job whose result is `{ snapshot }`.
 * @example startDemoSnapshot(deps, 'alice', { scale: 'tiny', period: '2026-10', seed: 1 }) // a job: { snapshot: 'demo-2026-10-…' }
 */
export function startDemoSnapshot(
  deps: SnapshotJobDeps,
  actor: string,
  request: { readonly scale: string; readonly period: string; readonly seed: number },
): Job {
  const scale = scaleNamed(request.scale);
  const period = parsePeriod(request.period);
  return deps.jobs.start(
    'snapshot.demo',
    actor,
    hidingWorkspace(deps.workspace, async ({ progress, signal }) => {
      const manifest = await createDemoSnapshot(deps.workspace, {
        scale,
        period,
        periodLabel: request.period,
        seed: request.seed,
        now: deps.now,
        onProgress: (p) => {
          if (signal.aborted) throw new ApiError(409, 'cancelled', 'the snapshot was cancelled');
          progress(p);
        },
      });
      const detail = { scale: request.scale, period: request.period, seed: request.seed };
      await deps.db.transaction((tx) => appendAudit(tx, { actor, action: 'snapshot.create', target: `snapshot:${manifest.id}`, detail }, deps.now()));
      return { snapshot: manifest.id };
    }),
  );
}

export interface ExtractionRequest {
  /** mssql://user@host:1433/database or postgres://user@host:5432/database. */
  readonly source: string;
  /** The source's password; else the server's BILLING_SOURCE_PASSWORD. Never stored or shown. */
  readonly password?: string | undefined;
  readonly period: string;
  readonly clients?: { readonly from: string; readonly to: string } | undefined;
  /** Keep a snapshot of a period without data (else the job fails with `empty_period`). */
  readonly allowEmpty?: boolean | undefined;
}

/**
 * A snapshot of a period read from a live IS database, as a job whose result is `{ snapshot, warnings }`.
 * @example startExtraction(deps, 'root', { source: 'mssql://billing@is01:1433/Intelligent', period: '2026-10' })
 */
export function startExtraction(deps: SnapshotJobDeps, actor: string, request: ExtractionRequest): Job {
  const period = parsePeriod(request.period);
  // The password reaches the driver only; the URL itself is never echoed, logged or audited.
  const env = request.password === undefined ? process.env : { ...process.env, BILLING_SOURCE_PASSWORD: request.password };
  const { source, config } = openSource(request.source, env);
  return deps.jobs.start(
    'snapshot.extract',
    actor,
    hidingWorkspace(deps.workspace, async ({ progress, signal }) => {
      const manifest = await extractSnapshot(deps.workspace, {
        source,
        secret: config.password,
        period,
        periodLabel: request.period,
        clients: request.clients ?? null,
        allowEmpty: request.allowEmpty === true,
        signal,
        now: deps.now,
        onProgress: jobProgress(progress),
      });
      const detail = { source: describeSource(source), period: request.period, clients: request.clients ?? null };
      await deps.db.transaction((tx) => appendAudit(tx, { actor, action: 'snapshot.extract', target: `snapshot:${manifest.id}`, detail }, deps.now()));
      return { snapshot: manifest.id, warnings: manifest.warnings ?? [] };
    }),
  );
}

/** Deletes a snapshot; its shared DuckDB instance closes once the uses in progress end. */
export async function removeSnapshot(deps: Omit<SnapshotJobDeps, 'jobs'> & { readonly snapshots: SnapshotSessions }, actor: string, id: string): Promise<void> {
  deleteSnapshot(deps.workspace, id);
  deps.snapshots.evict(id);
  await deps.db.transaction((tx) => appendAudit(tx, { actor, action: 'snapshot.delete', target: `snapshot:${id}` }, deps.now()));
}

/**
 * A job's work whose failure never names the workspace's folder (a full disk's message does, for
 * the command line): anyone who can see the job reads `<workspace>` instead.
 */
function hidingWorkspace<Args extends unknown[], T>(workspace: Workspace, work: (...args: Args) => Promise<T>): (...args: Args) => Promise<T> {
  return async (...args) => {
    try {
      return await work(...args);
    } catch (error) {
      if (error instanceof Error) error.message = error.message.replaceAll(workspace.root, '<workspace>');
      throw error;
    }
  };
}

/** Extraction events as job progress: rows of the estimate, and the table being read. */
function jobProgress(progress: (p: Job['progress']) => void): (event: ExtractionEvent) => void {
  return (event) => {
    if (event.kind === 'resumed') return;
    if (event.kind === 'planned') return progress({ step: `planned ${event.tables} tables`, done: 0, total: Math.max(1, event.rows) });
    progress({ step: `${event.table} (${event.tablesDone}/${event.tables} tables)`, done: event.rows, total: Math.max(1, event.rowsTotal) });
  };
}
