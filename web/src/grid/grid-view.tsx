/**
 * The scrolling grid. One scroll container holds a canvas the size of the whole table; only the
 * rows and columns in view are rendered (see layout.ts), and the rows they need are fetched. It
 * owns the keyboard (keyboard.ts), the mouse selection, and Ctrl/Cmd+C (copy-tsv.ts).
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount } from 'solid-js';
import { copySelection } from './copy-tsv.ts';
import type { GridModel } from './grid-model.ts';
import { GridHeader } from './grid-header.tsx';
import { cellId, GridRowView } from './grid-row.tsx';
import { moveFor } from './keyboard.ts';
import { HEADER_HEIGHT, PINNED, PINNED_WIDTH, rangeIndices, ROW_HEIGHT, scrollToReveal, visibleRows, visibleStatColumns, type Viewport } from './layout.ts';
import type { Cell } from './selection.ts';

export interface GridViewProps {
  readonly model: GridModel;
  /** Enter, or a click: explain the active cell. */
  readonly onExplain: (via: 'keyboard' | 'click') => void;
  /** E or F2: edit the formula of the active cell's column. */
  readonly onEdit: () => void;
  readonly onStatus: (text: string) => void;
  /** Lets the workbench give the grid the focus back (Escape in the editor). */
  readonly registerFocus: (focus: () => void) => void;
}

export function GridView(props: GridViewProps) {
  const model = props.model;
  let viewport!: HTMLDivElement;
  const [view, setView] = createSignal<Viewport>({ top: 0, left: 0, width: 1200, height: 700 });
  const rows = createMemo(() => rangeIndices(visibleRows(view(), model.rowCount())));
  const statColumns = createMemo(() => rangeIndices(visibleStatColumns(view(), model.geometry())));
  const width = () => PINNED_WIDTH + model.geometry().total;
  const pageRows = () => Math.max(1, Math.floor((view().height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  // Fetch the pages of the rows on screen (and only those: scrolling past a page does not queue it).
  createEffect(() => model.source.want(rows().map(model.serverIndex)));
  createEffect(on([() => model.rowCount(), () => model.columnCount()], () => model.selection.clampToSize()));

  const measure = () => setView({ top: viewport.scrollTop, left: viewport.scrollLeft, width: viewport.clientWidth, height: viewport.clientHeight });
  let frame = 0;
  const onScroll = () => {
    if (!frame)
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
  };

  const isRevealed = (viewport: Viewport, cell: Cell): boolean => {
    const next = scrollToReveal(viewport, cell.row, cell.column, model.geometry());
    return next.top === viewport.top && next.left === viewport.left;
  };
  const reveal = (cell: Cell) => {
    const next = scrollToReveal(view(), cell.row, cell.column, model.geometry());
    if (next.top !== viewport.scrollTop || next.left !== viewport.scrollLeft) {
      viewport.scrollTo(next.left, next.top);
      measure();
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const size = { rows: model.rowCount(), columns: model.columnCount() };
    const move = moveFor(event, model.selection.active(), size, pageRows());
    if (move) {
      event.preventDefault();
      model.selection.select(move.to, move.extend);
      reveal(move.to);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') props.onExplain('keyboard');
    else if (event.key === 'F2' || event.key === 'e') props.onEdit();
    else if (event.key === 'Escape') model.selection.select(model.selection.active());
    else if (event.key === 's') sortByActiveColumn();
    else return;
    event.preventDefault();
  };

  const sortByActiveColumn = () => {
    const column = model.selection.active().column;
    const pinned = PINNED[column];
    const statistic = model.statisticAt(column);
    if (pinned) model.sort.toggle({ kind: 'pinned', key: pinned.key });
    else if (statistic) model.sort.toggle({ kind: 'statistic', id: statistic.id });
  };

  // The copy event goes to the focused element or to the body, depending on the selection: listen on the document.
  const onCopy = (event: ClipboardEvent) => {
    if (document.activeElement !== viewport) return;
    const result = copySelection(model, event);
    if (typeof result === 'string') props.onStatus(result);
    else void result.then(props.onStatus, (error: unknown) => props.onStatus(`Copy failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  let dragging = false;
  const cellAt = (target: EventTarget | null): Cell | null => {
    const element = (target as HTMLElement | null)?.closest?.('[data-row]') as HTMLElement | null;
    return element ? { row: Number(element.dataset.row), column: Number(element.dataset.column) } : null;
  };
  const onPointerDown = (event: PointerEvent) => {
    const cell = cellAt(event.target);
    if (!cell || event.button !== 0) return;
    model.selection.select(cell, event.shiftKey);
    dragging = true;
    viewport.focus({ preventScroll: true });
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!dragging) return;
    const cell = cellAt(event.target);
    if (cell) model.selection.select(cell, true);
  };
  const onPointerUp = (event: PointerEvent) => {
    if (dragging && cellAt(event.target) && !event.shiftKey) props.onExplain('click');
    dragging = false;
  };

  onMount(() => {
    props.registerFocus(() => viewport.focus());
    measure();
    // When the side panel opens the grid narrows: a cell the user just clicked stays in view, not under the panel's edge.
    const observer = new ResizeObserver(() => {
      const active = model.selection.active();
      const wasInView = isRevealed(view(), active);
      measure();
      if (wasInView) reveal(active);
    });
    observer.observe(viewport);
    document.addEventListener('copy', onCopy);
    onCleanup(() => {
      observer.disconnect();
      document.removeEventListener('copy', onCopy);
      cancelAnimationFrame(frame);
    });
  });

  return (
    <div
      ref={viewport}
      class="grid-viewport"
      tabindex={0}
      role="grid"
      aria-label="Statistics per client"
      aria-rowcount={model.rowCount() + 1}
      aria-colcount={model.columnCount()}
      aria-multiselectable="true"
      aria-activedescendant={cellId(model.selection.active().row, model.selection.active().column)}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    >
      <GridHeader model={model} columns={statColumns()} width={width()} />
      <div class="grid-body" style={{ width: `${width()}px`, height: `${model.rowCount() * ROW_HEIGHT}px` }}>
        <For each={rows()}>{(row) => <GridRowView model={model} row={row} columns={statColumns()} width={width()} />}</For>
      </div>
    </div>
  );
}
