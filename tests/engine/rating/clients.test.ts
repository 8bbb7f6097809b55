import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshotSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { listClients } from '../../../engine/rating/clients.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let file: string;
let sandbox: Sandbox;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rating-clients-'));
  const workspace = resolveWorkspace(dir);
  const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 3 });
  file = snapshotDataFile(workspace, manifest.id);
  sandbox = await openSnapshotSandbox(file);
});
afterAll(() => {
  sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('listClients', () => {
  it('lists every client in ClientNumber order, a missing billing code as empty text', async () => {
    const clients = await listClients(sandbox);
    const [row] = await sandbox.query('SELECT count(*) AS n FROM cltClients', { values: {}, types: {} }, 'count');
    expect(clients).toHaveLength(Number(row?.n));
    const numbers = clients.map((client) => Number(client.clientNumber));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(clients.every((client) => typeof client.billingCode === 'string' && client.billingCode !== 'null')).toBe(true);
  });

  it("reads IS's Inactive flag: the demo's inactive clients are marked, and only they", async () => {
    const clients = await listClients(sandbox);
    const rows = await sandbox.query(
      'SELECT ClientNumber::VARCHAR AS n FROM cltClients WHERE Inactive ORDER BY ClientNumber',
      { values: {}, types: {} },
      'inactive',
    );
    const inactive = rows.map((row) => String(row.n));
    expect(inactive.length).toBeGreaterThan(0); // every demo scale has one
    expect(clients.filter((client) => client.inactive).map((client) => client.clientNumber)).toEqual(inactive);
    expect(clients.every((client) => typeof client.inactive === 'boolean')).toBe(true);
  });
});
