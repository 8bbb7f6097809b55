/**
 * Test support for the services: a fresh workspace with a tiny demo snapshot, its database with the
 * shipped library as the active release (as the server seeds it), and stored documents.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { type ActiveLibrary, libraryLoader } from '../../../server/context.ts';
import type { RunDeps } from '../../../server/services/billing-runs.ts';
import { storedDocuments } from '../../../server/services/documents.ts';
import type { LifecycleDeps } from '../../../server/services/run-lifecycle.ts';
import { openPerUse, type SnapshotSessions } from '../../../server/services/snapshot-sessions.ts';
import { databaseFile, type Database, openDatabase } from '../../../server/store/database.ts';
import { type DocumentKind, saveDocument } from '../../../server/store/documents.ts';
import { seedLibrary } from '../../../server/store/seed.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import type { Manifest } from '../../../snapshots/store/manifest.ts';
import { ensureWorkspace, resolveWorkspace, type Workspace } from '../../../snapshots/store/workspace.ts';
import { PROJECT_ROOT } from '../../support/project.ts';

export interface ServiceWorkspace {
  readonly dir: string;
  readonly workspace: Workspace;
  readonly manifest: Manifest;
  readonly db: Database;
  readonly library: ActiveLibrary;
  readonly snapshots: SnapshotSessions;
  /** Saves a new version of a setup or scenario as `author`. */
  saveDocument(kind: DocumentKind, name: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export const NOW = new Date('2026-11-05T09:00:00Z');

/**
 * What billing runs and their lifecycle need of a service workspace, with a clock a second further
 * on each reading: runs are made one after another, as in use.
 */
export function runDepsOf(ws: ServiceWorkspace): RunDeps & LifecycleDeps {
  let tick = 0;
  return { workspace: ws.workspace, snapshots: ws.snapshots, documents: storedDocuments(ws.db), db: ws.db, now: () => new Date(NOW.getTime() + 1000 * tick++) };
}

/** The text of a file in examples/. */
export const example = (name: string): string => readFileSync(join(PROJECT_ROOT, 'examples', name), 'utf8');

export async function serviceWorkspace(seed = 7): Promise<ServiceWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-services-'));
  const workspace = resolveWorkspace(join(dir, 'ws'));
  ensureWorkspace(workspace);
  const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed });
  const db = await openDatabase(databaseFile(workspace));
  await seedLibrary(db, loadLibrary().files, 'shipped-test', NOW);
  const library = await libraryLoader(db, workspace, () => NOW)();
  const versions = new Map<string, number>();
  return {
    dir,
    workspace,
    manifest,
    db,
    library,
    snapshots: openPerUse(workspace),
    async saveDocument(kind, name, text) {
      const key = `${kind}:${name}`;
      const saved = await db.transaction((tx) => saveDocument(tx, kind, name, text, versions.get(key) ?? 0, 'tester', NOW));
      versions.set(key, saved.version);
    },
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
