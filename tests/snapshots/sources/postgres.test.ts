/**
 * The PostgreSQL source against the real server on 127.0.0.1:5432: the contract suite, then what
 * is particular to PostgreSQL (read-only session, lower-cased replicas).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceUrl } from '../../../snapshots/sources/connection-url.ts';
import { postgresSource } from '../../../snapshots/sources/postgres/pg-source.ts';
import { openDemoFixture, type DemoFixture } from './demo-fixture.ts';
import { proxyDrop, runSourceContract, type SourceFixture, type UrlOptions } from './contract.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from './pg-testbed.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractSnapshot } from '../../../snapshots/sources/extract.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

// Trust authentication lets any password in, so the password is carried only to prove it never shows.
const PASSWORD = 'pg-never-shown-7f3a';

function pgUrl(testbed: PgTestbed, { host = PG_HOST, port = PG_PORT, schema, params = {} }: UrlOptions = {}): string {
  const query = new URLSearchParams({ ...(schema ? { schema } : {}), ...params }).toString();
  return `postgres://${testbed.user}:${PASSWORD}@${host}:${port}/${testbed.database}${query ? `?${query}` : ''}`;
}

runSourceContract({
  name: 'PostgreSQL',
  async setup(): Promise<SourceFixture> {
    const demo = await openDemoFixture();
    const testbed = await createPgTestbed(demo);
    const fixture: SourceFixture = {
      kind: 'postgresql',
      demo,
      host: PG_HOST,
      port: PG_PORT,
      password: PASSWORD,
      url: (options) => pgUrl(testbed, options),
      // Trust authentication accepts any password, so the refused login is an unknown user.
      refusedLogin: { url: `postgres://nobody_here:${PASSWORD}@${PG_HOST}:${PG_PORT}/${testbed.database}`, password: PASSWORD },
      dropMidTable: (table) => proxyDrop(fixture, table),
      variant: (name, spec) => testbed.variant(name, spec),
      async close() {
        await testbed.close();
        demo.close();
      },
    };
    return fixture;
  },
});

describe('the PostgreSQL source', () => {
  let demo: DemoFixture;
  let testbed: PgTestbed;
  beforeAll(async () => {
    demo = await openDemoFixture({ seed: 12 });
    testbed = await createPgTestbed(demo, { lowercase: true });
  });
  afterAll(async () => {
    await testbed?.close();
    demo?.close();
  });

  it('reads a replica whose identifiers were lower-cased (as pgloader leaves them) exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-extract-'));
    try {
      const source = postgresSource(parseSourceUrl(pgUrl(testbed), {}));
      const manifest = await extractSnapshot(resolveWorkspace(dir), { source, period: demo.period, periodLabel: '2026-10' });
      expect(manifest.tables).toEqual(demo.expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the tables on two sessions at once, closes the second after, and makes do with one when a second is refused', async () => {
    /** The source, recording which session counted each table, and refusing the second connection when asked. */
    const recorded = (refuseSecond: boolean) => {
      const real = postgresSource(parseSourceUrl(pgUrl(testbed), {}));
      const counts: number[] = [];
      const closed: number[] = [];
      let connections = 0;
      const source = {
        ...real,
        async connect() {
          const number = ++connections;
          if (refuseSecond && number === 2) throw new Error('too many connections for role');
          const session = await real.connect();
          return {
            ...session,
            queryRows: (sql: string) => {
              if (/^SELECT COUNT\(\*\)/.test(sql)) counts.push(number);
              return session.queryRows(sql);
            },
            close: () => {
              closed.push(number);
              return session.close();
            },
          };
        },
      };
      return { source, counts, closed };
    };
    for (const refuseSecond of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'billing-extract-'));
      try {
        const { source, counts, closed } = recorded(refuseSecond);
        const manifest = await extractSnapshot(resolveWorkspace(dir), { source, period: demo.period, periodLabel: '2026-10' });
        expect(manifest.tables).toEqual(demo.expected);
        expect(counts.length).toBeGreaterThan(10);
        expect(new Set(counts)).toEqual(new Set(refuseSecond ? [1] : [1, 2]));
        expect(closed.sort()).toEqual(refuseSecond ? [1] : [1, 2]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('opens a read-only session: a write through it fails in PostgreSQL itself', async () => {
    const session = await postgresSource(parseSourceUrl(pgUrl(testbed), {})).connect();
    try {
      await expect(session.queryRows('CREATE TABLE intruder (x int)')).rejects.toThrow(/read-only transaction/);
    } finally {
      await session.close();
    }
  });

  it('fails with disk_full and keeps nothing when the workspace disk fills up during an extraction', async (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'billing-tmpfs-'));
    // Room for the extraction to start (its database file, its first chunk files), not to finish.
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) {
      rmSync(mountPoint, { recursive: true, force: true });
      context.skip(`needs root to mount a 2 MiB tmpfs as a full disk: ${mounted.stderr.toString().trim()}`);
    }
    try {
      const workspace = resolveWorkspace(join(mountPoint, 'ws'));
      const source = postgresSource(parseSourceUrl(pgUrl(testbed), {}));
      const error = await extractSnapshot(workspace, { source, period: demo.period, periodLabel: '2026-10' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'disk_full', message: expect.stringContaining(workspace.snapshotsDir) });
      expect(readdirSync(workspace.snapshotsDir)).toEqual([]);
    } finally {
      spawnSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
