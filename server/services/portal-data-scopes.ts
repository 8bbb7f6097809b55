/**
 * Client users' scopes of snapshots (engine/portal/scoped-snapshot.ts), kept open between requests:
 * a snapshot never changes, so a scope made for a snapshot's content, a grant and the agent-name
 * setting serves every later request of any client user with the same grant. At most `maxScopes`
 * stay open (least recently used closed first, once no request uses them), and at most `builds`
 * are made at once, so fifty users arriving together do not all copy the large snapshot at once.
 */
import type { Sandbox } from '../../engine/formulas/sandbox.ts';
import type { ClientGrant } from '../../engine/portal/client-grant.ts';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScopedSnapshot, openScopedSnapshots, type ScopedSnapshot } from '../../engine/portal/scoped-snapshot.ts';
import type { ClientInfo } from '../../engine/rating/model.ts';
import type { Manifest } from '../../snapshots/store/manifest.ts';
import { snapshotDataFile } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';

export interface ScopeUse {
  readonly sandbox: Sandbox;
  readonly clients: readonly ClientInfo[];
  /** Identifies the scope's content (snapshot content, grant, agent names): the key of its formula results. */
  readonly key: string;
}

export interface PortalScopes {
  use<T>(snapshot: Pick<Manifest, 'id' | 'contentHash'>, grant: ClientGrant, agentNames: boolean, work: (scope: ScopeUse) => Promise<T>): Promise<T>;
  close(): void;
}

export interface ScopeLimits {
  readonly maxScopes: number;
  readonly builds: number;
  /** A scope unused for this long is closed (its memory handed back). */
  readonly idleMs: number;
}

/**
 * A scope of two clients of the large snapshot holds a few MB; 64 of them stay well inside the
 * memory budget. Five idle minutes, as the snapshot pool keeps a snapshot (snapshot-sessions.ts).
 */
export const defaultScopeLimits: ScopeLimits = { maxScopes: 64, builds: 2, idleMs: 5 * 60_000 };

/** The most scopes made from one read of a snapshot. */
const BATCH = 16;

interface Pending {
  readonly snapshotId: string;
  readonly grant: ClientGrant;
  readonly agentNames: boolean;
  resolve(scope: ScopedSnapshot): void;
  reject(error: unknown): void;
}

interface Entry {
  readonly scope: Promise<ScopedSnapshot>;
  uses: number;
  lastUsed: number;
  lastUsedAt: number;
}

/** The same grant, however its lists are ordered or repeated. */
export function grantKey(grant: ClientGrant): string {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort();
  return JSON.stringify([sorted(grant.clientNumbers), sorted(grant.billingCodes)]);
}

export interface ScopeOptions {
  readonly limits?: ScopeLimits;
  readonly now?: () => number;
  /** Makes a scope (tests count and watch them). */
  readonly open?: typeof openScopedSnapshot;
}

export function portalScopes(
  workspace: Workspace,
  { limits = defaultScopeLimits, now = Date.now, open = openScopedSnapshot }: ScopeOptions = {},
): PortalScopes {
  const entries = new Map<string, Entry>();
  let building = 0;
  let tick = 0;
  /** Scopes asked for and not yet being made, in order. */
  const pending: Pending[] = [];

  /**
   * Makes what waits, `limits.builds` batches at a time; a batch is every waiting scope of the
   * first one's snapshot and agent-name setting (up to BATCH), read from the snapshot once.
   */
  const pump = () => {
    while (building < limits.builds && pending.length > 0) {
      const first = pending[0] as Pending;
      const batch = pending.filter((p) => p.snapshotId === first.snapshotId && p.agentNames === first.agentNames).slice(0, BATCH);
      for (const member of batch) pending.splice(pending.indexOf(member), 1);
      building++;
      const staging = join(tmpdir(), `billing-portal-stage-${process.pid}-${randomUUID()}.duckdb`);
      openScopedSnapshots(
        snapshotDataFile(workspace, first.snapshotId),
        batch.map((member) => member.grant),
        { agentNames: first.agentNames },
        staging,
        open,
      )
        .then(
          (made) => {
            for (const [i, result] of made.entries()) {
              if (result.status === 'fulfilled') batch[i]?.resolve(result.value);
              else batch[i]?.reject(result.reason);
            }
          },
          (error: unknown) => {
            for (const member of batch) member.reject(error);
          },
        )
        .finally(() => {
          building--;
          pump();
        });
    }
  };

  const build = (snapshotId: string, grant: ClientGrant, agentNames: boolean): Promise<ScopedSnapshot> =>
    new Promise((resolve, reject) => {
      pending.push({ snapshotId, grant, agentNames, resolve, reject });
      pump();
    });

  const closeIdle = () => {
    const idle = [...entries].filter(([, entry]) => entry.uses === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    const over = Math.max(0, entries.size - limits.maxScopes);
    for (const [i, [key, entry]] of idle.entries()) {
      if (i >= over && now() - entry.lastUsedAt < limits.idleMs) continue;
      entries.delete(key);
      entry.scope.then((scope) => scope.close()).catch(() => {});
    }
  };
  // Scopes nobody asks for any more are closed even when no request comes to notice.
  const sweep = setInterval(closeIdle, Math.max(1000, limits.idleMs / 5));
  sweep.unref();

  return {
    async use(snapshot, grant, agentNames, work) {
      const key = `${snapshot.contentHash}:${agentNames ? 'named' : 'anonymous'}:${grantKey(grant)}`;
      let entry = entries.get(`${snapshot.id}\n${key}`);
      if (!entry) {
        entry = { scope: build(snapshot.id, grant, agentNames), uses: 0, lastUsed: 0, lastUsedAt: now() };
        entries.set(`${snapshot.id}\n${key}`, entry);
        // A failed build is not kept: the next request tries again.
        entry.scope.catch(() => entries.delete(`${snapshot.id}\n${key}`));
      }
      entry.uses++;
      entry.lastUsed = ++tick;
      entry.lastUsedAt = now();
      try {
        const scope = await entry.scope;
        const sandbox = await scope.connect();
        try {
          return await work({ sandbox, clients: scope.clients, key: `portal:${key}` });
        } finally {
          sandbox.close();
        }
      } finally {
        entry.uses--;
        entry.lastUsedAt = now();
        closeIdle();
      }
    },
    close() {
      clearInterval(sweep);
      for (const entry of entries.values()) entry.scope.then((scope) => scope.close()).catch(() => {});
      entries.clear();
    },
  };
}

const byWorkspace = new WeakMap<Workspace, PortalScopes>();

/** The server's scopes of a workspace (one set per workspace, made on first use). */
export function scopesOf(workspace: Workspace): PortalScopes {
  let scopes = byWorkspace.get(workspace);
  if (!scopes) {
    scopes = portalScopes(workspace);
    byWorkspace.set(workspace, scopes);
  }
  return scopes;
}
