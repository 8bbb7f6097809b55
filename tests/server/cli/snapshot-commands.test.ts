import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { isAlive, resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';
import { billing as run } from '../../support/cli.ts';

const DEMO = ['snapshot', 'demo', '--scale', 'tiny', '--period', '2026-10', '--seed', '3'];

const tempDirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'billing-'));
  tempDirs.push(dir);
  return dir;
}

/** Runs the CLI in-process, with only the environment given (none of the test process's). */
const billing = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => run(args, { env });

/** A workspace holding tiny demo snapshots of 2026-10 with seed 3, made in-process (no CLI). */
async function workspaceWithSnapshots(count: number): Promise<{ dir: string; ids: string[] }> {
  const dir = freshDir();
  const workspace = resolveWorkspace(dir);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 3 });
    ids.push(manifest.id);
  }
  return { dir, ids };
}

function snapshotIds(dir: string): string[] {
  const { snapshotsDir } = resolveWorkspace(dir);
  return existsSync(snapshotsDir) ? readdirSync(snapshotsDir).sort() : [];
}

function writeLock(dir: string, pid: number): Workspace {
  const workspace = resolveWorkspace(dir);
  writeFileSync(workspace.lockFile, JSON.stringify({ pid, since: '2026-11-26T10:00:00.000Z' }));
  return workspace;
}

describe('billing snapshot demo', () => {
  it('creates a tiny demo snapshot named after scale and period, and a suffixed one when run again', async () => {
    const dir = freshDir();

    const first = await billing([...DEMO, '--workspace', dir]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Created snapshot demo-tiny-2026-10 \([\d,]+ rows in \d+\.\d s\)\n$/);

    const second = await billing([...DEMO, '--workspace', dir]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Created snapshot demo-tiny-2026-10-2 ');

    expect(snapshotIds(dir)).toEqual(['demo-tiny-2026-10', 'demo-tiny-2026-10-2']);
  });

  it('refuses an unknown scale with exit code 2, naming it and the valid scales', async () => {
    const dir = freshDir();
    const result = await billing(['snapshot', 'demo', '--scale', 'huge', '--period', '2026-10', '--workspace', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown scale "huge"');
    expect(result.stderr).toContain('tiny, small, large');
    expect(snapshotIds(dir)).toEqual([]);
  });

  it('refuses a malformed period with exit code 2, naming it', async () => {
    const dir = freshDir();
    const result = await billing(['snapshot', 'demo', '--scale', 'tiny', '--period', '2026-13', '--workspace', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Malformed period "2026-13"');
    expect(result.stderr).toContain('month 13 does not exist');
    expect(snapshotIds(dir)).toEqual([]);
  });

  it.each(['-1', 'abc'])('refuses the seed %s with exit code 2, naming it', async (seed) => {
    const dir = freshDir();
    const result = await billing(['snapshot', 'demo', '--scale', 'tiny', '--period', '2026-10', '--seed', seed, '--workspace', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--seed must be a whole number from 0 to 999999999, not "${seed}"`);
    expect(snapshotIds(dir)).toEqual([]);
  });

  it('fails with a usage error when --period is missing', async () => {
    const dir = freshDir();
    const result = await billing(['snapshot', 'demo', '--scale', 'tiny', '--workspace', dir]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("required option '--period <period>' not specified");
    expect(snapshotIds(dir)).toEqual([]);
  });

  it('refuses to write into a workspace locked by a live server process', async () => {
    const dir = freshDir();
    const server = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(server);
    expect(server.pid).toBeDefined();
    writeLock(dir, server.pid as number);

    const result = await billing([...DEMO, '--workspace', dir]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('in use by a running server');
    expect(result.stderr).toContain(`pid ${server.pid}`);
    expect(snapshotIds(dir)).toEqual([]);
  });

  it('ignores a lock left by a process that is no longer running', async () => {
    const dir = freshDir();
    expect(isAlive(999_999)).toBe(false);
    writeLock(dir, 999_999);

    const result = await billing([...DEMO, '--workspace', dir]);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Created snapshot demo-tiny-2026-10 ');
  });
});

describe('billing snapshot list', () => {
  it('prints a table with every snapshot id', async () => {
    const { dir, ids } = await workspaceWithSnapshots(2);
    expect(ids).toEqual(['demo-tiny-2026-10', 'demo-tiny-2026-10-2']);

    const result = await billing(['snapshot', 'list', '--workspace', dir]);

    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ID\tSOURCE\tPERIOD\tROWS\tCREATED');
    expect(lines.slice(1).map((line) => line.split('\t')[0])).toEqual(ids);
    expect(lines[1]).toContain('demo tiny seed 3');
  });

  it('prints the manifests as JSON with --json', async () => {
    const { dir, ids } = await workspaceWithSnapshots(2);

    const result = await billing(['snapshot', 'list', '--json', '--workspace', dir]);

    expect(result.status).toBe(0);
    const manifests = JSON.parse(result.stdout) as Manifest[];
    expect(manifests).toHaveLength(2);
    expect(manifests.map((m) => m.id)).toEqual(ids);
  });

  it('says how to create a snapshot when there is none', async () => {
    const result = await billing(['snapshot', 'list', '--workspace', freshDir()]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('No snapshots yet');
  });

  it('uses the BILLING_WORKSPACE folder when --workspace is not given', async () => {
    const { dir, ids } = await workspaceWithSnapshots(1);

    const result = await billing(['snapshot', 'list', '--json'], { BILLING_WORKSPACE: dir });

    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as Manifest[]).map((m) => m.id)).toEqual(ids);
  });
});

describe('billing snapshot show and delete', () => {
  it('shows the manifest of a snapshot, with its seed and the one week the tiny scale covers', async () => {
    const { dir } = await workspaceWithSnapshots(1);

    const result = await billing(['snapshot', 'show', 'demo-tiny-2026-10', '--workspace', dir]);

    expect(result.status).toBe(0);
    const manifest = JSON.parse(result.stdout) as Manifest;
    expect(manifest.id).toBe('demo-tiny-2026-10');
    expect(manifest.source).toMatchObject({ kind: 'demo', scale: 'tiny', seed: 3 });
    expect(manifest.period).toEqual({ start: '2026-10-01 00:00:00.000', end: '2026-10-07 23:59:59.997' });
  });

  it('deletes a snapshot, after which show fails with exit code 2 and "No snapshot"', async () => {
    const { dir } = await workspaceWithSnapshots(1);

    const deleted = await billing(['snapshot', 'delete', 'demo-tiny-2026-10', '--workspace', dir]);
    expect(deleted.status).toBe(0);
    expect(deleted.stdout).toContain('Deleted snapshot demo-tiny-2026-10');
    expect(snapshotIds(dir)).toEqual([]);

    const shown = await billing(['snapshot', 'show', 'demo-tiny-2026-10', '--workspace', dir]);
    expect(shown.status).toBe(2);
    expect(shown.stderr).toContain('No snapshot "demo-tiny-2026-10"');
  });
});
