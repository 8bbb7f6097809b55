/**
 * What the engine derives from formula text alone (the parsed library, fusion plans), kept on disk
 * between processes, so a command line tool spends its time on the data rather than on parsing 264
 * formula files and planning their fusion again. Each entry is keyed by a hash of everything it
 * is derived from: the input's content and the engine's own code (a changed parser or planner never
 * reads an older entry). Entries are written whole (a file of their own, then renamed) and read
 * defensively: a missing, partial or damaged entry is computed again and rewritten.
 *
 * The folder is the workspace's (server/services/release-library.ts sets it); without one nothing
 * is kept on disk.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let folder: string | undefined;

/** Keeps entries under `dir` from now on (undefined: in memory only). */
export function useDiskCache(dir: string | undefined): void {
  folder = dir;
}

/** Whether entries are kept on disk in this process. */
export function diskCacheOn(): boolean {
  return folder !== undefined;
}

let stamp: string | undefined;

/** Hash of the engine code that parses and plans formulas, and of the DuckDB that writes plans back as SQL. */
export function engineCodeStamp(): string {
  if (stamp) return stamp;
  const hash = createHash('sha256');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, '..', '..', 'snapshots', 'schema')]) {
    for (const name of readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .sort())
      hash.update(`${name}\n`).update(readFileSync(join(dir, name)));
  }
  try {
    hash.update(readFileSync(join(here, '..', '..', 'node_modules', '@duckdb', 'node-api', 'package.json')));
  } catch {
    hash.update('duckdb unknown');
  }
  stamp = hash.digest('hex');
  return stamp;
}

/** The entry of `kind` under `key`, if one was kept and reads back whole and `valid` accepts it. */
export function readCached<T>(kind: string, key: string, valid: (value: unknown) => value is T): T | undefined {
  if (!folder) return undefined;
  const file = entryFile(kind, key);
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (valid(value)) return value;
  } catch {
    // missing, partial or damaged: computed again below and rewritten
  }
  rmSync(file, { force: true });
  return undefined;
}

/** Keeps `value` (plain JSON data) as the entry of `kind` under `key`; a failure to write is no error. */
export function writeCached(kind: string, key: string, value: unknown): void {
  if (!folder || !isPlainJson(value)) return;
  const file = entryFile(kind, key);
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, JSON.stringify(value));
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/** A key from parts: the engine's code stamp and the given content. */
export function cacheKey(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256').update(engineCodeStamp());
  for (const part of parts) hash.update('\0').update(part);
  return hash.digest('hex').slice(0, 40);
}

function entryFile(kind: string, key: string): string {
  return join(folder as string, kind, `${key}.json`);
}

/** Only data that JSON gives back unchanged: no dates, maps, class instances or undefined in arrays. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlainJson(item));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((item) => item === undefined || isPlainJson(item));
  }
  return false;
}
