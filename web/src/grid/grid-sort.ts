/**
 * Sorting by a column. The server pages rows by ClientNumber, so sorting fetches the one sort
 * column for every client (up to {@link SORT_LIMIT}) and keeps the order as a permutation of
 * server indices; the rows themselves still load page by page. Ties keep ClientNumber order.
 */
import { createEffect, createMemo, createSignal, on } from 'solid-js';
import { asProblem, call, endpoints, type Problem } from '../api/client.ts';
import type { GridRow } from '../api/types.ts';
import type { PinnedColumn } from './layout.ts';
import type { SourceParams } from './grid-source.ts';

export const SORT_LIMIT = 5000;

export type SortKey = { readonly kind: 'pinned'; readonly key: PinnedColumn['key'] } | { readonly kind: 'statistic'; readonly id: string };

export interface SortState {
  readonly by: SortKey;
  readonly direction: 'asc' | 'desc';
}

export function sameKey(a: SortKey, b: SortKey): boolean {
  return a.kind === 'pinned' ? b.kind === 'pinned' && a.key === b.key : b.kind === 'statistic' && a.id === b.id;
}

interface SortOptions {
  readonly params: () => SourceParams;
  readonly total: () => number;
  /** A statistic the server knows, to fetch the client list with when sorting by a draft-only column. */
  readonly anyServerColumn: () => string | undefined;
  readonly isServerColumn: (id: string) => boolean;
  /** The value the grid shows for a client: the editor's draft values first. */
  readonly valueOf: (row: GridRow, id: string) => string;
}

export function createSort(options: SortOptions) {
  const [state, setState] = createSignal<SortState | null>(null);
  const [rows, setRows] = createSignal<readonly GridRow[] | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let request = 0;

  const fetchRows = async (sort: SortState): Promise<void> => {
    const { snapshot, search } = options.params();
    const column = sort.by.kind === 'statistic' && options.isServerColumn(sort.by.id) ? sort.by.id : options.anyServerColumn();
    const mine = ++request;
    setBusy(true);
    try {
      const page = await call(endpoints.grid, { query: { snapshot, search, columns: column, limit: SORT_LIMIT } });
      if (mine === request) setRows(page.rows);
    } catch (error) {
      if (mine === request) {
        setProblem(asProblem(error));
        setState(null);
      }
    } finally {
      if (mine === request) setBusy(false);
    }
  };

  // A new snapshot or search changes the rows: sort them again.
  createEffect(
    on(
      options.params,
      () => {
        setRows(null);
        const sort = state();
        if (sort) void fetchRows(sort);
      },
      { defer: true },
    ),
  );

  /** Server indices in view order, or null when unsorted (view order is server order). */
  const order = createMemo((): readonly number[] | null => {
    const sort = state();
    const all = rows();
    if (!sort || !all) return null;
    const keyOf = sortKeyReader(sort.by, options.valueOf);
    const keys = all.map(keyOf);
    const sign = sort.direction === 'asc' ? 1 : -1;
    return all.map((_, i) => i).sort((a, b) => sign * compareKeys(keys[a] as SortValue, keys[b] as SortValue) || a - b);
  });

  return {
    state,
    order,
    busy,
    problem,
    /** Ascending, then descending, then unsorted. */
    toggle(by: SortKey): void {
      setProblem(null);
      const current = state();
      if (options.total() > SORT_LIMIT) {
        setProblem({
          status: 0,
          code: 'too_many_rows',
          detail: `Sorting needs every row; ${options.total().toLocaleString('en-US')} clients is more than ${SORT_LIMIT.toLocaleString('en-US')}. Narrow the client search first.`,
        });
        return;
      }
      const next: SortState | null =
        !current || !sameKey(current.by, by) ? { by, direction: 'asc' } : current.direction === 'asc' ? { by, direction: 'desc' } : null;
      setState(next);
      if (next && (!current || !sameKey(current.by, by) || !rows())) void fetchRows(next);
    },
  };
}

type SortValue = number | string;

function sortKeyReader(by: SortKey, valueOf: SortOptions['valueOf']): (row: GridRow) => SortValue {
  if (by.kind === 'statistic') return (row) => Number(valueOf(row, by.id));
  if (by.key === 'clientNumber') return (row) => Number(row.clientNumber);
  return (row) => row[by.key].toLowerCase();
}

function compareKeys(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
