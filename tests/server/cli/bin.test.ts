/**
 * The installed `billing` command end to end: bin/billing.js in a child process, as `npx billing`
 * runs it. Every other CLI test runs the same program in-process (tests/support/cli.ts); this one
 * proves the wrapper loads the TypeScript, prints to the real streams and exits with the code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/project.ts';

let dir: string;
/** Runs `billing <args>` with only the environment given. */
const bin = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'billing.js'), ...args], { cwd: dir, encoding: 'utf8', env });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-bin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/billing.js', () => {
  it('prints the help with every command on stdout and exits 0', () => {
    const result = bin(['--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const command of ['snapshot', 'start', 'formula', 'export', 'run', 'scenario', 'reconcile', 'user']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
  });

  it('runs a command on the workspace named by BILLING_WORKSPACE: one line on stderr and exit code 2 when it fails', () => {
    const shown = bin(['snapshot', 'show', 'nothing-here'], { BILLING_WORKSPACE: join(dir, 'ws') });
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toBe(`billing: No snapshot "nothing-here" in ${join(dir, 'ws', 'snapshots')}. Run "billing snapshot list" to see the snapshots.\n`);
    expect(shown.status).toBe(2);
  });
});
