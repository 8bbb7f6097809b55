import { PROJECT_ROOT } from '../support/project.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { previousMonth, startServer, type RunningServer } from '../../server/start.ts';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { listSnapshots } from '../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace, type Workspace } from '../../snapshots/store/workspace.ts';
import { billing } from '../support/cli.ts';

const PROJECT = PROJECT_ROOT;
const NOW = new Date('2026-11-26T10:00:00Z');

const tempDirs: string[] = [];
const running: RunningServer[] = [];

/** A workspace whose folder does not exist yet, inside a fresh temp directory. */
function freshWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'billing-'));
  tempDirs.push(dir);
  return resolveWorkspace(join(dir, 'workspace'));
}

async function start(workspace: Workspace, log: (line: string) => void = () => {}): Promise<RunningServer> {
  const server = await startServer({ workspace, port: 0, host: '127.0.0.1', now: () => NOW, log });
  running.push(server);
  return server;
}

/** The CLI in a process of its own: the server's lock names this test's process, which the CLI in-process would take for its own. */
function cliDelete(workspace: Workspace, id: string) {
  return spawnSync(process.execPath, ['bin/billing.js', 'snapshot', 'delete', id, '--workspace', workspace.root], { cwd: PROJECT, encoding: 'utf8' });
}

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('creates the workspace and one small demo snapshot of the previous month, locks the workspace while serving, and releases it on close', async () => {
    const workspace = freshWorkspace();
    expect(existsSync(workspace.root)).toBe(false);
    const logged: string[] = [];

    const server = await start(workspace, (line) => logged.push(line));

    expect(existsSync(workspace.snapshotsDir)).toBe(true);
    const snapshots = listSnapshots(workspace);
    expect(snapshots).toHaveLength(1);
    const [snapshot] = snapshots;
    expect(snapshot?.id).toBe('demo-small-2026-10');
    expect(snapshot?.source).toMatchObject({ kind: 'demo', scale: 'small', seed: 1 });
    expect(snapshot?.period).toEqual({ start: '2026-10-01 00:00:00.000', end: '2026-10-31 23:59:59.997' });
    expect(logged.join('\n')).toContain('First start');

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(`${server.url}api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', snapshots: 1 });

    expect(existsSync(workspace.lockFile)).toBe(true);
    const refused = cliDelete(workspace, 'demo-small-2026-10');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('in use by a running server');
    expect(refused.stderr).toContain(`pid ${process.pid}`);
    expect(listSnapshots(workspace)).toHaveLength(1);

    await running.pop()?.close();
    expect(existsSync(workspace.lockFile)).toBe(false);

    const allowed = cliDelete(workspace, 'demo-small-2026-10');
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('Deleted snapshot demo-small-2026-10');
    expect(listSnapshots(workspace)).toHaveLength(0);
  }, 120_000);

  it('creates no new snapshot on a workspace that already has one', async () => {
    const workspace = freshWorkspace();
    await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-09'), periodLabel: '2026-09', seed: 1 });
    const logged: string[] = [];

    const server = await start(workspace, (line) => logged.push(line));

    expect(listSnapshots(workspace).map((m) => m.id)).toEqual(['demo-tiny-2026-09']);
    expect(logged.filter((line) => line.includes('snapshot'))).toEqual([]);
    expect(await (await fetch(`${server.url}api/health`)).json()).toMatchObject({ status: 'ok', snapshots: 1 });
  });
});

describe('previousMonth', () => {
  it('is the month before the current one', () => {
    expect(previousMonth(new Date('2026-11-26T10:00:00Z'))).toBe('2026-10');
  });

  it('wraps January back to December of the previous year', () => {
    expect(previousMonth(new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
  });

  it('says at once that the port is busy, before building or making anything, and suggests --port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (blocker.address() as { port: number }).port;
    const workspace = freshWorkspace();
    try {
      const result = await billing(['start', '--port', String(port), '--workspace', workspace.root]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `billing: Port ${port} on 127.0.0.1 is already in use (is the workbench already running?). Choose another: billing start --port ${port + 1}\n`,
      );
      expect(existsSync(workspace.root), 'no workspace was created').toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
