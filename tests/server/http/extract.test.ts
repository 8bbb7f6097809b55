/**
 * POST /api/snapshots/extract: an admin snapshots a period of the PostgreSQL test bed as a job;
 * the password never comes back in the job, the snapshot or the audit log.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoFixture, type DemoFixture } from '../../snapshots/sources/demo-fixture.ts';
import { createPgTestbed, PG_HOST, PG_PORT, type PgTestbed } from '../../snapshots/sources/pg-testbed.ts';
import { apiClient, startTestServer, waitForJob, type TestServer } from '../support/test-server.ts';

const PASSWORD = 'api-never-shown-7f1c';

describe('POST /api/snapshots/extract', () => {
  let demo: DemoFixture;
  let testbed: PgTestbed;
  let server: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    demo = await openDemoFixture({ seed: 21 });
    testbed = await createPgTestbed(demo);
    server = await startTestServer();
    admin = apiClient(server.url);
    await admin.post('/api/setup', { name: 'boss', password: 'correct horse battery' });
    await admin.post('/api/users', { name: 'edna', password: 'a long password', role: 'editor' });
  });
  afterAll(async () => {
    await server?.stop();
    await testbed?.close();
    demo?.close();
  });

  const sourceUrl = () => `postgres://${testbed.user}@${PG_HOST}:${PG_PORT}/${testbed.database}`;

  it('extracts the period as a job, with the same rows as the source, and keeps the password out of everything shown', async () => {
    const started = await admin.post('/api/snapshots/extract', { source: sourceUrl(), password: PASSWORD, period: '2026-10-01..2026-10-07' });
    expect(started.status).toBe(202);
    const job = await waitForJob(admin, started.body.id);
    expect(job).toMatchObject({ kind: 'snapshot.extract', status: 'succeeded' });
    expect(job.progress.done).toBe(job.progress.total);
    const manifest = (await admin.get(`/api/snapshots/${job.result.snapshot}`)).body;
    expect(manifest).toMatchObject({ source: { kind: 'postgresql', server: `${PG_HOST}:${PG_PORT}`, database: testbed.database }, tables: demo.expected });
    const audit = (await admin.get('/api/audit')).body;
    expect(JSON.stringify(audit)).toContain(`snapshot:${job.result.snapshot}`);
    expect(inspect([started.body, job, manifest, audit], { depth: null })).not.toContain(PASSWORD);
  });

  it('fails the job with the source named, never the password, when the login is refused', async () => {
    const url = `postgres://nobody_here@${PG_HOST}:${PG_PORT}/${testbed.database}`;
    const job = await waitForJob(admin, (await admin.post('/api/snapshots/extract', { source: url, password: PASSWORD, period: '2026-10' })).body.id);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'source_login_failed' } });
    expect(job.error.message).toContain(`refused the login of user "nobody_here"`);
    expect(JSON.stringify(job)).not.toContain(PASSWORD);
  });

  it('fails the job for a period without data, naming it, unless allowEmpty', async () => {
    const refused = await waitForJob(admin, (await admin.post('/api/snapshots/extract', { source: sourceUrl(), period: '2019-01' })).body.id);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'empty_period' } });
    expect(refused.error.message).toContain('has no data for 2019-01');
    const kept = await waitForJob(admin, (await admin.post('/api/snapshots/extract', { source: sourceUrl(), period: '2019-01', allowEmpty: true })).body.id);
    expect(kept.status).toBe('succeeded');
  });

  it('refuses a malformed URL or client range before starting, and anyone but an admin', async () => {
    const badUrl = await admin.post('/api/snapshots/extract', { source: 'ftp://host/db', period: '2026-10' });
    expect(badUrl.body).toMatchObject({ status: 400, code: 'bad_source_url' });
    const badRange = await admin.post('/api/snapshots/extract', { source: sourceUrl(), period: '2026-10', clients: { from: '10a', to: '20' } });
    expect(badRange.status).toBe(400);
    expect(JSON.stringify(badRange.body)).toContain('clients');
    const editor = apiClient(server.url);
    await editor.login('edna', 'a long password');
    expect((await editor.post('/api/snapshots/extract', { source: sourceUrl(), period: '2026-10' })).status).toBe(403);
  });
});
