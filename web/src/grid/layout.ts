/**
 * Geometry of the virtualised grid: a fixed row height, so the visible rows are a division away,
 * and statistic columns of a default width that the user may resize, so the visible columns are a
 * binary search over their left edges, whatever the table's size.
 */

export const ROW_HEIGHT = 28;
export const FAMILY_BAND_HEIGHT = 22;
/** Room for a statistic's title on two lines and its unit under it. */
export const HEADER_HEIGHT = FAMILY_BAND_HEIGHT + 46;
export const STAT_WIDTH = 118;
export const MIN_STAT_WIDTH = 56;
export const MAX_STAT_WIDTH = 480;
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

/** Where each statistic column starts and how wide it is: left edges are cumulative widths. */
export interface ColumnGeometry {
  readonly count: number;
  readonly left: (index: number) => number;
  readonly width: (index: number) => number;
  /** All statistic columns together. */
  readonly total: number;
}

/**
 * @example columnGeometry([100, 50]).left(1) === 100
 */
export function columnGeometry(widths: readonly number[]): ColumnGeometry {
  const lefts: number[] = [];
  let total = 0;
  for (const width of widths) {
    lefts.push(total);
    total += width;
  }
  return { count: widths.length, left: (index) => lefts[index] ?? total, width: (index) => widths[index] ?? STAT_WIDTH, total };
}

/** Every column at the default width. */
export function uniformGeometry(count: number): ColumnGeometry {
  return columnGeometry(Array.from({ length: count }, () => STAT_WIDTH));
}

/** A column width the user dragged to, kept within bounds and whole pixels. */
export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_STAT_WIDTH, Math.max(MIN_STAT_WIDTH, width)));
}

/** Statistic columns (0-based among statistics) that show between the pinned columns and the right edge. */
export function visibleStatColumns(viewport: Viewport, columns: ColumnGeometry): Range {
  if (columns.count === 0) return { start: 0, end: 0 };
  const first = columnAt(columns, viewport.left) - OVERSCAN_COLUMNS;
  // The column holding the last visible pixel, hence the 1.
  const last = columnAt(columns, viewport.left + viewport.width - PINNED_WIDTH - 1) + 1 + OVERSCAN_COLUMNS;
  return { start: Math.max(0, first), end: Math.min(columns.count, Math.max(0, last)) };
}

/** The column under horizontal position `x` of the statistics area (the last one beyond the end). */
function columnAt(columns: ColumnGeometry, x: number): number {
  let low = 0;
  let high = columns.count - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (columns.left(middle) <= x) low = middle;
    else high = middle - 1;
  }
  return low;
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
export function scrollToReveal(viewport: Viewport, row: number, column: number, columns: ColumnGeometry): { top: number; left: number } {
  let { top, left } = viewport;
  const rowTop = row * ROW_HEIGHT;
  if (rowTop < top) top = rowTop;
  else if (HEADER_HEIGHT + rowTop + ROW_HEIGHT > top + viewport.height) top = HEADER_HEIGHT + rowTop + ROW_HEIGHT - viewport.height;
  const stat = column - PINNED.length;
  // On a client column, show the first statistics too (Home goes back to the start of the table).
  if (stat < 0) left = 0;
  else {
    const x = columns.left(stat);
    const width = columns.width(stat);
    if (x < left) left = x;
    else if (PINNED_WIDTH + x + width > left + viewport.width) left = PINNED_WIDTH + x + width - viewport.width;
  }
  return { top: Math.max(0, top), left: Math.max(0, left) };
}
