/**
 * Snapshot files in the workspace: `snapshots/<id>/data.duckdb` plus `snapshots/<id>/manifest.json`.
 * A snapshot is written in a hidden partial folder and renamed into place only when complete, so a
 * writer killed midway leaves no snapshot; its leftovers are swept on the next use. Once in place
 * the data file is read-only and always opened READ_ONLY.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SnapshotError } from '../errors.ts';
import { formatStamp, type Period } from '../period.ts';
import { tables } from '../schema/index.ts';
import { tableStats } from './checksums.ts';
import { contentHashOf, manifestSchema, type Manifest, type SnapshotSource } from './manifest.ts';
import { assertUnlocked, ensureWorkspace, isAlive, type Workspace } from './workspace.ts';

const DATA_FILE = 'data.duckdb';
const MANIFEST_FILE = 'manifest.json';
const PARTIAL_PREFIX = '.partial-';

export interface SnapshotRequest {
  /** A readable base for the id, e.g. `demo-small-2026-10`; a suffix is added when taken. */
  readonly idBase: string;
  readonly source: SnapshotSource;
  readonly period: Period;
  readonly clients?: { readonly from: string; readonly to: string } | null;
  /** Fills the IS tables of the new snapshot database (the connection's default catalog). */
  /**
   * Writes the tables. `partialDir` is the snapshot's hidden folder, for scratch files that must
   * go with it if the writer fails or dies (they must be removed before `fill` returns).
   */
  readonly fill: (connection: DuckDBConnection, partialDir: string) => Promise<void>;
  /** Extra facts to record once the tables are complete (e.g. the demo's edge-case counts). */
  readonly describe?: (connection: DuckDBConnection) => Promise<Pick<Manifest, 'edgeCases' | 'warnings'>>;
  readonly now?: () => Date;
}

/** Writes a new snapshot atomically and returns its manifest. */
export async function createSnapshot(workspace: Workspace, request: SnapshotRequest): Promise<Manifest> {
  const now = request.now ?? (() => new Date());
  ensureWorkspace(workspace);
  assertUnlocked(workspace);
  sweepPartialSnapshots(workspace);
  const id = freeId(workspace, request.idBase);
  // A folder of its own, even for two writers of the same id base in one process (two jobs at once).
  const folder = `${PARTIAL_PREFIX}${id}.${randomUUID().slice(0, 8)}-${process.pid}`;
  const partialDir = join(workspace.snapshotsDir, folder);
  writing.add(folder);
  reserved.add(join(workspace.snapshotsDir, id));
  const started = Date.now();
  try {
    mkdirSync(partialDir);
    const instance = await DuckDBInstance.create(join(partialDir, DATA_FILE));
    let manifest: Manifest;
    const connection = await instance.connect();
    try {
      await request.fill(connection, partialDir);
      const stats = await tableStats(connection, tables);
      const extra = (await request.describe?.(connection)) ?? {};
      await connection.run('CHECKPOINT');
      manifest = manifestSchema.parse({
        formatVersion: 1,
        id,
        source: request.source,
        period: { start: formatStamp(request.period.start), end: formatStamp(request.period.end) },
        clients: request.clients ?? null,
        createdAt: now().toISOString(),
        tables: stats,
        contentHash: contentHashOf(stats),
        ...extra,
        elapsedMs: Date.now() - started,
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    writeFileSync(join(partialDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    chmodSync(join(partialDir, DATA_FILE), 0o444);
    renameSync(partialDir, join(workspace.snapshotsDir, id)); // the commit point
    return manifest;
  } catch (error) {
    rmSync(partialDir, { recursive: true, force: true });
    throw toSnapshotError(error, workspace);
  } finally {
    writing.delete(folder);
    reserved.delete(join(workspace.snapshotsDir, id));
  }
}

/**
 * Removes at once the partial folders this process is writing (source data included): for a
 * second Ctrl-C, which exits without waiting for the writers to clean up after themselves.
 */
export function abandonPartialSnapshots(workspace: Workspace): void {
  for (const folder of writing) rmSync(join(workspace.snapshotsDir, folder), { recursive: true, force: true });
}

/** Partial folders this process is writing now: never swept, whatever their pid says. */
const writing = new Set<string>();
/** Snapshot folders this process is about to commit: their ids are taken. */
const reserved = new Set<string>();

/** Every complete snapshot, oldest first. */
export function listSnapshots(workspace: Workspace): Manifest[] {
  if (!existsSync(workspace.snapshotsDir)) return [];
  return readdirSync(workspace.snapshotsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .filter((entry) => existsSync(join(workspace.snapshotsDir, entry.name, MANIFEST_FILE)))
    .map((entry) => readManifest(workspace, entry.name))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export function readManifest(workspace: Workspace, id: string): Manifest {
  const file = join(snapshotDir(workspace, id), MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SnapshotError('not_found', `No snapshot "${id}" in ${workspace.snapshotsDir}. Run "billing snapshot list" to see the snapshots.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError('corrupt_snapshot', `${file}: not valid JSON (${(error as Error).message}).`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SnapshotError('corrupt_snapshot', `${file}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function deleteSnapshot(workspace: Workspace, id: string): void {
  assertUnlocked(workspace);
  readManifest(workspace, id); // not_found when absent
  rmSync(snapshotDir(workspace, id), { recursive: true, force: true });
}

export interface OpenSnapshot {
  readonly manifest: Manifest;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Opens a snapshot read-only: any write through this connection fails. */
export async function openSnapshot(workspace: Workspace, id: string): Promise<OpenSnapshot> {
  const manifest = readManifest(workspace, id);
  const instance = await DuckDBInstance.create(snapshotDataFile(workspace, id), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  return {
    manifest,
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function snapshotDataFile(workspace: Workspace, id: string): string {
  return join(snapshotDir(workspace, id), DATA_FILE);
}

function snapshotDir(workspace: Workspace, id: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new SnapshotError('not_found', `"${id}" is not a snapshot id.`);
  return join(workspace.snapshotsDir, id);
}

function freeId(workspace: Workspace, base: string): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  for (let n = 1; ; n++) {
    const id = n === 1 ? clean : `${clean}-${n}`;
    const folder = join(workspace.snapshotsDir, id);
    if (!existsSync(folder) && !reserved.has(folder)) return id;
  }
}

/**
 * Removes partial folders whose writer is gone (killed, crashed): they never became snapshots. A
 * folder is the writer's while its process lives; in this process, while it is being written (a
 * folder with our pid that no one here writes is a leftover of an earlier process with that pid).
 */
export function sweepPartialSnapshots(workspace: Workspace): void {
  if (!existsSync(workspace.snapshotsDir)) return;
  for (const entry of readdirSync(workspace.snapshotsDir)) {
    if (!entry.startsWith(PARTIAL_PREFIX) || writing.has(entry)) continue;
    const pid = Number(entry.slice(entry.lastIndexOf('-') + 1));
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(workspace.snapshotsDir, entry), { recursive: true, force: true });
  }
}

function toSnapshotError(error: unknown, workspace: Workspace): unknown {
  if (error instanceof SnapshotError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException)?.code === 'ENOSPC' || /no space left on device|disk is full/i.test(message)) {
    return new SnapshotError('disk_full', `The disk holding ${workspace.snapshotsDir} is full: the snapshot was not written and nothing was kept.`, {
      cause: error,
    });
  }
  return error;
}
