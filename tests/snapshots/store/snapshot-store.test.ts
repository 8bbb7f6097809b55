import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { SnapshotError } from '../../../snapshots/errors.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { tables } from '../../../snapshots/schema/index.ts';
import { tableStats } from '../../../snapshots/store/checksums.ts';
import { contentHashOf } from '../../../snapshots/store/manifest.ts';
import { deleteSnapshot, listSnapshots, openSnapshot, readManifest, snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { isAlive, resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';

const dirs: string[] = [];
function freshWorkspace(parent = tmpdir()): Workspace {
  const dir = mkdtempSync(join(parent, 'billing-store-'));
  dirs.push(dir);
  return resolveWorkspace(dir);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tinyDemo = (workspace: Workspace, seed = 1) =>
  createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed });

describe('a snapshot', () => {
  it('records its source, period, row counts and checksums that match its data', async () => {
    const workspace = freshWorkspace();
    const manifest = await tinyDemo(workspace, 5);
    expect(manifest.source).toEqual({ kind: 'demo', scale: 'tiny', seed: 5, generator: expect.any(String) });
    expect(manifest.period).toEqual({ start: '2026-10-01 00:00:00.000', end: '2026-10-07 23:59:59.997' });
    const snapshot = await openSnapshot(workspace, manifest.id);
    try {
      expect(await tableStats(snapshot.connection, tables)).toEqual(manifest.tables);
      expect(contentHashOf(manifest.tables)).toBe(manifest.contentHash);
    } finally {
      snapshot.close();
    }
    expect(readManifest(workspace, manifest.id)).toEqual(manifest);
  });

  it('is read-only: the file has no write permission and writes through a connection fail', async () => {
    const workspace = freshWorkspace();
    const manifest = await tinyDemo(workspace);
    expect(statSync(snapshotDataFile(workspace, manifest.id)).mode & 0o222).toBe(0);
    const snapshot = await openSnapshot(workspace, manifest.id);
    try {
      await expect(snapshot.connection.run('DELETE FROM statCallEnd')).rejects.toThrow(/read-only/i);
      await expect(snapshot.connection.run('CREATE TABLE extra (x INT)')).rejects.toThrow(/read-only/i);
      expect(await tableStats(snapshot.connection, tables)).toEqual(manifest.tables);
    } finally {
      snapshot.close();
    }
  });

  it('can be listed, shown and deleted; an unknown id is a not_found error naming it', async () => {
    const workspace = freshWorkspace();
    const first = await tinyDemo(workspace);
    const second = await tinyDemo(workspace);
    expect(second.id).toBe(`${first.id}-2`);
    expect(listSnapshots(workspace).map((m) => m.id)).toEqual([first.id, second.id]);
    deleteSnapshot(workspace, first.id);
    expect(listSnapshots(workspace).map((m) => m.id)).toEqual([second.id]);
    expect(() => readManifest(workspace, first.id)).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringContaining(first.id) }));
  });

  it('reports a corrupted manifest with its file and the field at fault', async () => {
    const workspace = freshWorkspace();
    const manifest = await tinyDemo(workspace);
    const file = join(workspace.snapshotsDir, manifest.id, 'manifest.json');
    writeFileSync(file, JSON.stringify({ ...manifest, period: { start: 'October', end: manifest.period.end } }));
    expect(() => readManifest(workspace, manifest.id)).toThrow(
      expect.objectContaining({ code: 'corrupt_snapshot', message: expect.stringMatching(/manifest\.json: field period\.start/) }),
    );
  });

  it('reports a manifest that is not JSON as corrupt, naming its file', async () => {
    const workspace = freshWorkspace();
    const manifest = await tinyDemo(workspace);
    const file = join(workspace.snapshotsDir, manifest.id, 'manifest.json');
    writeFileSync(file, '{ "id": ');
    expect(() => readManifest(workspace, manifest.id)).toThrow(
      expect.objectContaining({ code: 'corrupt_snapshot', message: expect.stringContaining(`${file}: not valid JSON`) }),
    );
  });
});

describe('writing a snapshot', () => {
  it('leaves no snapshot when the writer is killed midway, and the next write sweeps its leftovers', async () => {
    const workspace = freshWorkspace();
    const child = spawn('npx', ['tsx', join(import.meta.dirname, 'kill-midway.fixture.ts'), workspace.root], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('FILLING') && resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    spawnSync('pkill', ['-KILL', '-f', 'kill-midway.fixture.ts']);
    await new Promise((resolve) => child.once('exit', resolve));
    const partials = readdirSync(workspace.snapshotsDir).filter((name) => name.startsWith('.partial-'));
    expect(partials).toHaveLength(1);
    // The writer (a grandchild under npx) may take a moment to die after SIGKILL.
    const writerPid = Number((partials[0] as string).split('-').at(-1));
    for (let waited = 0; isAlive(writerPid) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(writerPid)).toBe(false);

    expect(listSnapshots(workspace)).toEqual([]);

    const manifest = await tinyDemo(workspace);
    expect(manifest.id).toBe('demo-tiny-2026-10');
    expect(readdirSync(workspace.snapshotsDir)).toEqual(['demo-tiny-2026-10']);
  });

  it('fails with disk_full and keeps nothing when the disk fills up', async (context) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'billing-tmpfs-'));
    dirs.push(mountPoint);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) {
      context.skip(`needs root to mount a 1 MiB tmpfs as a full disk: ${mounted.stderr.toString().trim()}`);
    }
    try {
      mkdirSync(join(mountPoint, 'ws'));
      const workspace = resolveWorkspace(join(mountPoint, 'ws'));
      const error = await tinyDemo(workspace).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SnapshotError);
      expect(error).toMatchObject({ code: 'disk_full', message: expect.stringContaining(workspace.snapshotsDir) });
      expect(readdirSync(workspace.snapshotsDir)).toEqual([]);
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});
