/**
 * Rows of the grid from GET /api/grid, fetched in pages of {@link PAGE_SIZE} as they come into
 * view (a few requests at a time, the pages still wanted first), dropped when the snapshot or the
 * client search changes. Indices here are the server's order: by ClientNumber, after the search.
 */
import { createEffect, createSignal, on } from 'solid-js';
import { asProblem, call, endpoints, type Problem } from '../api/client.ts';
import type { GridColumn, GridRow } from '../api/types.ts';

export const PAGE_SIZE = 100;
const MAX_IN_FLIGHT = 3;

export interface SourceParams {
  readonly snapshot: string;
  readonly search: string;
}

export function createGridSource(params: () => SourceParams) {
  const pages = new Map<number, readonly GridRow[]>();
  const inFlight = new Map<number, Promise<void>>();
  let wanted: readonly number[] = [];
  let generation = 0;

  const [revision, setRevision] = createSignal(0);
  const [columns, setColumns] = createSignal<readonly GridColumn[]>([]);
  const [total, setTotal] = createSignal(0);
  const [release, setRelease] = createSignal('');
  const [status, setStatus] = createSignal<'loading' | 'ready' | 'failed'>('loading');
  const [problem, setProblem] = createSignal<Problem | null>(null);

  const load = (page: number): Promise<void> => {
    const running = inFlight.get(page);
    if (running) return running;
    const started = generation;
    const { snapshot, search } = params();
    const promise = call(endpoints.grid, { query: { snapshot, search, offset: page * PAGE_SIZE, limit: PAGE_SIZE } })
      .then((response) => {
        if (started !== generation) return;
        pages.set(page, response.rows);
        if (columns().length === 0 || status() !== 'ready') setColumns(response.columns);
        setTotal(response.total);
        setRelease(response.release);
        setStatus('ready');
        setProblem(null);
        setRevision((n) => n + 1);
      })
      .catch((error: unknown) => {
        if (started !== generation) return;
        setProblem(asProblem(error));
        if (pages.size === 0) setStatus('failed');
      })
      .finally(() => {
        if (inFlight.get(page) === promise) inFlight.delete(page);
        pump();
      });
    inFlight.set(page, promise);
    return promise;
  };

  /** Starts fetching wanted pages while fewer than MAX_IN_FLIGHT requests run. */
  const pump = (): void => {
    for (const page of wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) return;
      if (!pages.has(page) && !inFlight.has(page)) void load(page);
    }
  };

  const reset = (): void => {
    generation++;
    pages.clear();
    inFlight.clear();
    setStatus('loading');
    setProblem(null);
    wanted = [0];
    pump();
  };
  createEffect(on(params, reset));

  return {
    columns,
    total,
    release,
    status,
    problem,
    /** The row at a server index, or undefined while its page loads. Reactive. */
    rowAt(index: number): GridRow | undefined {
      revision();
      return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    },
    /** The rows at these server indices are on screen: fetch their pages, and forget older wishes. */
    want(indices: Iterable<number>): void {
      const next = new Set<number>();
      for (const index of indices) next.add(Math.floor(index / PAGE_SIZE));
      wanted = [...next];
      pump();
    },
    /** Resolves once every row at these server indices is loaded (for copy and export). */
    async ensure(indices: Iterable<number>): Promise<void> {
      const needed = new Set<number>();
      for (const index of indices) needed.add(Math.floor(index / PAGE_SIZE));
      await Promise.all([...needed].filter((page) => !pages.has(page)).map(load));
    },
    /** Drops every page (e.g. after a new release changed the statistics). */
    reload: reset,
  };
}

export type GridSource = ReturnType<typeof createGridSource>;
