/** `billing user token add|list|revoke` in-process, on a workspace the server is not running on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenUser } from '../../../server/store/api-tokens.ts';
import { databaseFile, openDatabase } from '../../../server/store/database.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { billing } from '../../support/cli.ts';

let dir: string;
const env = () => ({ BILLING_WORKSPACE: join(dir, 'ws'), BILLING_PASSWORD: 'a long enough password' });

/** Who the token acts as, per the workspace database. */
async function actsAs(token: string) {
  const db = await openDatabase(databaseFile(resolveWorkspace(join(dir, 'ws'))));
  try {
    return await tokenUser(db, token, new Date());
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-token-'));
  expect((await billing(['user', 'add', 'edna', '--role', 'editor'], { env: env() })).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing user token', () => {
  it('creates a scoped token, lists it without its secret, and revokes it for good', async () => {
    const added = await billing(['user', 'token', 'add', 'edna', 'dashboard', '--role', 'viewer', '--days', '30'], { env: env() });
    expect(added.status).toBe(0);
    const [token, line] = added.stdout.trim().split('\n') as [string, string];
    expect(token).toMatch(/^ctb_/);
    expect(line).toMatch(/^\d+\tdashboard\tedna\tviewer\texpires \d{4}-\d\d-\d\d$/);
    expect(await actsAs(token)).toMatchObject({ name: 'edna', role: 'viewer' });

    const listed = await billing(['user', 'token', 'list', 'edna'], { env: env() });
    expect(listed.stdout).toContain('\tdashboard\tedna\tviewer\t');
    expect(listed.stdout).not.toContain(token);

    const id = line.split('\t')[0] as string;
    const revoked = await billing(['user', 'token', 'revoke', id], { env: env() });
    expect(revoked.stdout).toMatch(/\trevoked /);
    expect(await actsAs(token)).toBeUndefined();
  });

  it("refuses a scope above the user's role, as the API does", async () => {
    const result = await billing(['user', 'token', 'add', 'edna', 'too much', '--role', 'admin'], { env: env() });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('[scope_too_wide]');
  });
});
