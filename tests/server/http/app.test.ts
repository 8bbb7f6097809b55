import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/http/app.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';

const freshWorkspace = (): Workspace => resolveWorkspace(mkdtempSync(join(tmpdir(), 'billing-')));
const appOn = (workspace: Workspace) => createApp({ workspace, version: 'test' });

describe('the HTTP app', () => {
  let workspace: Workspace;
  let manifest: Manifest;

  beforeAll(async () => {
    workspace = freshWorkspace();
    manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 1 });
  });

  afterAll(() => {
    if (workspace) rmSync(workspace.root, { recursive: true, force: true });
  });

  it('reports health with the version and the number of snapshots', async () => {
    const response = await appOn(workspace).request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: 'test', snapshots: 1 });
  });

  it('reports zero snapshots on an empty workspace', async () => {
    const empty = freshWorkspace();
    try {
      const response = await appOn(empty).request('/api/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', version: 'test', snapshots: 0 });
    } finally {
      rmSync(empty.root, { recursive: true, force: true });
    }
  });

  it('lists the snapshots of the workspace', async () => {
    const response = await appOn(workspace).request('/api/snapshots');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { snapshots: Manifest[] };
    expect(body.snapshots.map((m) => m.id)).toEqual(['demo-tiny-2026-10']);
    expect(body.snapshots[0]).toEqual(manifest);
  });

  it('returns the manifest of one snapshot by id', async () => {
    const response = await appOn(workspace).request(`/api/snapshots/${manifest.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(manifest);
  });

  it('answers an unknown snapshot with a 404 problem document naming the id', async () => {
    const response = await appOn(workspace).request('/api/snapshots/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', title: 'not_found', status: 404, code: 'not_found' });
    expect(body.detail).toContain('"nope"');
  });

  it('answers a malformed snapshot id with a 404 problem document', async () => {
    const response = await appOn(workspace).request('/api/snapshots/..%2Fetc');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });

  it('answers an unknown route with a 404 not_found problem document', async () => {
    const response = await appOn(workspace).request('/api/no-such-route');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
    expect(body.detail).toContain('GET /api/no-such-route');
  });

  it('serves an HTML landing page listing the snapshot ids', async () => {
    const response = await appOn(workspace).request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Call Theory Billing');
    expect(html).toContain(manifest.id);
    expect(html).toContain('test');
  });
});
