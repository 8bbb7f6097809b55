/** `billing user add` in-process: the password from BILLING_PASSWORD, else the first line of standard input. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../../server/store/database.ts';
import { checkPassword } from '../../../server/store/users.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing } from '../../support/cli.ts';
import { userName } from '../../../server/api/session-api.ts';

let dir: string;
const workspace = () => join(dir, 'ws');

/** Whether the workspace database lets `name` in with `password`. */
async function logsIn(name: string, password: string): Promise<boolean> {
  const db = await openDatabase(databaseFile(resolveWorkspace(workspace())));
  try {
    return (await checkPassword(db, name, password)) !== undefined;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-user-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing user add', () => {
  it('reads the password from the first line of standard input', async () => {
    const result = await billing(['user', 'add', 'maria', '--role', 'admin'], {
      env: { BILLING_WORKSPACE: workspace() },
      stdin: 'first-line-secret\nsecond\n',
    });
    expect(result).toEqual({ status: 0, stdout: 'Added maria (admin)\n', stderr: '' });
    expect(await logsIn('maria', 'first-line-secret')).toBe(true);
  });

  it('takes BILLING_PASSWORD before standard input', async () => {
    const result = await billing(['user', 'add', 'tom', '--workspace', workspace()], {
      env: { BILLING_PASSWORD: 'from-the-environment' },
      stdin: 'from-stdin-ignored\n',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Added tom (viewer)\n');
    expect(await logsIn('tom', 'from-the-environment')).toBe(true);
  });

  it('refuses a password under 10 characters with exit code 2, naming the rule', async () => {
    const result = await billing(['user', 'add', 'ann', '--workspace', workspace()], { stdin: 'short\n' });
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'billing: the password must have at least 10 characters [weak_password]\n' });
  });

  it.each(['x', 'bad name', 'ünïcode', 'a'.repeat(51)])('refuses the user name %j, as the API does, with its rule', async (name) => {
    const result = await billing(['user', 'add', name, '--workspace', workspace()], { env: { BILLING_PASSWORD: 'a long enough password' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('letters, digits, . _ -; 2 to 50 characters [bad_name]');
    expect(userName.safeParse(name).success).toBe(false);
  });
});
