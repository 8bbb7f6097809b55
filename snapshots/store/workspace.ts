/**
 * The workspace folder: everything a site owns. This module knows its layout and the lock a
 * running server holds on it, so that the CLI does not change snapshots under a server's feet.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SnapshotError } from '../errors.ts';

export interface Workspace {
  readonly root: string;
  readonly snapshotsDir: string;
  /** Billing runs: one immutable folder each. */
  readonly runsDir: string;
  readonly lockFile: string;
}

/** The workspace folder: an explicit one, else BILLING_WORKSPACE, else ./workspace. */
export function resolveWorkspace(dir?: string, env: NodeJS.ProcessEnv = process.env): Workspace {
  const root = resolve(dir ?? env.BILLING_WORKSPACE ?? 'workspace');
  return { root, snapshotsDir: join(root, 'snapshots'), runsDir: join(root, 'runs'), lockFile: join(root, 'server.lock') };
}

export function ensureWorkspace(workspace: Workspace): void {
  mkdirSync(workspace.snapshotsDir, { recursive: true });
}

interface LockInfo {
  readonly pid: number;
  readonly since: string;
  readonly url?: string;
}

/**
 * Takes the workspace for a long-running process (the server). Throws `workspace_locked` when
 * another live process holds it; a lock left by a dead process is taken over.
 */
export function lockWorkspace(workspace: Workspace, info: { url?: string } = {}, now = () => new Date()): () => void {
  ensureWorkspace(workspace);
  assertUnlocked(workspace);
  const lock: LockInfo = { pid: process.pid, since: now().toISOString(), ...info };
  writeFileSync(workspace.lockFile, JSON.stringify(lock));
  return () => {
    if (readLock(workspace)?.pid === process.pid) rmSync(workspace.lockFile, { force: true });
  };
}

/** Throws `workspace_locked` when a live process other than this one holds the workspace. */
export function assertUnlocked(workspace: Workspace): void {
  const lock = readLock(workspace);
  if (lock && lock.pid !== process.pid && isAlive(lock.pid)) {
    throw new SnapshotError(
      'workspace_locked',
      `The workspace ${workspace.root} is in use by a running server (pid ${lock.pid}${lock.url ? `, ${lock.url}` : ''}). ` +
        'Stop it first, or use the workbench to do this.',
    );
  }
}

function readLock(workspace: Workspace): LockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(workspace.lockFile, 'utf8')) as Partial<LockInfo>;
    return typeof parsed.pid === 'number' ? (parsed as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with that id is running on this machine (a zombie, killed but not yet reaped, is not). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) S ..." where S is the state; Z = zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}
