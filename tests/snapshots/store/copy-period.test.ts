import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { openDemoSource, type DemoSourceFixture } from '../demo/demo-source.ts';

// The snapshot of the tiny demo (2026-10-01 .. 2026-10-07) is compared with the demo source it
// was copied from, by hand-written expectations rather than the selection rules themselves.
const START = "TIMESTAMP '2026-10-01 00:00:00.000'";
const END = "TIMESTAMP '2026-10-07 23:59:59.997'";

describe('a period snapshot', () => {
  let demo: DemoSourceFixture;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-copy-'));
    const workspace = resolveWorkspace(dir);
    const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 9 });
    demo = await openDemoSource({ scale: 'tiny', seed: 9 });
    await demo.connection.run(`ATTACH '${snapshotDataFile(workspace, manifest.id)}' AS snap (READ_ONLY)`);
  });
  afterAll(() => {
    demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of `snap.table` not in `expected`, plus rows of `expected` not in the snapshot. */
  const difference = (table: string, expected: string) =>
    demo.scalar(
      `SELECT (SELECT count(*) FROM (FROM snap.${table} EXCEPT ALL ${expected})) + (SELECT count(*) FROM (${expected} EXCEPT ALL FROM snap.${table}))`,
    );

  it('holds exactly the calls that ended in the period, boundaries included', async () => {
    expect(await difference('statCallEnd', `FROM source.statCallEnd WHERE Stamp BETWEEN ${START} AND ${END}`)).toBe(0);
    expect(await demo.scalar(`SELECT count(*) FROM snap.statCallEnd WHERE Stamp IN (${START}, ${END})`)).toBeGreaterThanOrEqual(2);
  });

  it('leaves out rows one datetime tick outside the period', async () => {
    const outside = `(${START} - INTERVAL 3 MILLISECOND, ${END} + INTERVAL 3 MILLISECOND)`;
    expect(await demo.scalar(`SELECT count(*) FROM source.statCallEnd WHERE Stamp IN ${outside}`)).toBeGreaterThanOrEqual(2);
    expect(await demo.scalar(`SELECT count(*) FROM snap.statCallEnd WHERE Stamp IN ${outside}`)).toBe(0);
    expect(await demo.scalar(`SELECT count(*) FROM source.msgHistories WHERE Stamp IN ${outside}`)).toBeGreaterThanOrEqual(2);
    expect(await demo.scalar(`SELECT count(*) FROM snap.msgHistories WHERE Stamp IN ${outside}`)).toBe(0);
  });

  it('holds the start rows of its calls, including calls that started before the period', async () => {
    expect(
      await difference(
        'statCallStart',
        `FROM source.statCallStart WHERE callId IN (SELECT callId FROM source.statCallEnd WHERE Stamp BETWEEN ${START} AND ${END})`,
      ),
    ).toBe(0);
    expect(await demo.scalar(`SELECT count(*) FROM snap.statCallStart WHERE Stamp < ${START}`)).toBeGreaterThan(0);
  });

  it('holds dispatch jobs created or removed in the period, with every removal of them, even after it', async () => {
    const removedInPeriod = `SELECT dispID FROM source.statDispatchDeleted WHERE Timestamp BETWEEN ${START} AND ${END}`;
    const createdInPeriod = `SELECT dispID FROM source.statDispatchAdded WHERE Timestamp BETWEEN ${START} AND ${END}`;
    expect(
      await difference('statDispatchAdded', `FROM source.statDispatchAdded WHERE Timestamp BETWEEN ${START} AND ${END} OR dispID IN (${removedInPeriod})`),
    ).toBe(0);
    expect(
      await difference('statDispatchDeleted', `FROM source.statDispatchDeleted WHERE Timestamp BETWEEN ${START} AND ${END} OR dispID IN (${createdInPeriod})`),
    ).toBe(0);
    expect(await demo.scalar(`SELECT count(*) FROM snap.statDispatchDeleted WHERE Timestamp > ${END}`)).toBeGreaterThan(0);
    expect(await demo.scalar(`SELECT count(*) FROM snap.statDispatchAdded WHERE Timestamp < ${START}`)).toBeGreaterThan(0);
  });

  it('holds MergeComm completions after the period for jobs started in it, and the jobs themselves', async () => {
    const startedInPeriod = `SELECT msgId FROM source.msgHistories WHERE DispositionId = 35 AND Stamp BETWEEN ${START} AND ${END}`;
    expect(
      await difference(
        'msgHistories',
        `FROM source.msgHistories WHERE Stamp BETWEEN ${START} AND ${END} OR (DispositionId = 36 AND msgId IN (${startedInPeriod}))`,
      ),
    ).toBe(0);
    expect(await demo.scalar(`SELECT count(*) FROM snap.msgHistories WHERE DispositionId = 36 AND Stamp > ${END}`)).toBeGreaterThan(0);
    expect(await difference('statMergeComm', `FROM source.statMergeComm WHERE msgID IN (${startedInPeriod})`)).toBe(0);
  });

  it('holds the message behind every history event and MergeComm job, and no other', async () => {
    expect(
      await difference(
        'msgMessages',
        `FROM source.msgMessages WHERE msgId IN (SELECT msgId FROM snap.msgHistories UNION SELECT msgID FROM snap.statMergeComm)`,
      ),
    ).toBe(0);
  });

  it('holds the other event tables for the period by their own stamp', async () => {
    for (const [table, column] of [
      ['statLogout', 'Login'],
      ['statDialouts', 'Timestamp'],
      ['statEmail', 'Timestamp'],
      ['statFax', 'Timestamp'],
      ['statClientMaintenance', 'Stamp'],
      ['statDirectorySetup', 'Stamp'],
    ]) {
      expect(await difference(table as string, `FROM source.${table} WHERE ${column} BETWEEN ${START} AND ${END}`), table).toBe(0);
    }
  });

  it('holds the dimension tables whole', async () => {
    for (const table of ['cltClients', 'agtAgents', 'dirListings', 'dirSubjects']) {
      expect(await difference(table, `FROM source.${table}`), table).toBe(0);
    }
  });
});
