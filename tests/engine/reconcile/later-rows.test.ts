/** The evidence for "data changed since the export", counted on a tiny demo snapshot. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshotSandbox, type Sandbox } from '../../../engine/formulas/sandbox.ts';
import { laterRows, naiveStamp } from '../../../engine/reconcile/later-rows.ts';
import type { OurClient } from '../../../engine/reconcile/model.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

let dir: string;
let sandbox: Sandbox;
let clients: OurClient[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-later-rows-'));
  const workspace = resolveWorkspace(dir);
  const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 3 });
  sandbox = await openSnapshotSandbox(snapshotDataFile(workspace, manifest.id));
  const rows = await sandbox.query('SELECT cltID, ClientNumber::VARCHAR AS n FROM cltClients', { values: {}, types: {} }, 'clients');
  clients = rows.map((row) => ({ clientNumber: String(row.n), cltID: Number(row.cltID), clientName: '', values: new Map() }));
});
afterAll(() => {
  sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const total = (found: Awaited<ReturnType<typeof laterRows>>, quirk: string) =>
  [...found.values()].reduce((sum, perQuirk) => sum + (perQuirk.get(quirk)?.count ?? 0), 0);

describe('laterRows', () => {
  it('counts, per client, the message histories and removed dispatch jobs stamped after the export, with the first stamp', async () => {
    const early = await laterRows(sandbox, '2026-10-02T00:00:00Z', clients);
    const late = await laterRows(sandbox, '2026-10-05T12:00:00Z', clients);
    expect(total(early, 'D8')).toBeGreaterThan(total(late, 'D8'));
    expect(total(late, 'D8')).toBeGreaterThan(0);
    expect(total(early, 'D15')).toBeGreaterThanOrEqual(total(late, 'D15'));
    for (const perQuirk of late.values()) for (const rows of perQuirk.values()) expect(rows.first > '2026-10-05 12:00:00').toBe(true);
    expect([...late.keys()].every((clientNumber) => clients.some((c) => c.clientNumber === clientNumber))).toBe(true);
  });

  it('finds nothing after the last stamp the snapshot holds', async () => {
    expect((await laterRows(sandbox, '2027-06-01T00:00:00Z', clients)).size).toBe(0);
  });
});

describe('naiveStamp', () => {
  it('reads the export time as the wall-clock time it names', () => {
    expect(naiveStamp('2026-11-02T08:30:00Z')).toBe('2026-11-02 08:30:00');
    expect(naiveStamp('2026-11-02T08:30:00.123+02:00')).toBe('2026-11-02 08:30:00.123');
    expect(naiveStamp('2026-11-02 08:30')).toBe('2026-11-02 08:30');
  });
});
