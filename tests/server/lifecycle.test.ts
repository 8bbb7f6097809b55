import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSnapshot } from '../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../snapshots/period.ts';
import { resolveWorkspace } from '../../snapshots/store/workspace.ts';
import { databaseFile, openDatabase } from '../../server/store/database.ts';
import { PROJECT_ROOT } from '../support/project.ts';
import { apiClient, startTestServer, type TestServer } from './support/test-server.ts';

describe('jobs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('can be cancelled: the job ends cancelled, leaves no snapshot, and the server goes on', async () => {
    const client = apiClient(server.url);
    await client.post('/api/setup', { name: 'root', password: 'a long admin password' });
    const job = (await client.post('/api/snapshots/demo', { scale: 'small', period: '2026-09' })).body;
    expect(job.status).toBe('running');
    expect((await client.post(`/api/jobs/${job.id}/cancel`)).body.cancelled).toBe(true);
    let ended = job;
    for (let i = 0; i < 600 && ended.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ended = (await client.get(`/api/jobs/${job.id}`)).body;
    }
    expect(ended.status).toBe('cancelled');
    expect((await client.get('/api/snapshots')).body.snapshots.map((s: { id: string }) => s.id)).toEqual([server.snapshotId]);
    expect((await client.get('/api/health')).body.status).toBe('ok');
  });
});

describe('the server process', () => {
  it('shuts down cleanly on SIGTERM: exit 0, lock released, database intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-sigterm-'));
    try {
      const workspace = resolveWorkspace(dir);
      await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 1 });
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/billing.ts', 'start', '--port', '0', '--workspace', dir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /running at (\S+)/.exec(chunk.toString());
          if (match) resolve(match[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
      });
      expect((await (await fetch(`${url}api/health`)).json()).status).toBe('ok');
      expect(existsSync(workspace.lockFile)).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(workspace.lockFile)).toBe(false);
      const db = await openDatabase(databaseFile(workspace));
      try {
        expect(Number((await db.all('SELECT count(*) AS n FROM release_items'))[0]?.n)).toBeGreaterThan(500);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
