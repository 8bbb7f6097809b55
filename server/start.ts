/**
 * Starts the workbench server on a workspace: takes the workspace lock, opens (and on first start
 * seeds) the workspace database, creates a demo snapshot when there is none, and serves the Hono
 * app until closed. Closing stops the jobs, the listener and the database cleanly.
 */
import { serve } from '@hono/node-server';
import { createRatingMemo } from '../engine/rating/rating-memo.ts';
import { createRatingInputs } from './services/rating-inputs.ts';
import { createShownRows } from './services/what-if-delta.ts';
import type { AddressInfo } from 'node:net';
import { loadLibrary } from '../engine/formulas/library.ts';
import { createResultCache, defaultResultCacheLimits } from '../engine/formulas/result-cache.ts';
import { createDemoSnapshot, type Progress } from '../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../snapshots/demo/scales.ts';
import { parsePeriod } from '../snapshots/period.ts';
import { listSnapshots } from '../snapshots/store/snapshot-store.ts';
import { ensureWorkspace, lockWorkspace, type Workspace } from '../snapshots/store/workspace.ts';
import { createLoginLimiter } from './auth/rate-limit.ts';
import { libraryLoader, type ServerContext, type Settings } from './context.ts';
import { portError } from './port-check.ts';
import { createApp } from './http/app.ts';
import { createJobRunner } from './jobs/jobs.ts';
import { databaseFile, openDatabase } from './store/database.ts';
import { DEMO_SETUP, seedDemoSetup, seedLibrary } from './store/seed.ts';
import { defaultBodyLimits } from './http/body-limits.ts';
import { sweepExpiredSessions } from './services/sessions.ts';
import { startPortalScheduler } from './services/portal-refresh.ts';
import { createExecutionPool, defaultExecutionLimits, memoryPlan } from './services/execution-pool.ts';
import { defaultPoolLimits, openPool } from './services/snapshot-sessions.ts';
import { defaultLimits as defaultSandboxLimits } from '../engine/formulas/sandbox.ts';
import { productVersion } from './version.ts';

export interface StartOptions {
  readonly workspace: Workspace;
  readonly port: number;
  readonly host: string;
  readonly now?: () => Date;
  readonly settings?: Partial<Settings>;
  /** Create a demo snapshot on an empty workspace (default true). */
  readonly demoOnFirstStart?: boolean;
  readonly onProgress?: (progress: Progress) => void;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly context: ServerContext;
  close(): Promise<void>;
}

export async function startServer({
  workspace,
  port,
  host,
  now = () => new Date(),
  settings = {},
  demoOnFirstStart = true,
  onProgress,
  log = () => {},
}: StartOptions): Promise<RunningServer> {
  ensureWorkspace(workspace);
  const unlock = lockWorkspace(workspace, {}, now);
  const db = await openDatabase(databaseFile(workspace)).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const jobs = createJobRunner({ now });
  try {
    const version = productVersion();
    if (await seedLibrary(db, loadLibrary().files, `shipped-${version}`, now())) log(`First start: the shipped formula library is release shipped-${version}`);
    if (demoOnFirstStart && listSnapshots(workspace).length === 0) {
      const periodLabel = previousMonth(now());
      log(`First start: creating a small demo snapshot for ${periodLabel} in ${workspace.snapshotsDir}`);
      await createDemoSnapshot(workspace, {
        scale: scaleNamed('small'),
        period: parsePeriod(periodLabel),
        periodLabel,
        seed: 1,
        now,
        ...(onProgress ? { onProgress } : {}),
      });
      if (await seedDemoSetup(db, now())) log(`First start: the example billing setup is setup ${DEMO_SETUP.name}, approved, for every demo client`);
    }
    const chosen: Settings = {
      approvalsRequired: 1,
      secureCookies: false,
      checkResponses: process.env.BILLING_CHECK_RESPONSES === '1',
      resultCache: defaultResultCacheLimits,
      snapshotPool: defaultPoolLimits,
      bodyLimits: defaultBodyLimits,
      trustedProxies: [],
      execution: defaultExecutionLimits,
      memoryBudgetMb: 4096,
      ...settings,
    };
    const memory = memoryPlan(chosen.memoryBudgetMb, chosen.snapshotPool.instances, chosen.execution.concurrency);
    const context: ServerContext = {
      workspace,
      db,
      jobs,
      limiter: createLoginLimiter(),
      settings: chosen,
      version,
      results: createResultCache(chosen.resultCache),
      snapshots: openPool(workspace, { limits: chosen.snapshotPool, sandboxLimits: { ...defaultSandboxLimits, memoryLimit: memory.snapshotInstance } }),
      execution: createExecutionPool(chosen.execution, { memoryLimit: memory.scratchInstance }),
      ratings: createRatingMemo(),
      ratingInputs: createRatingInputs(),
      shownRows: createShownRows(),
      now,
      library: libraryLoader(db, workspace, now),
    };
    // Publishes the active release for the command line (and finds a damaged library before serving).
    await context.library();
    const stopSweeping = sweepExpiredSessions(context);
    const stopPortalSchedule = startPortalScheduler(context);
    const app = createApp(context);
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
      s.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, host, port)));
    });
    const address = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
    return {
      url,
      context,
      close: async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Live progress streams would keep the listener open: end them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await closed;
        stopSweeping();
        stopPortalSchedule();
        await jobs.stopAll();
        context.snapshots.close();
        db.close();
        unlock();
      },
    };
  } catch (error) {
    await jobs.stopAll();
    db.close();
    unlock();
    throw error;
  }
}

/**
 * The last whole month before `now` in the server's local calendar (the IS server keeps local
 * time), as YYYY-MM: the period billed at month end.
 */
export function previousMonth(now: Date): string {
  const year = now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
  const month = now.getMonth() === 0 ? 12 : now.getMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}
