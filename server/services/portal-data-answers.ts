/**
 * What keeps the portal fast with many client users at once. A client user's answer depends only
 * on their grant, the portal's settings, the active release and the periods' snapshots and runs,
 * all immutable or versioned, so an answer is kept under exactly those and served again until one
 * of them changes. Reads of the workspace database that every request needs (settings, release,
 * periods) are shared by the requests that arrive while one is under way (`sharedRead`).
 */
import { createHash } from 'node:crypto';
import type { PortalPeriod } from './portal-data-periods.ts';
import { grantKey } from './portal-data-scopes.ts';

/** A read that requests arriving while it runs share, instead of each starting its own. */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

export interface AnswerLimits {
  readonly entries: number;
  readonly bytes: number;
}

/** 50 users' pages at a few KB each, and their CSV files, with room to spare. */
export const defaultAnswerLimits: AnswerLimits = { entries: 4096, bytes: 64 * 2 ** 20 };

export interface Answers {
  /** The answer kept under `key`, or `compute`'s, kept (least recently used dropped past the limits). */
  remember<T>(key: readonly unknown[], compute: () => Promise<T>, size: (answer: T) => number): Promise<T>;
}

export function answerCache(limits: AnswerLimits = defaultAnswerLimits): Answers {
  const kept = new Map<string, { answer: Promise<unknown>; bytes: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.bytes;
  };
  return {
    async remember(parts, compute, size) {
      const key = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
      const found = kept.get(key);
      if (found) {
        kept.delete(key);
        kept.set(key, found);
        return found.answer as Promise<Awaited<ReturnType<typeof compute>>>;
      }
      const answer = compute();
      const entry = { answer: answer as Promise<unknown>, bytes: 0 };
      kept.set(key, entry);
      try {
        const value = await answer;
        entry.bytes = size(value);
        bytes += entry.bytes;
        while (kept.size > limits.entries || bytes > limits.bytes) drop(kept.keys().next().value as string);
        return value;
      } catch (error) {
        // An error is not kept: the same request may succeed later (a snapshot made meanwhile).
        drop(key);
        throw error;
      }
    },
  };
}

/** What an answer depends on besides its own query: the user's grant and view, the release, the periods. */
export function answerKey(
  page: string,
  query: unknown,
  ask: { readonly grant: Parameters<typeof grantKey>[0]; readonly view: unknown },
  release: string,
  periods: readonly PortalPeriod[],
): unknown[] {
  return [page, query, grantKey(ask.grant), ask.view, release, periods.map((p) => [p.period, p.snapshot.id, p.snapshot.contentHash, p.run])];
}

/** An answer's size in bytes, as kept (its JSON text). */
export const jsonBytes = (answer: unknown): number => JSON.stringify(answer).length;
