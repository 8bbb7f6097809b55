/**
 * Extraction as a careful user needs it, against the real PostgreSQL on 127.0.0.1:5432: Ctrl-C is
 * honoured within a second even while a row count waits on a lock (the statement is cancelled on
 * the server, nothing is left behind); a period without data is refused unless asked for; a
 * password holding / or @ works and is never printed; a refused connection does not claim a timeout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../snapshots/period.ts';
import { extractSnapshot } from '../../../snapshots/sources/extract.ts';
import { openSource } from '../../../snapshots/sources/open-source.ts';
import { resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';
import { billing } from '../../support/cli.ts';
import { PROJECT_ROOT } from '../../support/project.ts';
import { openDemoFixture, type DemoFixture } from './demo-fixture.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from './pg-testbed.ts';

// Trust authentication lets any password in: these only prove the password is read whole and never shown.
const ODD_PASSWORD = 'p@ss/w0rd@x';

describe('extraction from PostgreSQL, safely', () => {
  let demo: DemoFixture;
  let testbed: PgTestbed;
  let dir: string;
  let workspace: Workspace;
  beforeAll(async () => {
    demo = await openDemoFixture({ seed: 21 });
    testbed = await createPgTestbed(demo);
    dir = mkdtempSync(join(tmpdir(), 'billing-extract-safety-'));
    workspace = resolveWorkspace(join(dir, 'ws'));
  });
  afterAll(async () => {
    await testbed?.close();
    demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (password = 'pw-not-needed') => `postgres://${testbed.user}:${password}@${PG_HOST}:${PG_PORT}/${testbed.database}`;
  /** Extraction sessions blocked on a lock right now. */
  const waiting = async () =>
    (
      await testbed.admin(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'call-theory-billing' AND wait_event_type = 'Lock'`,
      )
    ).rows[0].n as number;
  const untilWaitingOnLock = async () => {
    for (let waited = 0; (await waiting()) === 0; waited += 50) {
      expect(waited).toBeLessThan(30_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const partials = () => (readdirSync(workspace.snapshotsDir, { withFileTypes: true }).some((e) => e.name.startsWith('.partial-')) ? 'left' : 'none');

  it('honours a cancel within a second while a row count waits on a lock, and stops the statement on the server', async () => {
    const locker = new pg.Client({ host: PG_HOST, port: PG_PORT, user: testbed.user, database: testbed.database });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "statCallEnd" IN ACCESS EXCLUSIVE MODE');
      const { source, config } = openSource(url());
      const controller = new AbortController();
      const extraction = extractSnapshot(workspace, {
        source,
        secret: config.password,
        period: parsePeriod('2026-10'),
        periodLabel: '2026-10',
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await untilWaitingOnLock();
      const cancelledAt = performance.now();
      controller.abort();
      const error = await extraction;
      expect(performance.now() - cancelledAt).toBeLessThan(1000);
      expect(error).toMatchObject({ code: 'cancelled' });
      // The server stopped the count too: it does not run on behind the lock.
      for (let waited = 0; (await waiting()) > 0; waited += 50) {
        expect(waited).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(partials()).toBe('none');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('a second Ctrl-C on the command line exits at once and leaves no partial folder', async () => {
    const locker = new pg.Client({ host: PG_HOST, port: PG_PORT, user: testbed.user, database: testbed.database });
    await locker.connect();
    const own = resolveWorkspace(join(dir, 'ctrl-c'));
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "statCallEnd" IN ACCESS EXCLUSIVE MODE');
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'billing.js'), 'snapshot', 'extract', '--source', url(), '--period', '2026-10'], {
        cwd: dir,
        env: { PATH: process.env.PATH, BILLING_WORKSPACE: own.root },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await untilWaitingOnLock();
      expect(readdirSync(own.snapshotsDir).some((name) => name.startsWith('.partial-'))).toBe(true);
      child.kill('SIGINT');
      // Two signals sent at once would arrive as one.
      await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGINT');
      const started = performance.now();
      const code = await exited;
      expect(performance.now() - started).toBeLessThan(2000);
      expect(code).not.toBe(0);
      expect(readdirSync(own.snapshotsDir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('refuses a period without data, naming it, unless --allow-empty', async () => {
    const refused = await billing(['snapshot', 'extract', '--source', url(), '--period', '2019-01', '--workspace', workspace.root]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`postgresql ${PG_HOST}:${PG_PORT}/${testbed.database} has no data for 2019-01`);
    expect(refused.stderr).toContain('--allow-empty');
    expect(partials()).toBe('none');
    const kept = await billing(['snapshot', 'extract', '--source', url(), '--period', '2019-01', '--allow-empty', '--workspace', workspace.root]);
    expect(kept.stderr).toBe('');
    expect(kept.stdout).toMatch(/^Created snapshot \S+-2019-01 from postgresql /);
  });

  it('reads a password holding / and @ whole, and never prints it', async () => {
    const result = await billing(['snapshot', 'extract', '--source', url(ODD_PASSWORD), '--period', '2026-10-01..2026-10-03', '--workspace', workspace.root]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Created snapshot /);
    const malformed = await billing(['snapshot', 'extract', '--source', `${url(ODD_PASSWORD)}?bogus=1`, '--period', '2026-10', '--workspace', workspace.root]);
    expect(malformed.stderr).toContain('unknown option bogus');
    for (const text of [result.stdout, result.stderr, malformed.stdout, malformed.stderr]) {
      expect(text).not.toContain(ODD_PASSWORD);
      expect(text).not.toContain('w0rd');
    }
  });

  it('says a refused connection was refused, without claiming a timeout', async () => {
    const result = await billing([
      'snapshot',
      'extract',
      '--source',
      `postgres://u:pw@${PG_HOST}:1/none`,
      '--period',
      '2026-10',
      '--workspace',
      workspace.root,
    ]);
    expect(result.stderr).toContain(`Cannot connect to postgresql ${PG_HOST}:1/none: `);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    expect(result.stderr).not.toContain('timeout');
  });
});
