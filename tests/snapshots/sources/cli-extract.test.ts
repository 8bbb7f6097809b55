/**
 * `billing snapshot extract` end to end: the CLI (in-process) against the PostgreSQL test bed.
 * (It lives with the source tests because it needs their test bed.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../server/cli/main.ts';
import { billing as run } from '../../support/cli.ts';
import { openDemoFixture, type DemoFixture } from './demo-fixture.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from './pg-testbed.ts';

const PASSWORD = 'cli-never-shown-0d2e';

describe('billing snapshot extract', () => {
  let demo: DemoFixture;
  let testbed: PgTestbed;
  let workspace: string;
  beforeAll(async () => {
    demo = await openDemoFixture({ seed: 14 });
    testbed = await createPgTestbed(demo);
    workspace = mkdtempSync(join(tmpdir(), 'billing-cli-extract-'));
  });
  afterAll(async () => {
    await testbed?.close();
    demo?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  const billing = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => run(['--workspace', workspace, ...args], { env });

  it('snapshots the period from postgres://, with the password from the environment, and never prints it', async () => {
    const url = `postgres://${testbed.user}@${PG_HOST}:${PG_PORT}/${testbed.database}`;
    const result = await billing(['snapshot', 'extract', '--source', url, '--period', '2026-10-01..2026-10-07'], { BILLING_SOURCE_PASSWORD: PASSWORD });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Created snapshot (postgresql-billing-src-\\S+) from postgresql ${PG_HOST}:${PG_PORT}/${testbed.database} \\(`));
    const id = /Created snapshot (\S+)/.exec(result.stdout)?.[1] as string;
    const shown = await billing(['snapshot', 'show', id]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      source: { kind: 'postgresql', server: `${PG_HOST}:${PG_PORT}`, database: testbed.database },
      tables: demo.expected,
    });
    expect(result.stdout + shown.stdout).not.toContain(PASSWORD);
  });

  /** The program without runCli's error handling: the error object itself can be checked. */
  const billingInProcess = (args: readonly string[]) =>
    buildProgram(args, { out: () => {}, env: {} }).then((program) => program.parseAsync(['--workspace', workspace, ...args], { from: 'user' }));

  it('names the server and database, never the password, when the login is refused', async () => {
    const url = `postgres://nobody_here:${PASSWORD}@${PG_HOST}:${PG_PORT}/${testbed.database}`;
    const error = await billingInProcess(['snapshot', 'extract', '--source', url, '--period', '2026-10']).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'source_login_failed' });
    expect((error as Error).message).toContain(`postgresql ${PG_HOST}:${PG_PORT}/${testbed.database} refused the login of user "nobody_here"`);
    expect(inspect(error)).not.toContain(PASSWORD);
  });

  it('refuses a malformed client range', async () => {
    await expect(
      billingInProcess(['snapshot', 'extract', '--source', 'postgres://u@127.0.0.1/x', '--period', '2026-10', '--clients', '1000..1999']),
    ).rejects.toThrow('--clients expects a range of client numbers like 1000-1999, not "1000..1999"');
  });
});
