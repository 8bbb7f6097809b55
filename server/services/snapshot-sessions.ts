/**
 * Snapshots opened for formulas, shared by every use case: a service asks for a session on a
 * snapshot, works in it and hands it back. The implementation decides how many DuckDB instances
 * stay open and how many queries run at once: one per use for the CLI, a bounded pool for the server.
 */
import {
  defaultLimits,
  openSnapshotInstance,
  openSnapshotSandbox,
  type Sandbox,
  type SandboxLimits,
  type SnapshotInstance,
} from '../../engine/formulas/sandbox.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { readManifest, snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { ApiError } from '../errors.ts';
import { interruptOnBudget } from './execution-pool.ts';

export interface SnapshotSession {
  readonly manifest: Manifest;
  readonly sandbox: Sandbox;
}

export interface SnapshotSessions {
  /** Runs `work` with the snapshot open; the sandbox must not be used after `work` settles. */
  use<T>(snapshotId: string, work: (session: SnapshotSession) => Promise<T>): Promise<T>;
  /** The snapshot was deleted: its instance closes once the uses in progress end. */
  evict(snapshotId: string): void;
  /** Closes every open instance (server shutdown). */
  close(): void;
}

/** One new sandbox per use, closed after it: for the CLI, where each command runs once. */
export function openPerUse(workspace: Workspace): SnapshotSessions {
  return {
    async use(snapshotId, work) {
      const manifest = readManifest(workspace, snapshotId);
      const sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
      try {
        return await work({ manifest, sandbox });
      } finally {
        sandbox.close();
      }
    },
    evict() {},
    close() {},
  };
}

export interface PoolLimits {
  /** DuckDB instances open at once, one per snapshot; beyond it a use waits for one to be free. */
  readonly instances: number;
  /** Uses of one instance at once, each on a connection of its own; beyond it a use waits its turn. */
  readonly usesPerInstance: number;
  /** An instance unused for this long is closed (its memory handed back). */
  readonly idleMs: number;
}

/**
 * Two instances: the period being billed and one more (last month's, a reconciliation). Each may
 * hold up to the sandbox memory limit (1 GiB), so DuckDB holds 2 GiB at most (docs/architecture.md,
 * bounded resources). Four uses per instance: a grid page need not wait behind a what-if, and
 * DuckDB's two threads per instance bound the CPU whatever the number; with a 40-formula evaluation
 * and 8 grid pages asked at once, four uses answered the pages sooner than one at a time in 3 of 4
 * measurements on 2 cores. Five idle minutes keep a snapshot warm while someone works on it
 * (opening the large demo snapshot costs ~0.4 s before its first query).
 */
export const defaultPoolLimits: PoolLimits = { instances: 2, usesPerInstance: 4, idleMs: 5 * 60_000 };

export interface PoolOptions {
  readonly limits?: PoolLimits;
  readonly sandboxLimits?: SandboxLimits;
  /** Opens an instance (tests count them). */
  readonly open?: (snapshotFile: string, limits: SandboxLimits) => Promise<SnapshotInstance>;
}

/** One open snapshot: its instance, its idle connections, who uses it and who waits. */
interface Entry {
  readonly id: string;
  readonly manifest: Manifest;
  readonly instance: Promise<SnapshotInstance>;
  /** The instance once open, so that closing it need not wait. */
  opened?: SnapshotInstance;
  readonly idle: Sandbox[];
  /** Uses waiting for a turn: called with true when handed one, false to look again (evicted). */
  readonly waiting: ((turn: boolean) => void)[];
  active: number;
  lastUsed: number;
  timer?: NodeJS.Timeout;
  evicted: boolean;
}

/**
 * Snapshots shared across requests: at most `instances` DuckDB instances, at most `usesPerInstance`
 * uses of each at once (the rest queue in order), idle instances closed after `idleMs`, a deleted
 * snapshot's instance closed as soon as its uses end.
 */
export function openPool(
  workspace: Workspace,
  { limits = defaultPoolLimits, sandboxLimits = defaultLimits, open = openSnapshotInstance }: PoolOptions = {},
): SnapshotSessions {
  const entries = new Map<string, Entry>();
  // Every instance counts against the bound until closed, an evicted one still finishing its uses too.
  const live = new Set<Entry>();
  // Uses waiting for an instance: all look again whenever one closes.
  let waitingForInstance: (() => void)[] = [];
  let closed = false;
  let clock = 0;

  const wakeWaitingForInstance = (): void => {
    const woken = waitingForInstance;
    waitingForInstance = [];
    for (const wake of woken) wake();
  };
  const closeEntry = (entry: Entry): void => {
    if (!live.delete(entry)) return;
    clearTimeout(entry.timer);
    if (entries.get(entry.id) === entry) entries.delete(entry.id);
    if (entry.opened) entry.opened.close();
    else
      entry.instance.then(
        (instance) => instance.close(),
        () => {},
      );
  };
  const startEntry = (id: string): Entry => {
    const manifest = readManifest(workspace, id);
    const entry: Entry = {
      id,
      manifest,
      instance: open(snapshotDataFile(workspace, manifest.id), sandboxLimits),
      idle: [],
      waiting: [],
      active: 0,
      lastUsed: 0,
      evicted: false,
    };
    // An instance that fails to open is forgotten at once, so that the next use tries again; the
    // uses holding or awaiting a turn on it get its error, and it closes when they end.
    entry.instance.then(
      (instance) => {
        if (live.has(entry)) entry.opened = instance;
      },
      () => {
        entry.evicted = true;
        if (entries.get(id) === entry) entries.delete(id);
      },
    );
    entries.set(id, entry);
    live.add(entry);
    return entry;
  };
  const leastRecentlyUsedIdle = (): Entry | undefined => [...live].filter((entry) => entry.active === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];

  /** A turn on the snapshot's instance, opening it (or waiting for room) when needed. */
  const acquire = async (id: string): Promise<Entry> => {
    for (;;) {
      if (closed) throw new ApiError(503, 'shutting_down', 'The server is shutting down; try again when it is back.');
      let entry = entries.get(id);
      if (!entry && live.size >= limits.instances) {
        const idle = leastRecentlyUsedIdle();
        if (!idle) {
          await new Promise<void>((resolve) => waitingForInstance.push(resolve));
          continue;
        }
        closeEntry(idle);
      }
      entry ??= startEntry(id);
      clearTimeout(entry.timer);
      entry.lastUsed = ++clock;
      if (entry.active < limits.usesPerInstance) {
        entry.active++;
        return entry;
      }
      const current = entry;
      if (await new Promise<boolean>((resolve) => current.waiting.push(resolve))) return current;
    }
  };
  const release = (entry: Entry): void => {
    const next = entry.waiting.shift();
    if (next) {
      next(true); // the turn passes on; `active` stays
      return;
    }
    entry.active--;
    if (entry.active > 0) return;
    if (entry.evicted || waitingForInstance.length > 0) {
      closeEntry(entry);
      wakeWaitingForInstance();
    } else {
      entry.timer = setTimeout(() => {
        closeEntry(entry);
        wakeWaitingForInstance();
      }, limits.idleMs);
      entry.timer.unref();
    }
  };

  return {
    async use(snapshotId, work) {
      const entry = await acquire(snapshotId);
      let sandbox: Sandbox | undefined;
      try {
        const instance = await entry.instance;
        sandbox = entry.idle.pop() ?? (await instance.connect());
        const endBudget = interruptOnBudget(sandbox);
        try {
          return await work({ manifest: entry.manifest, sandbox });
        } finally {
          endBudget();
        }
      } finally {
        if (sandbox) entry.idle.push(sandbox);
        release(entry);
      }
    },
    evict(snapshotId) {
      const entry = entries.get(snapshotId);
      if (!entry) return;
      entry.evicted = true;
      entries.delete(snapshotId);
      for (const waiter of entry.waiting.splice(0)) waiter(false);
      if (entry.active === 0) {
        closeEntry(entry);
        wakeWaitingForInstance();
      }
    },
    close() {
      closed = true;
      for (const entry of [...live]) {
        for (const waiter of entry.waiting.splice(0)) waiter(false);
        closeEntry(entry);
      }
      wakeWaitingForInstance();
    },
  };
}
