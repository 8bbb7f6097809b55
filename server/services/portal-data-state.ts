/**
 * The portal's shared state (active release, settings, periods, issued invoices) read once and
 * served again until something it depends on changes. What it depends on is checked with one small
 * query of the workspace database (the newest release, settings and company profile versions, the
 * number of run events and refreshes) and a listing of the snapshot and run folders; requests that
 * arrive while a check or a read is under way share it. So fifty users' pages cost one check at a
 * time, not the seven reads each page would make.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import type { Database } from '../store/database.ts';
import { sharedRead } from './portal-data-answers.ts';

export interface StateDeps {
  readonly workspace: Workspace;
  readonly db: Database;
  readonly now: () => Date;
}

const VERSION_SQL = `SELECT (SELECT max(release_id) FROM releases) AS release, (SELECT max(version) FROM portal_settings) AS settings,
  (SELECT max(version) FROM company_profiles) AS profile, (SELECT count(*) FROM run_events) AS events,
  (SELECT max(seq) FROM portal_refreshes) AS refreshes`;

const checks = new WeakMap<Workspace, () => Promise<string>>();

/** What the state depends on now, as text: equal text, equal state. */
export function stateVersion(deps: StateDeps): Promise<string> {
  let check = checks.get(deps.workspace);
  if (!check) {
    check = sharedRead(async () => {
      const [row] = await deps.db.all(VERSION_SQL);
      return JSON.stringify([row, folders(deps.workspace.snapshotsDir), folders(deps.workspace.runsDir), deps.now().toISOString().slice(0, 7)]);
    });
    checks.set(deps.workspace, check);
  }
  return check();
}

/** Each folder's name and when it was put in place (a snapshot deleted and made again under its id is another). */
function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => {
      try {
        return `${name}:${statSync(join(dir, name)).mtimeMs}`;
      } catch {
        return name;
      }
    });
}

/** `read`'s value, read again only when the state version has changed since. */
export function versioned<T>(deps: StateDeps, read: () => Promise<T>): () => Promise<T> {
  let kept: { version: string; value: T } | undefined;
  const reread = sharedRead(async () => {
    const version = await stateVersion(deps);
    if (kept?.version === version) return kept.value;
    const value = await read();
    kept = { version, value };
    return value;
  });
  return reread;
}

/**
 * A read per workspace, each kept like `versioned`'s.
 * @example const portalPeriods = versionedPerWorkspace(readPeriods); await portalPeriods(deps)
 */
export function versionedPerWorkspace<D extends StateDeps, T>(read: (deps: D) => Promise<T>): (deps: D) => Promise<T> {
  const reads = new WeakMap<Workspace, () => Promise<T>>();
  return (deps) => {
    let kept = reads.get(deps.workspace);
    if (!kept) {
      kept = versioned(deps, () => read(deps));
      reads.set(deps.workspace, kept);
    }
    return kept();
  };
}
