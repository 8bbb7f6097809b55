/**
 * The periods the portal shows and what each reads: a calendar month with a snapshot of that month,
 * and, once a billing run of the month is finalised, that run (its snapshot, its formulas, its
 * parameters, its invoices). A correction run that is finalised takes the place of the run it corrects.
 */
import type { RunRecord } from '../../engine/runs/billing-run.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { runLifecycles } from '../runs/run-events.ts';
import { listRuns, readRun, type StoredRun } from '../runs/run-store.ts';
import type { Reader } from '../store/database.ts';

export interface PortalDataDeps {
  readonly workspace: Workspace;
  readonly db: Reader;
  readonly now: () => Date;
}

export interface PortalPeriod {
  /** YYYY-MM. */
  readonly period: string;
  /** What the period's numbers are computed on: the finalised run's snapshot, else the month's newest snapshot. */
  readonly snapshot: Manifest;
  /** The month's finalised billing run, if any (read it with `storedRun`). */
  readonly run: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month a snapshot or run lies in (a whole month, or days of one, as a demo scale makes), or null when it spans months. */
function monthOf(span: { readonly start: string; readonly end: string }): string | null {
  const month = span.start.slice(0, 7);
  return MONTH.test(month) && span.end.slice(0, 7) === month ? month : null;
}

/** Every month the portal can show, newest first. */
export async function portalPeriods(deps: PortalDataDeps): Promise<PortalPeriod[]> {
  const snapshots = new Map<string, Manifest>();
  const all = listSnapshots(deps.workspace);
  for (const manifest of [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const month = monthOf(manifest.period);
    if (month) snapshots.set(month, manifest);
  }
  const byId = new Map(all.map((manifest) => [manifest.id, manifest]));
  const finalised = await finalisedRuns(deps);
  const months = new Set([...snapshots.keys(), ...[...finalised.keys()].filter((month) => byId.has(finalised.get(month)?.inputs.snapshot.id ?? ''))]);
  return [...months]
    .sort()
    .reverse()
    .map((period) => {
      const record = finalised.get(period);
      const runSnapshot = record ? byId.get(record.inputs.snapshot.id) : undefined;
      const snapshot = (runSnapshot ?? snapshots.get(period)) as Manifest;
      return { period, snapshot, run: record && runSnapshot ? record.id : null };
    });
}

/** The month asked for: 400 when it is not YYYY-MM, 404 when the portal has nothing of it. */
export async function portalPeriod(deps: PortalDataDeps, period: string): Promise<PortalPeriod> {
  if (!MONTH.test(period)) throw new ApiError(400, 'bad_period', `period "${period.slice(0, 20)}" is not a month (YYYY-MM)`, 'period');
  const found = (await portalPeriods(deps)).find((candidate) => candidate.period === period);
  if (!found) throw new ApiError(404, 'period_unknown', `there are no statistics for ${period}`, 'period');
  return found;
}

/** By month, the latest finalised (not yet corrected) run of the whole month. */
async function finalisedRuns(deps: PortalDataDeps): Promise<Map<string, RunRecord>> {
  const lifecycleOf = await runLifecycles(deps.db);
  const runs = new Map<string, RunRecord>();
  for (const record of listRuns(deps.workspace)) {
    const month = monthOf(record.inputs.stamps);
    if (month && lifecycleOf(record.id).status === 'finalised') runs.set(month, record);
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
