/**
 * Ctrl/Cmd+C on the grid: the selected cells as tab-separated values, the format every spreadsheet
 * pastes into cells. Rows not loaded yet are fetched first (then the copy goes through the async
 * Clipboard API, since the copy event is over by then).
 */
import { csvCell } from '../../../engine/csv-cell.ts';
import type { GridModel } from './grid-model.ts';
import { cellText } from './cell-text.ts';
import type { CellRange } from './selection.ts';

/** The range as TSV, or null while some of its rows are still loading. */
export function rangeAsTsv(model: GridModel, range: CellRange): string | null {
  const lines: string[] = [];
  for (let viewRow = range.top; viewRow <= range.bottom; viewRow++) {
    const row = model.rowAt(viewRow);
    if (!row) return null;
    const cells: string[] = [];
    // Pasted into a spreadsheet, text starting with = + - @ would run as a formula: neutralised as in every CSV we write.
    for (let column = range.left; column <= range.right; column++) cells.push(csvCell(cellText(model, row, column).replace(/[\t\r\n]+/g, ' ')));
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

export function describeRange(range: CellRange): string {
  const rows = range.bottom - range.top + 1;
  const columns = range.right - range.left + 1;
  return rows * columns === 1 ? '1 cell' : `${rows.toLocaleString('en-US')} × ${columns.toLocaleString('en-US')} cells`;
}

/** Handles the copy event; returns what to tell the user. */
export function copySelection(model: GridModel, event: ClipboardEvent): Promise<string> | string {
  const range = model.selection.range();
  const tsv = rangeAsTsv(model, range);
  event.preventDefault();
  if (tsv !== null && event.clipboardData) {
    event.clipboardData.setData('text/plain', tsv);
    return `Copied ${describeRange(range)}`;
  }
  return model.ensureRows(range.top, range.bottom).then(async () => {
    const loaded = rangeAsTsv(model, range);
    if (loaded === null) return 'Some rows could not be loaded; nothing was copied';
    await navigator.clipboard.writeText(loaded);
    return `Copied ${describeRange(range)}`;
  });
}
