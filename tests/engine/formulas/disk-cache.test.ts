/**
 * The parsed library kept on disk: read back equal, keyed by the folder's content, and a partial
 * or damaged entry is parsed again and rewritten rather than trusted.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDiskCache } from '../../../engine/formulas/disk-cache.ts';
import { LIBRARY_DIR, loadLibrary } from '../../../engine/formulas/library.ts';

describe('the parsed library kept on disk', () => {
  let dir: string;
  const entries = () => readdirSync(join(dir, 'cache', 'library')).map((name) => join(dir, 'cache', 'library', name));
  const plain = (library: ReturnType<typeof loadLibrary>) => JSON.parse(JSON.stringify(library)) as unknown;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'billing-disk-cache-'));
    useDiskCache(join(dir, 'cache'));
  });
  afterAll(() => {
    useDiskCache(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back what parsing gives, and parses again over a damaged entry', () => {
    const parsed = loadLibrary();
    expect(parsed.errors).toEqual([]);
    expect(entries()).toHaveLength(1);
    expect(plain(loadLibrary())).toEqual(plain(parsed));
    const [entry] = entries() as [string];
    writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 1000));
    expect(plain(loadLibrary())).toEqual(plain(parsed));
    expect(() => JSON.parse(readFileSync(entry, 'utf8'))).not.toThrow();
    writeFileSync(entry, JSON.stringify({ files: [{ path: 'x.yaml', text: 'x', formula: { kind: 'other' } }] }));
    expect(plain(loadLibrary())).toEqual(plain(parsed));
  });

  it('keys an entry by the folder content: an edited formula is parsed anew', () => {
    const copy = join(dir, 'library');
    cpSync(LIBRARY_DIR, copy, { recursive: true });
    const file = join(copy, 'legacy', 'calls', 'SelSecDuration.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^sql: \|\n/m, 'sql: |\n  -- edited\n'));
    const before = entries().length;
    const edited = loadLibrary(copy).formulas.find((f) => f.id === 'SelSecDuration');
    expect(edited?.sql).toMatch(/^-- edited/);
    expect(entries().length).toBe(before + 1);
    expect(loadLibrary(copy).formulas.find((f) => f.id === 'SelSecDuration')?.sql).toBe(edited?.sql);
  });
});
