import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner, type Job, type JobRunner } from '../../../server/jobs/jobs.ts';
import { removeSnapshot, startDemoSnapshot, startExtraction } from '../../../server/services/snapshot-jobs.ts';
import { listAudit } from '../../../server/store/audit.ts';
import { listSnapshots } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';
import { NOW, type ServiceWorkspace, serviceWorkspace } from './support.ts';

let ws: ServiceWorkspace;
let jobs: JobRunner;
beforeAll(async () => {
  ws = await serviceWorkspace();
  jobs = createJobRunner({ now: () => NOW });
});
afterAll(async () => {
  await jobs.stopAll();
  await ws.close();
});

const deps = () => ({ workspace: ws.workspace, db: ws.db, jobs, now: () => NOW });

/** The job once it has ended. */
function ended(job: Job): Promise<Job> {
  return new Promise((resolve) => {
    if (job.status !== 'running') return resolve(job);
    const stop = jobs.watch(job.id, (changed) => {
      if (changed.status === 'running') return;
      stop();
      resolve(changed);
    });
  });
}

describe('snapshot jobs', () => {
  it('makes a demo snapshot as a job, audited with its scale, period and seed', async () => {
    const job = await ended(startDemoSnapshot(deps(), 'alice', { scale: 'tiny', period: '2026-09', seed: 3 }));
    expect(job).toMatchObject({ kind: 'snapshot.demo', owner: 'alice', status: 'succeeded' });
    const { snapshot } = job.result as { snapshot: string };
    expect(listSnapshots(ws.workspace).map((s) => s.id)).toContain(snapshot);
    expect((await listAudit(ws.db, { limit: 1 }))[0]).toMatchObject({
      actor: 'alice',
      action: 'snapshot.create',
      target: `snapshot:${snapshot}`,
      detail: { scale: 'tiny', period: '2026-09', seed: 3 },
    });
  });

  it("a failed job's error never names the workspace's folder", async () => {
    const root = mkdtempSync(join(tmpdir(), 'billing-jobs-broken-'));
    try {
      const broken = resolveWorkspace(root);
      mkdirSync(dirname(broken.snapshotsDir), { recursive: true });
      writeFileSync(broken.snapshotsDir, 'a file where the snapshots folder should be');
      const job = await ended(startDemoSnapshot({ ...deps(), workspace: broken }, 'alice', { scale: 'tiny', period: '2026-09', seed: 3 }));
      expect(job.status).toBe('failed');
      expect(job.error?.message).toContain('<workspace>');
      expect(job.error?.message).not.toContain(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a bad scale, period or source at once, before any job starts', () => {
    expect(() => startDemoSnapshot(deps(), 'alice', { scale: 'huge', period: '2026-09', seed: 1 })).toThrow(expect.objectContaining({ code: 'bad_scale' }));
    expect(() => startDemoSnapshot(deps(), 'alice', { scale: 'tiny', period: '2026-13', seed: 1 })).toThrow(expect.objectContaining({ code: 'bad_period' }));
    expect(() => startExtraction(deps(), 'root', { source: 'ftp://is01/Intelligent', period: '2026-09' })).toThrow(
      expect.objectContaining({ code: 'bad_source_url' }),
    );
  });

  it('deletes a snapshot, closes it for the pool and audits who did', async () => {
    const evicted: string[] = [];
    const snapshots = { ...ws.snapshots, evict: (id: string) => evicted.push(id) };
    await removeSnapshot({ ...deps(), snapshots }, 'root', ws.manifest.id);
    expect(existsSync(join(ws.workspace.snapshotsDir, ws.manifest.id))).toBe(false);
    expect(evicted).toEqual([ws.manifest.id]);
    expect((await listAudit(ws.db, { limit: 1 }))[0]).toMatchObject({ actor: 'root', action: 'snapshot.delete', target: `snapshot:${ws.manifest.id}` });
  });
});
