/**
 * The customer portal's current period: a snapshot of this month so far, refreshed on the
 * administrator's schedule by a scheduler inside the server (the demo refresh on the embedded demo
 * data, or an extraction from the IS database configured as BILLING_PORTAL_SOURCE). One refresh
 * runs at a time, for at most `REFRESH_LIMIT_MS`; a failed one keeps the last good snapshot and is
 * recorded with its error, which the portal shows as the data's freshness.
 */
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { extractSnapshot } from '../../snapshots/sources/extract.ts';
import { openSource } from '../../snapshots/sources/open-source.ts';
import { deleteSnapshot, listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import type { Job, JobRunner } from '../jobs/jobs.ts';
import { listRuns } from '../runs/run-store.ts';
import { appendAudit } from '../store/audit.ts';
import { deleteExpiredClientSessions } from '../store/client-users.ts';
import { appendPortalRefresh, latestRefreshes, type PortalRefresh } from '../store/portal-refreshes.ts';
import { portalSettings, type PortalSettingsDeps } from './portal-settings.ts';
import type { SnapshotSessions } from './snapshot-sessions.ts';

export interface PortalRefreshDeps extends PortalSettingsDeps {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  readonly snapshots: SnapshotSessions;
  /** Where BILLING_PORTAL_SOURCE (and BILLING_SOURCE_PASSWORD) are read; the process's environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long a refresh may take (default `REFRESH_LIMIT_MS`). */
  readonly refreshLimitMs?: number;
}

/** A refresh that takes longer is stopped (and recorded as failed): a stuck source must not hold the next one back for good. */
export const REFRESH_LIMIT_MS = 15 * 60_000;
const JOB_KIND = 'portal.refresh';
const JOB_KEY = 'current-period';
/** Who the audit log names for a refresh the schedule started. */
export const SCHEDULER = 'portal-scheduler';

export interface Freshness {
  readonly period: string;
  readonly refreshedAt: string | null;
  readonly status: 'fresh' | 'stale' | 'failed';
  readonly lastError: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month `now` is in, in the server's calendar (the IS server keeps local time), as YYYY-MM. */
export const currentPeriod = (now: Date): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
const today = (now: Date): string => `${currentPeriod(now)}-${pad(now.getDate())}`;

/** The month a snapshot's period starts in. */
export const periodOf = (manifest: Manifest): string => manifest.period.start.slice(0, 7);

/**
 * The snapshot the portal reads for the current period: the last good refresh's, else the newest
 * snapshot of the month; undefined when there is none.
 */
export async function currentSnapshot(
  deps: Pick<PortalRefreshDeps, 'db' | 'workspace' | 'now'>,
): Promise<{ manifest: Manifest; refresh?: PortalRefresh } | undefined> {
  const period = currentPeriod(deps.now());
  const manifests = listSnapshots(deps.workspace).filter((manifest) => periodOf(manifest) === period);
  const { lastGood } = await latestRefreshes(deps.db, period);
  const refreshed = lastGood && manifests.find((manifest) => manifest.id === lastGood.snapshot);
  if (refreshed && lastGood) return { manifest: refreshed, refresh: lastGood };
  const newest = manifests.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return newest ? { manifest: newest } : undefined;
}

/**
 * How fresh the current period's data is: `failed` when the last refresh failed (the last good data
 * still shows), `stale` when there is none or it is overdue (twice the schedule, or a day without
 * one), else `fresh`.
 * @example await portalFreshness(ctx) // { period: '2026-12', refreshedAt: '2026-12-06T00:30:00.000Z', status: 'fresh', lastError: null }
 */
export async function portalFreshness(deps: Pick<PortalRefreshDeps, 'db' | 'workspace' | 'now' | 'library'>): Promise<Freshness> {
  const now = deps.now();
  const period = currentPeriod(now);
  const { last } = await latestRefreshes(deps.db, period);
  const current = await currentSnapshot(deps);
  const refreshedAt = current ? `${(current.refresh?.finishedAt ?? current.manifest.createdAt).slice(0, 23).replace(/Z$/, '')}Z` : null;
  const { refresh } = await portalSettings(deps);
  const allowedMs = refresh.everyMinutes === null ? 86_400_000 : 2 * refresh.everyMinutes * 60_000;
  const overdue = refreshedAt === null || now.getTime() - Date.parse(refreshedAt) > allowedMs;
  const failed = last?.status === 'failed';
  return { period, refreshedAt, status: failed ? 'failed' : overdue ? 'stale' : 'fresh', lastError: failed ? (last?.error ?? null) : null };
}

/**
 * Starts a refresh of the current period's snapshot as a job (409 `already_running` while one runs).
 * @example startPortalRefresh(ctx, 'ada') // a job: { snapshot: 'demo-small-2026-12' }
 */
export function startPortalRefresh(deps: PortalRefreshDeps, actor: string): Job {
  const running = deps.jobs.runningWith(JOB_KIND, JOB_KEY);
  if (running) throw new ApiError(409, 'already_running', `the portal's data is being refreshed (job ${running.id})`);
  return deps.jobs.start(
    JOB_KIND,
    actor,
    async ({ signal }) => {
      const limitMs = deps.refreshLimitMs ?? REFRESH_LIMIT_MS;
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(new Error(`the refresh took longer than ${limitMs / 1000} s and was stopped`)), limitMs);
      try {
        return await refreshCurrentPeriod(deps, actor, AbortSignal.any([signal, limit.signal]));
      } finally {
        clearTimeout(timer);
      }
    },
    JOB_KEY,
  );
}

/**
 * One refresh: a new snapshot of the month so far from the configured source, recorded (and
 * audited) whether it worked or not. On success the refresh snapshot it supersedes is removed,
 * unless a billing run used it; on failure nothing is removed, so the last good one still shows.
 */
export async function refreshCurrentPeriod(deps: PortalRefreshDeps, actor: string, signal: AbortSignal): Promise<{ snapshot: string }> {
  const startedAt = deps.now();
  const period = currentPeriod(startedAt);
  const { refresh } = await portalSettings(deps);
  const before = await currentSnapshot(deps);
  const record = (result: Pick<PortalRefresh, 'status' | 'snapshot' | 'error'>) =>
    deps.db.transaction(async (tx) => {
      const finishedAt = deps.now().toISOString();
      await appendPortalRefresh(tx, { period, source: refresh.source, startedAt: startedAt.toISOString(), finishedAt, ...result });
      const action = result.status === 'ok' ? 'portal.refresh' : 'portal.refresh_failed';
      const detail = { period, source: refresh.source, ...(result.error ? { error: result.error } : {}) };
      await appendAudit(tx, { actor, action, target: `snapshot:${result.snapshot ?? period}`, detail }, deps.now());
    });
  let manifest: Manifest;
  try {
    manifest = await makeSnapshot(deps, refresh.source, period, startedAt, signal);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replaceAll(deps.workspace.root, '<workspace>');
    const reason = signal.aborted ? stopReason(signal) : message;
    await record({ status: 'failed', snapshot: null, error: reason.slice(0, 500) });
    throw error;
  }
  await record({ status: 'ok', snapshot: manifest.id, error: null });
  if (before?.refresh && before.manifest.id !== manifest.id) removeSuperseded(deps, before.manifest.id);
  return { snapshot: manifest.id };
}

/** Why a refresh stopped: its time limit (the limit's own reason), or the server shutting down or the job cancelled. */
const stopReason = (signal: AbortSignal): string =>
  signal.reason instanceof Error && signal.reason.name !== 'AbortError'
    ? signal.reason.message
    : 'the refresh was stopped (the server shut down, or it was cancelled)';

async function makeSnapshot(deps: PortalRefreshDeps, source: 'demo' | 'extract', period: string, now: Date, signal: AbortSignal): Promise<Manifest> {
  const range = parsePeriod(`${period}-01..${today(now)}`);
  const checkStopped = () => {
    if (signal.aborted) throw new ApiError(409, 'cancelled', stopReason(signal));
  };
  if (source === 'demo') {
    // The same world as the workspace's newest demo snapshot (its scale and seed), so the month grows day by day.
    const demo = listSnapshots(deps.workspace)
      .filter((manifest) => manifest.source.kind === 'demo')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.source;
    const { scale, seed } = demo?.kind === 'demo' ? demo : { scale: 'small', seed: 1 };
    return createDemoSnapshot(deps.workspace, { scale: scaleNamed(scale), seed, period: range, periodLabel: period, now: deps.now, onProgress: checkStopped });
  }
  const env = deps.env ?? process.env;
  const url = env.BILLING_PORTAL_SOURCE;
  if (!url)
    throw new ApiError(409, 'no_source', 'no IS database is configured for the portal: set BILLING_PORTAL_SOURCE (and BILLING_SOURCE_PASSWORD) on the server');
  const { source: opened, config } = openSource(url, env);
  return extractSnapshot(deps.workspace, {
    source: opened,
    secret: config.password,
    period: range,
    periodLabel: period,
    allowEmpty: true,
    signal,
    now: deps.now,
  });
}

/** Removes a refresh snapshot a newer one replaced, unless a billing run used it (its provenance must stay readable). */
function removeSuperseded(deps: PortalRefreshDeps, id: string): void {
  if (listRuns(deps.workspace).some((run) => run.inputs.snapshot.id === id)) return;
  try {
    deleteSnapshot(deps.workspace, id);
    deps.snapshots.evict(id);
  } catch (error) {
    console.error(`Removing the superseded portal snapshot ${id} failed`, error);
  }
}

/**
 * Starts the refresh schedule (and the hourly removal of expired portal sessions): every `tickMs` it checks whether the portal is open with a schedule
 * and the last refresh (good or not) is older than the schedule, and if so starts one. Returns the
 * function that stops it (server shutdown: a refresh in progress is stopped with the other jobs).
 * @example const stop = startPortalScheduler(ctx); … stop();
 */
export function startPortalScheduler(deps: PortalRefreshDeps, { tickMs = 60_000 }: { tickMs?: number } = {}): () => void {
  let ticking = false;
  let swept = 0;
  const tick = async () => {
    // Expired portal sessions go hourly, as the workbench's do (services/sessions.ts).
    if (deps.now().getTime() - swept >= 3_600_000) {
      swept = deps.now().getTime();
      await deps.db.transaction((tx) => deleteExpiredClientSessions(tx, deps.now()));
    }
    const { enabled, refresh } = await portalSettings(deps);
    if (!enabled || refresh.everyMinutes === null || deps.jobs.runningWith(JOB_KIND, JOB_KEY)) return;
    const { last } = await latestRefreshes(deps.db, currentPeriod(deps.now()));
    const due = !last || deps.now().getTime() - Date.parse(`${last.finishedAt}Z`) >= refresh.everyMinutes * 60_000;
    if (due) startPortalRefresh(deps, SCHEDULER);
  };
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick()
      .catch((error: unknown) => console.error('The portal refresh schedule failed to start a refresh', error))
      .finally(() => {
        ticking = false;
      });
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
