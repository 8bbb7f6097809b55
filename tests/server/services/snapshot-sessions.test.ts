/**
 * The snapshot pool shares one DuckDB instance per snapshot across uses, and keeps its bounds: so
 * many instances, so many uses of each at once (the rest wait), idle instances closed, a deleted
 * snapshot's instance closed, a failed use's turn given back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits, openSnapshotInstance, type SandboxLimits, type SnapshotInstance } from '../../../engine/formulas/sandbox.ts';
import { openPool, type PoolLimits, type SnapshotSession } from '../../../server/services/snapshot-sessions.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { deleteSnapshot } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let workspace: Workspace;
let september: string;
let october: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-pool-'));
  workspace = resolveWorkspace(dir);
  const demo = (label: string) => createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod(label), periodLabel: label, seed: 1 });
  september = (await demo('2026-09')).id;
  october = (await demo('2026-10')).id;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pool whose instances are counted: opened, closed, and the most open at once. */
function countedPool(limits: Partial<PoolLimits>, sandboxLimits: SandboxLimits = defaultLimits) {
  const counts = { opened: 0, closed: 0, mostOpen: 0 };
  const open = async (file: string, chosen: SandboxLimits): Promise<SnapshotInstance> => {
    const instance = await openSnapshotInstance(file, chosen);
    counts.opened++;
    counts.mostOpen = Math.max(counts.mostOpen, counts.opened - counts.closed);
    return {
      connect: () => instance.connect(),
      close() {
        counts.closed++;
        instance.close();
      },
    };
  };
  const pool = openPool(workspace, { limits: { instances: 2, usesPerInstance: 4, idleMs: 60_000, ...limits }, sandboxLimits, open });
  return { pool, counts };
}

/** A promise and the function that settles it: a use held open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const clientCount = async ({ sandbox }: SnapshotSession): Promise<number> =>
  Number((await sandbox.query('SELECT count(*) AS n FROM cltClients', { values: {}, types: {} }, 'clients'))[0]?.n);

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the snapshot pool', () => {
  it('serves uses of one snapshot from one instance, each on a connection of its own', async () => {
    const { pool, counts } = countedPool({});
    const connections = new Set<unknown>();
    const held = gate();
    const uses = Array.from({ length: 3 }, () =>
      pool.use(october, async (session) => {
        connections.add(session.sandbox.connection);
        await held.promise;
        return [session.manifest.id, await clientCount(session)] as const;
      }),
    );
    await settle(50);
    held.open();
    expect(await Promise.all(uses)).toEqual(Array(3).fill([october, 20]));
    expect(connections.size).toBe(3);
    expect(await pool.use(october, clientCount)).toBe(20);
    expect(counts).toEqual({ opened: 1, closed: 0, mostOpen: 1 });
    pool.close();
    expect(counts.closed).toBe(1);
  });

  it('runs at most its bound of uses of an instance at once; the others wait and all finish', async () => {
    const { pool } = countedPool({ usesPerInstance: 2 });
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pool.use(october, async (session) => {
          most = Math.max(most, ++running);
          await settle(5);
          const n = await clientCount(session);
          running--;
          return n + i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => 20 + i));
    expect(most).toBe(2);
    pool.close();
  });

  it('opens at most its bound of instances; a use of another snapshot waits until one is free', async () => {
    const { pool, counts } = countedPool({ instances: 1 });
    const held = gate();
    const first = pool.use(september, async (session) => {
      await held.promise;
      return clientCount(session);
    });
    let secondDone = false;
    const second = pool.use(october, clientCount).finally(() => {
      secondDone = true;
    });
    await settle(100);
    expect(secondDone).toBe(false);
    held.open();
    expect(await Promise.all([first, second])).toEqual([20, 20]);
    expect(counts).toMatchObject({ opened: 2, closed: 1, mostOpen: 1 });
    pool.close();
  });

  it('closes an instance left idle, and opens it again when asked', async () => {
    const { pool, counts } = countedPool({ idleMs: 30 });
    await pool.use(october, clientCount);
    await settle(150);
    expect(counts).toMatchObject({ opened: 1, closed: 1 });
    expect(await pool.use(october, clientCount)).toBe(20);
    expect(counts.opened).toBe(2);
    pool.close();
  });

  it('gives the turn of a use that failed to the next one', async () => {
    const { pool } = countedPool({ usesPerInstance: 1 });
    const failing = pool.use(october, () => Promise.reject(new Error('the work failed')));
    const next = pool.use(october, clientCount);
    await expect(failing).rejects.toThrow('the work failed');
    expect(await next).toBe(20);
    pool.close();
  });

  it('stops only its own query at the time limit: another use of the instance runs on', async () => {
    const { pool } = countedPool({}, { ...defaultLimits, timeoutMs: 300 });
    const slow = pool.use(october, ({ sandbox }) => sandbox.query('SELECT sum(hash(i)) AS n FROM range(10000000000) t(i)', { values: {}, types: {} }, 'Slow'));
    const quick = pool.use(october, clientCount);
    expect(await quick).toBe(20);
    await expect(slow).rejects.toMatchObject({ code: 'timeout' });
    expect(await pool.use(october, clientCount)).toBe(20);
    pool.close();
  });

  it('closes a deleted snapshot’s instance once its uses end, and then finds no such snapshot', async () => {
    const doomed = (await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-08'), periodLabel: '2026-08', seed: 1 })).id;
    const { pool, counts } = countedPool({ usesPerInstance: 1 });
    const [started, held] = [gate(), gate()];
    const using = pool.use(doomed, async (session) => {
      started.open();
      await held.promise;
      return clientCount(session);
    });
    const queued = pool.use(doomed, clientCount).catch((error: unknown) => error);
    await started.promise;
    deleteSnapshot(workspace, doomed);
    pool.evict(doomed);
    expect(counts.closed).toBe(0);
    held.open();
    expect(await using).toBe(20);
    expect(await queued).toMatchObject({ code: 'not_found' });
    expect(counts).toMatchObject({ opened: 1, closed: 1 });
    pool.close();
  });

  it('refuses uses once closed', async () => {
    const { pool } = countedPool({});
    pool.close();
    await expect(pool.use(october, clientCount)).rejects.toMatchObject({ code: 'shutting_down' });
  });
});
