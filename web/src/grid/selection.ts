/**
 * The active cell and the selected range, in the grid's index space: rows in view order, columns
 * with the three pinned client columns first. Shift extends from the anchor; anything else moves both.
 */
import { createSignal } from 'solid-js';

export interface Cell {
  readonly row: number;
  readonly column: number;
}

export interface CellRange {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export function rangeOf(a: Cell, b: Cell): CellRange {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.column, b.column), right: Math.max(a.column, b.column) };
}

export function createSelection(size: () => { rows: number; columns: number }) {
  const [active, setActive] = createSignal<Cell>({ row: 0, column: 0 });
  const [anchor, setAnchor] = createSignal<Cell>({ row: 0, column: 0 });

  const clamp = (cell: Cell): Cell => {
    const { rows, columns } = size();
    return { row: Math.max(0, Math.min(rows - 1, cell.row)), column: Math.max(0, Math.min(columns - 1, cell.column)) };
  };

  return {
    active,
    anchor,
    range: () => rangeOf(anchor(), active()),
    /** Moves the active cell to `cell`; with `extend`, keeps the anchor so the range grows. */
    select(cell: Cell, extend = false) {
      const next = clamp(cell);
      setActive(next);
      if (!extend) setAnchor(next);
    },
    /** Keeps the selection inside the grid after rows or columns went away. */
    clampToSize() {
      setActive(clamp(active()));
      setAnchor(clamp(anchor()));
    },
    isSelected(row: number, column: number): boolean {
      const r = rangeOf(anchor(), active());
      return row >= r.top && row <= r.bottom && column >= r.left && column <= r.right;
    },
  };
}

export type Selection = ReturnType<typeof createSelection>;
