/**
 * The Hono application: thin routes over snapshots/ and engine/. No business logic here.
 */
import { Hono } from 'hono';
import { listSnapshots, readManifest } from '../../snapshots/store/snapshot-store.ts';
import type { Workspace } from '../../snapshots/store/workspace.ts';
import { problem, problemResponse } from './problem.ts';
import { landingPage } from './landing-page.ts';

export interface AppOptions {
  readonly workspace: Workspace;
  readonly version: string;
}

export function createApp({ workspace, version }: AppOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => problemResponse(error, c));
  app.notFound((c) => problem(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}`));

  app.get('/api/health', (c) => c.json({ status: 'ok', version, snapshots: listSnapshots(workspace).length }));
  app.get('/api/snapshots', (c) => c.json({ snapshots: listSnapshots(workspace) }));
  app.get('/api/snapshots/:id', (c) => c.json(readManifest(workspace, c.req.param('id'))));
  app.get('/', (c) => c.html(landingPage(listSnapshots(workspace), version)));
  return app;
}
