/**
 * Where the evaluator keeps formula results between evaluations: a least-recently-used cache with
 * two bounds, a number of results and an estimate of the memory they hold. A result is found by
 * its content key (snapshot content, formula content, parameter values; evaluate.ts), so whatever
 * is evicted is only computed again, never wrong.
 */
import type { FormulaResult } from './run.ts';

/** What the evaluator needs of a cache: it does not care how entries are kept or dropped. */
export interface ResultCache {
  get(key: string): FormulaResult | undefined;
  set(key: string, result: FormulaResult): void;
}

/** A cache that keeps nothing: for an evaluation no later one follows, which need not measure and hold its results. */
export const noResultCache: ResultCache = { get: () => undefined, set: () => {} };

export interface ResultCacheLimits {
  /** Results kept at most. */
  readonly maxEntries: number;
  /** Estimated bytes kept at most ({@link estimateResultBytes}). */
  readonly maxBytes: number;
}

export interface BoundedResultCache extends ResultCache {
  /** Results held now, and their estimated bytes. */
  readonly size: number;
  readonly bytes: number;
}

/**
 * A whole results grid is 264 formulas; at 5,000 clients each result is ~0.4 MB, so 256 MiB keep
 * a few grids (two snapshots, or one with a draft and a what-if's parameters) warm, and 10,000
 * entries bound the many small results of tiny snapshots and fixtures.
 */
export const defaultResultCacheLimits: ResultCacheLimits = { maxEntries: 10_000, maxBytes: 256 * 2 ** 20 };

/**
 * Policy: a hit makes a result the most recent; a new result goes in as the most recent, then the
 * least recent are dropped until both bounds hold. A result larger than `maxBytes` on its own is not
 * kept (it would empty the cache and be dropped itself).
 *
 * @example const cache = createResultCache({ maxEntries: 2, maxBytes: 1e6 }); cache.set('a', r1); cache.set('b', r2); cache.get('a'); cache.set('c', r3); // 'b' is dropped
 */
export function createResultCache(limits: ResultCacheLimits = defaultResultCacheLimits): BoundedResultCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recent first.
  const entries = new Map<string, { readonly result: FormulaResult; readonly bytes: number }>();
  let bytes = 0;
  const drop = (key: string): void => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.result;
    },
    set(key, result) {
      drop(key);
      const size = estimateResultBytes(key, result);
      if (size > limits.maxBytes || limits.maxEntries < 1) return;
      entries.set(key, { result, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= limits.maxEntries && bytes <= limits.maxBytes) break;
        drop(oldest);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

/** A result's own overhead (its object, map and key) besides its values. */
const RESULT_BYTES = 200;
/**
 * One client's value: the map entry and the string's header (~64 bytes) plus one byte per
 * character. Measured in Node 20: 77 bytes per entry for 5,000-entry maps of 9-character values.
 */
const VALUE_BYTES = 64;

/** Approximate heap bytes a cached result holds: clients × (entry + value size), plus its key. */
export function estimateResultBytes(key: string, result: FormulaResult): number {
  let bytes = RESULT_BYTES + key.length;
  // forEach, not for-of: an iterator would allocate a step per value, a quarter of a million per report.
  result.values.forEach((value) => {
    bytes += VALUE_BYTES + value.length;
  });
  return bytes;
}
