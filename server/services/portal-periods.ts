/**
 * The periods the customer portal reads: one snapshot per past month from the workspace's
 * snapshots (a whole-month snapshot before a refresh's, then the newest), and the current month's,
 * which the refresh schedule keeps (portal-refresh.ts). A period is finalised once a billing run
 * for it is finalised.
 */
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { refreshSnapshots } from '../store/portal-refreshes.ts';
import { currentPeriod, currentSnapshot, periodOf, type PortalRefreshDeps } from './portal-refresh.ts';
import { runsWithLifecycle } from './run-lifecycle.ts';

export interface PortalPeriod {
  /** YYYY-MM. */
  readonly period: string;
  /** The days the snapshot covers, YYYY-MM-DD, both inclusive. */
  readonly from: string;
  readonly to: string;
  readonly kind: 'current' | 'past';
  readonly finalised: boolean;
  readonly snapshotId: string;
  readonly refreshedAt: string | null;
}

/**
 * The portal's periods, newest first.
 * @example await portalPeriods(ctx) // [{ period: '2026-12', kind: 'current', snapshotId: 'demo-small-2026-12', ... }, { period: '2026-11', kind: 'past', ... }]
 */
export async function portalPeriods(deps: Pick<PortalRefreshDeps, 'db' | 'workspace' | 'now'>): Promise<PortalPeriod[]> {
  const now = currentPeriod(deps.now());
  const madeByRefresh = await refreshSnapshots(deps.db);
  const finalised = new Set(
    (await runsWithLifecycle(deps)).filter((run) => run.lifecycle.finalisedAt !== null).map((run) => run.inputs.period.start.slice(0, 7)),
  );
  const byPeriod = new Map<string, Manifest[]>();
  for (const manifest of listSnapshots(deps.workspace)) {
    const period = periodOf(manifest);
    if (period < now) byPeriod.set(period, [...(byPeriod.get(period) ?? []), manifest]);
  }
  // A snapshot someone made of the whole month before what a refresh made of it while it ran; the newest of those.
  const rank = (manifest: Manifest) => `${madeByRefresh.has(manifest.id) ? 0 : 1}${manifest.createdAt}`;
  const past = [...byPeriod.entries()].map(([period, manifests]): PortalPeriod => {
    const chosen = manifests.sort((a, b) => rank(b).localeCompare(rank(a)))[0] as Manifest;
    return { ...daysOf(chosen), period, kind: 'past', finalised: finalised.has(period), snapshotId: chosen.id, refreshedAt: chosen.createdAt };
  });
  const current = await currentSnapshot(deps);
  const currentEntry: PortalPeriod[] = current
    ? [
        {
          ...daysOf(current.manifest),
          period: now,
          kind: 'current',
          finalised: finalised.has(now),
          snapshotId: current.manifest.id,
          refreshedAt: current.refresh ? `${current.refresh.finishedAt}Z` : current.manifest.createdAt,
        },
      ]
    : [];
  return [...currentEntry, ...past.sort((a, b) => b.period.localeCompare(a.period))];
}

/** The snapshot the portal reads for `period` (YYYY-MM); undefined when it has none. */
export async function periodSnapshot(deps: Pick<PortalRefreshDeps, 'db' | 'workspace' | 'now'>, period: string): Promise<PortalPeriod | undefined> {
  return (await portalPeriods(deps)).find((entry) => entry.period === period);
}

const daysOf = (manifest: Manifest) => ({ from: manifest.period.start.slice(0, 10), to: manifest.period.end.slice(0, 10) });
