import { describe, expect, it } from 'vitest';
import { familySpans } from '../../../web/src/grid/grid-columns.ts';
import {
  clampWidth,
  columnGeometry,
  HEADER_HEIGHT,
  MAX_STAT_WIDTH,
  MIN_STAT_WIDTH,
  PINNED_WIDTH,
  ROW_HEIGHT,
  scrollToReveal,
  STAT_WIDTH,
  uniformGeometry,
  visibleRows,
  visibleStatColumns,
} from '../../../web/src/grid/layout.ts';

const viewport = { top: 0, left: 0, width: PINNED_WIDTH + 10 * STAT_WIDTH, height: HEADER_HEIGHT + 20 * ROW_HEIGHT };

describe('the grid renders only what is in view', () => {
  const columns = uniformGeometry(300);

  it('picks the visible rows and columns, with a few more on each side, within the table', () => {
    expect(visibleRows(viewport, 2000)).toEqual({ start: 0, end: 26 });
    expect(visibleRows({ ...viewport, top: 1000 * ROW_HEIGHT }, 2000)).toEqual({ start: 994, end: 1026 });
    expect(visibleRows({ ...viewport, top: 1995 * ROW_HEIGHT }, 2000)).toEqual({ start: 1989, end: 2000 });
    expect(visibleStatColumns(viewport, uniformGeometry(300))).toEqual({ start: 0, end: 12 });
    expect(visibleStatColumns({ ...viewport, left: 100 * STAT_WIDTH }, uniformGeometry(300))).toEqual({ start: 98, end: 112 });
  });

  it('finds the columns in view when some were resized, by their left edges', () => {
    // Column 0 is 400 px wide: at left 0 the view (10 default widths) holds columns 0 to 7.
    const widths = [400, ...Array.from({ length: 99 }, () => STAT_WIDTH)];
    expect(visibleStatColumns(viewport, columnGeometry(widths))).toEqual({ start: 0, end: 10 });
    expect(visibleStatColumns({ ...viewport, left: 400 + 50 * STAT_WIDTH }, columnGeometry(widths))).toEqual({ start: 49, end: 63 });
    expect(visibleStatColumns(viewport, columnGeometry([]))).toEqual({ start: 0, end: 0 });
  });

  it('reveals a wide column whole, and keeps dragged widths within bounds', () => {
    const geometry = columnGeometry([STAT_WIDTH, 300, STAT_WIDTH]);
    const narrow = { ...viewport, width: PINNED_WIDTH + 2 * STAT_WIDTH };
    expect(scrollToReveal(narrow, 0, 3 + 1, geometry)).toEqual({ top: 0, left: STAT_WIDTH + 300 - 2 * STAT_WIDTH });
    expect(clampWidth(10)).toBe(MIN_STAT_WIDTH);
    expect(clampWidth(10_000)).toBe(MAX_STAT_WIDTH);
    expect(clampWidth(150.6)).toBe(151);
  });

  it('scrolls just enough to reveal a cell below the header and right of the client columns', () => {
    expect(scrollToReveal(viewport, 5, 5, columns)).toEqual({ top: 0, left: 0 });
    expect(scrollToReveal(viewport, 20, 3, columns)).toEqual({ top: ROW_HEIGHT, left: 0 });
    expect(scrollToReveal({ ...viewport, top: 50 * ROW_HEIGHT }, 10, 3, columns)).toEqual({ top: 10 * ROW_HEIGHT, left: 0 });
    expect(scrollToReveal(viewport, 0, 3 + 10, columns)).toEqual({ top: 0, left: STAT_WIDTH });
    // A client column is always in view; going there shows the first statistics again (Home).
    expect(scrollToReveal({ ...viewport, left: 40 * STAT_WIDTH }, 0, 0, columns)).toEqual({ top: 0, left: 0 });
  });

  it('finds the whole run of each family that shows, for the family band', () => {
    const columns = ['calls', 'calls', 'calls', 'messages', 'messages', 'dispatch'].map((family, i) => ({
      id: `S${i}`,
      title: '',
      unit: 'count' as const,
      family,
      variant: 'legacy',
    }));
    expect(familySpans(columns, 1, 5)).toEqual([
      { family: 'calls', first: 0, last: 2 },
      { family: 'messages', first: 3, last: 4 },
    ]);
  });
});
