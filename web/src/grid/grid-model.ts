/**
 * Everything the grid shows, in one place: rows (paged from the server, in sort order), the
 * statistic columns (grouped, filtered), the values — with the editor's "Run on snapshot" results
 * laid over their column until reverted — and the selection.
 */
import { createMemo, createSignal } from 'solid-js';
import type { GridColumn, GridRow } from '../api/types.ts';
import { matchesFilter, orderByFamily } from './grid-columns.ts';
import { createSort } from './grid-sort.ts';
import { createGridSource, type SourceParams } from './grid-source.ts';
import { clampWidth, columnGeometry, PINNED, STAT_WIDTH } from './layout.ts';
import { createSelection } from './selection.ts';
import type { DurationDisplay } from './units.ts';

/** A column computed by the editor from a formula text, shown instead of (or besides) the release's. */
export interface DraftColumn {
  readonly column: GridColumn;
  /** Value per cltID; a client without one is 0, as in every formula result. */
  readonly values: ReadonlyMap<number, string>;
}

const DISPLAY_KEY = 'ctb.durations';
const WIDTHS_KEY = 'ctb.columnWidths';

/** Column widths the user set, by statistic id; a stored value that is not a width map is ignored. */
function storedWidths(): Readonly<Record<string, number>> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(WIDTHS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function createGridModel(params: () => SourceParams) {
  const source = createGridSource(params);
  const [columnFilter, setColumnFilter] = createSignal('');
  const [drafts, setDrafts] = createSignal<ReadonlyMap<string, DraftColumn>>(new Map());
  const [durations, setDurationsSignal] = createSignal<DurationDisplay>((localStorage.getItem(DISPLAY_KEY) as DurationDisplay | null) ?? 'seconds');

  const serverIds = createMemo(() => new Set(source.columns().map((column) => column.id)));
  const allColumns = createMemo(() => {
    const extra = [...drafts().values()].map((draft) => draft.column).filter((column) => !serverIds().has(column.id));
    // A column the editor ran shows as the draft describes it (title, unit, whether it still reproduces the report).
    const shown = source.columns().map((column) => drafts().get(column.id)?.column ?? column);
    return orderByFamily([...shown, ...extra]);
  });
  const columns = createMemo(() => allColumns().filter((column) => matchesFilter(column, columnFilter())));
  const [widths, setWidths] = createSignal<Readonly<Record<string, number>>>(storedWidths());
  const geometry = createMemo(() => columnGeometry(columns().map((column) => widths()[column.id] ?? STAT_WIDTH)));

  const valueOf = (row: GridRow, id: string): string => {
    const draft = drafts().get(id);
    if (draft) return draft.values.get(row.cltID) ?? '0';
    return row.values[id] ?? '0';
  };

  const sort = createSort({
    params,
    total: source.total,
    anyServerColumn: () => source.columns()[0]?.id,
    isServerColumn: (id) => serverIds().has(id) && !drafts().has(id),
    valueOf,
  });

  /** Server index of the row shown at a view index. */
  const serverIndex = (viewRow: number): number => sort.order()?.[viewRow] ?? viewRow;
  const rowCount = () => source.total();
  const columnCount = () => PINNED.length + columns().length;
  const selection = createSelection(() => ({ rows: rowCount(), columns: columnCount() }));

  return {
    source,
    sort,
    selection,
    columns,
    allColumns,
    columnFilter,
    setColumnFilter,
    /** Where each shown statistic column starts and how wide it is. */
    geometry,
    /** Resizes a statistic's column (remembered in this browser); `undefined` goes back to the default width. */
    setColumnWidth(id: string, width: number | undefined) {
      const next = { ...widths() };
      if (width === undefined) delete next[id];
      else next[id] = clampWidth(width);
      localStorage.setItem(WIDTHS_KEY, JSON.stringify(next));
      setWidths(next);
    },
    durations,
    setDurations(display: DurationDisplay) {
      localStorage.setItem(DISPLAY_KEY, display);
      setDurationsSignal(display);
    },
    rowCount,
    columnCount,
    serverIndex,
    rowAt: (viewRow: number): GridRow | undefined => source.rowAt(serverIndex(viewRow)),
    valueOf,
    /** The statistic column at a grid column index (pinned columns have none). */
    statisticAt: (column: number): GridColumn | undefined => columns()[column - PINNED.length],
    isDraft: (id: string) => drafts().has(id),
    showDraftColumn(draft: DraftColumn) {
      setDrafts((current) => new Map(current).set(draft.column.id, draft));
    },
    revertDraftColumn(id: string) {
      setDrafts((current) => {
        const next = new Map(current);
        next.delete(id);
        return next;
      });
    },
    /** After a release changed the statistics: reload every row, drop the draft columns. */
    reload() {
      setDrafts(new Map());
      source.reload();
    },
    /** Loads the rows of view indices [from, to] (for copy and export). */
    ensureRows: (from: number, to: number) => {
      const indices: number[] = [];
      for (let row = from; row <= to; row++) indices.push(serverIndex(row));
      return source.ensure(indices);
    },
  };
}

export type GridModel = ReturnType<typeof createGridModel>;
