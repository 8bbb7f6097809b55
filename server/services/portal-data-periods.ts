/**
 * What each portal period's numbers are read from: the period's snapshot as the portal's periods
 * list names it (services/portal-periods.ts: the refreshed current month, one snapshot per past
 * month), except that once a billing run of the month is finalised, its numbers come from that run
 * (its snapshot, its formulas, its parameters, its invoices). A finalised correction run takes the
 * place of the run it corrects.
 */
import type { RunRecord } from '../../engine/runs/billing-run.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { readManifest } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { runLifecycles } from '../runs/run-events.ts';
import { listRuns, readRun, type StoredRun } from '../runs/run-store.ts';
import type { Database } from '../store/database.ts';
import { versionedPerWorkspace } from './portal-data-state.ts';
import { portalPeriods as listedPeriods } from './portal-periods.ts';

export interface PortalDataDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly now: () => Date;
}

export interface PortalPeriod {
  /** YYYY-MM. */
  readonly period: string;
  /** What the period's numbers are computed on: the finalised run's snapshot, else the period's snapshot. */
  readonly snapshot: Manifest;
  /** The month's finalised billing run, if any (read it with `storedRun`). */
  readonly run: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Every period the portal shows, newest first (read again only when snapshots, runs or refreshes change: portal-data-state.ts). */
export const portalPeriods: (deps: PortalDataDeps) => Promise<PortalPeriod[]> = versionedPerWorkspace((deps: PortalDataDeps) => readPeriods(deps));

async function readPeriods(deps: PortalDataDeps): Promise<PortalPeriod[]> {
  const finalised = await finalisedRuns(deps);
  const periods: PortalPeriod[] = [];
  for (const listed of await listedPeriods(deps)) {
    const record = finalised.get(listed.period);
    const runSnapshot = record ? manifestOf(deps.workspace, record.inputs.snapshot.id) : undefined;
    const snapshot = runSnapshot ?? manifestOf(deps.workspace, listed.snapshotId);
    if (snapshot) periods.push({ period: listed.period, snapshot, run: record && runSnapshot ? record.id : null });
  }
  return periods;
}

function manifestOf(workspace: Workspace, id: string): Manifest | undefined {
  try {
    return readManifest(workspace, id);
  } catch {
    return undefined;
  }
}

/** The month asked for: 400 when it is not YYYY-MM, 404 when the portal has nothing of it. */
export async function portalPeriod(deps: PortalDataDeps, period: string): Promise<PortalPeriod> {
  if (!MONTH.test(period)) throw new ApiError(400, 'bad_period', `period "${period.slice(0, 20)}" is not a month (YYYY-MM)`, 'period');
  const found = (await portalPeriods(deps)).find((candidate) => candidate.period === period);
  if (!found) throw new ApiError(404, 'period_unknown', `there are no statistics for ${period}`, 'period');
  return found;
}

/** By month, the latest finalised (not since corrected) run of days of that month. */
async function finalisedRuns(deps: PortalDataDeps): Promise<Map<string, RunRecord>> {
  const lifecycleOf = await runLifecycles(deps.db);
  const runs = new Map<string, RunRecord>();
  for (const record of listRuns(deps.workspace)) {
    const month = record.inputs.stamps.start.slice(0, 7);
    if (record.inputs.stamps.end.slice(0, 7) === month && lifecycleOf(record.id).status === 'finalised') runs.set(month, record);
  }
  return runs;
}

const runs = new Map<string, StoredRun>();

/** A run as stored: its folder never changes once written, so the last few read are kept. */
export function storedRun(workspace: Workspace, id: string): StoredRun {
  const key = `${workspace.runsDir}\n${id}`;
  let run = runs.get(key);
  if (!run) {
    run = readRun(workspace, id);
    runs.set(key, run);
    if (runs.size > 8) runs.delete(runs.keys().next().value as string);
  }
  return run;
}
