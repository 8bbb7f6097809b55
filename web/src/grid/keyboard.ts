/**
 * Spreadsheet keys: which cell a key moves to. Arrows by one; Ctrl/Cmd+arrow to the edge; Page
 * Up/Down by a screenful; Home/End to the row's first or last column, with Ctrl/Cmd to the first
 * or last row too. Shift extends the selection.
 */
import type { Cell } from './selection.ts';

export interface Move {
  readonly to: Cell;
  readonly extend: boolean;
}

export function moveFor(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey'>,
  from: Cell,
  size: { rows: number; columns: number },
  pageRows: number,
): Move | null {
  const edge = event.ctrlKey || event.metaKey;
  const lastRow = size.rows - 1;
  const lastColumn = size.columns - 1;
  const to = ((): Cell | null => {
    switch (event.key) {
      case 'ArrowUp':
        return { row: edge ? 0 : from.row - 1, column: from.column };
      case 'ArrowDown':
        return { row: edge ? lastRow : from.row + 1, column: from.column };
      case 'ArrowLeft':
        return { row: from.row, column: edge ? 0 : from.column - 1 };
      case 'ArrowRight':
        return { row: from.row, column: edge ? lastColumn : from.column + 1 };
      case 'PageUp':
        return { row: from.row - pageRows, column: from.column };
      case 'PageDown':
        return { row: from.row + pageRows, column: from.column };
      case 'Home':
        return { row: edge ? 0 : from.row, column: 0 };
      case 'End':
        return { row: edge ? lastRow : from.row, column: lastColumn };
      default:
        return null;
    }
  })();
  if (!to) return null;
  return { to: { row: Math.max(0, Math.min(lastRow, to.row)), column: Math.max(0, Math.min(lastColumn, to.column)) }, extend: event.shiftKey };
}
