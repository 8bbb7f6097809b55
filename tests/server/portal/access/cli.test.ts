/** `billing portal …` on a workspace the server has set up (and released): the same services as the Admin view. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClients } from '../../../../engine/rating/clients.ts';
import type { ClientInfo } from '../../../../engine/rating/model.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { billing } from '../../../support/cli.ts';
import { rmSync } from 'node:fs';
import { databaseFile, openDatabase } from '../../../../server/store/database.ts';
import { listAudit } from '../../../../server/store/audit.ts';

describe('billing portal', () => {
  let server: TestServer;
  let clients: readonly ClientInfo[];
  const run = (...args: string[]) => billing(['portal', ...args, '--workspace', server.dir]);
  beforeAll(async () => {
    server = await startTestServer();
    clients = await server.context.snapshots.use(server.snapshotId, ({ sandbox }) => listClients(sandbox));
    // The command line works on the workspace while no server holds it.
    await server.close();
  });
  afterAll(() => rmSync(server.dir, { recursive: true, force: true }));

  it('invites by client numbers and by billing code, printing the link once', async () => {
    const numbers = clients.slice(0, 2).map((client) => client.clientNumber);
    const byNumber = await run('invite', '--clients', numbers.join(','));
    expect(byNumber.status).toBe(0);
    expect(byNumber.stdout).toContain(`for clients ${numbers.join(', ')}`);
    expect(byNumber.stdout).toMatch(/Link \(after the server's address\): \/portal#invite\/[\w-]{20,}\n/);
    const code = clients.find((client) => client.billingCode !== '')?.billingCode as string;
    const byCode = await run('invite', '--billing-code', code, '--days', '3');
    expect(byCode.stdout).toContain(`for billing code ${code}`);
    const unknown = await run('invite', '--clients', '999999');
    expect(unknown).toMatchObject({ status: 2, stderr: expect.stringContaining('no client 999999') });
    expect((await run('invite')).stderr).toContain('name at least one client number or billing code');
  });

  it('lists open invitations, and the client users once one is accepted; disables and enables a user', async () => {
    const listed = await run('users');
    expect(listed.stdout).toContain('No client users');
    expect(listed.stdout.match(/^ {2}\d+ {2}/gm)).toHaveLength(2);

    const db = await openDatabase(databaseFile(server.context.workspace));
    try {
      const { insertClientUser } = await import('../../../../server/store/client-users.ts');
      await db.transaction((tx) =>
        insertClientUser(tx, { name: 'acme', password: 'a long client password', grant: { clientNumbers: ['1'], billingCodes: [] } }, 'cli', new Date()),
      );
    } finally {
      db.close();
    }
    expect((await run('users')).stdout).toMatch(/acme {2}client 1 {2}active {2}last login never/);
    expect((await run('disable', 'acme')).stdout).toBe('acme is disabled\n');
    expect((await run('users')).stdout).toContain('acme  client 1  disabled');
    expect((await run('enable', 'acme')).stdout).toBe('acme is active\n');
    expect((await run('disable', 'nobody')).status).toBe(2);
  });

  it('shows the settings and changes them, refusing a statistic the release does not have', async () => {
    const shown = JSON.parse((await run('settings')).stdout);
    expect(shown).toMatchObject({ enabled: false, refresh: { everyMinutes: null } });
    const changed = await run('settings', '--open', '--every', '30', '--publish', 'Calls:Calls:calls', '--primary', '#112233');
    expect(changed.status).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      enabled: true,
      refresh: { everyMinutes: 30, source: 'demo' },
      publishedStatistics: [{ id: 'Calls', title: 'Calls', unit: 'calls' }],
      branding: { colours: { primary: '#112233' } },
    });
    const refused = await run('settings', '--publish', 'NoSuchThing:x:y');
    expect(refused).toMatchObject({ status: 2, stderr: expect.stringContaining('no statistic NoSuchThing') });
    expect((await run('settings', '--primary', 'blue')).stderr).toContain('branding.colours.primary');

    const db = await openDatabase(databaseFile(server.context.workspace));
    try {
      const actions = (await listAudit(db, { limit: 100 })).filter((entry) => entry.actor === 'cli').map((entry) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(['portal.invite.create', 'portal.user.update', 'portal.settings']));
    } finally {
      db.close();
    }
  });
});
