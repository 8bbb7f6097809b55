/**
 * Geometry of the virtualised grid: fixed row height and statistic column width, so the visible
 * rows and columns are a division away, whatever the table's size.
 */

export const ROW_HEIGHT = 28;
export const FAMILY_BAND_HEIGHT = 22;
export const HEADER_HEIGHT = FAMILY_BAND_HEIGHT + 34;
export const STAT_WIDTH = 118;
/** Rows and columns rendered beyond the viewport, so fast scrolling does not show gaps. */
const OVERSCAN_ROWS = 6;
const OVERSCAN_COLUMNS = 2;

export interface PinnedColumn {
  readonly key: 'clientNumber' | 'name' | 'billingCode';
  readonly title: string;
  readonly width: number;
}

/** The client columns, pinned left. In the grid's column index space they come first (0..2). */
export const PINNED: readonly PinnedColumn[] = [
  { key: 'clientNumber', title: 'Client', width: 84 },
  { key: 'name', title: 'Name', width: 210 },
  { key: 'billingCode', title: 'Billing code', width: 104 },
];
export const PINNED_WIDTH = PINNED.reduce((sum, column) => sum + column.width, 0);
export const PINNED_LEFT: readonly number[] = PINNED.map((_, i) => PINNED.slice(0, i).reduce((sum, column) => sum + column.width, 0));

export interface Range {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface Viewport {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export function visibleRows(viewport: Viewport, rowCount: number): Range {
  const first = Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN_ROWS;
  const last = Math.ceil((viewport.top + viewport.height - HEADER_HEIGHT) / ROW_HEIGHT) + OVERSCAN_ROWS;
  return { start: Math.max(0, first), end: Math.min(rowCount, Math.max(0, last)) };
}

/** Statistic columns (0-based among statistics) that show between the pinned columns and the right edge. */
export function visibleStatColumns(viewport: Viewport, columnCount: number): Range {
  const first = Math.floor(viewport.left / STAT_WIDTH) - OVERSCAN_COLUMNS;
  const last = Math.ceil((viewport.left + viewport.width - PINNED_WIDTH) / STAT_WIDTH) + OVERSCAN_COLUMNS;
  return { start: Math.max(0, first), end: Math.min(columnCount, Math.max(0, last)) };
}

export function rangeIndices(range: Range): number[] {
  const indices: number[] = [];
  for (let i = range.start; i < range.end; i++) indices.push(i);
  return indices;
}

/**
 * The scroll position that brings a cell fully into view (unchanged if it is already), given the
 * header and pinned columns that cover the top and left of the viewport.
 */
export function scrollToReveal(viewport: Viewport, row: number, column: number): { top: number; left: number } {
  let { top, left } = viewport;
  const rowTop = row * ROW_HEIGHT;
  if (rowTop < top) top = rowTop;
  else if (HEADER_HEIGHT + rowTop + ROW_HEIGHT > top + viewport.height) top = HEADER_HEIGHT + rowTop + ROW_HEIGHT - viewport.height;
  const stat = column - PINNED.length;
  // On a client column, show the first statistics too (Home goes back to the start of the table).
  if (stat < 0) left = 0;
  else {
    const x = stat * STAT_WIDTH;
    if (x < left) left = x;
    else if (PINNED_WIDTH + x + STAT_WIDTH > left + viewport.width) left = PINNED_WIDTH + x + STAT_WIDTH - viewport.width;
  }
  return { top: Math.max(0, top), left: Math.max(0, left) };
}
