/**
 * Export the grid as CSV: every client matching the search, in the grid's order, the pinned
 * client columns and the statistic columns that pass the column filter, values in the chosen unit.
 * Fetches just those columns (GET /api/grid?columns=…), up to 5,000 rows a request.
 */
import { call, endpoints } from '../api/client.ts';
import { csvField } from '../../../engine/csv-cell.ts';
import type { GridRow } from '../api/types.ts';
import type { GridModel } from './grid-model.ts';
import { PINNED } from './layout.ts';
import { statisticText } from './cell-text.ts';
import { shownInOtherUnit, unitLabel } from './units.ts';

const CHUNK = 5000;

/** The grid as a table: header and rows as shown (order, columns, units), every client matching the search. */
export async function gridTable(model: GridModel, snapshot: string, search: string): Promise<{ header: string[]; rows: string[][] }> {
  const columns = model.columns();
  const serverIds = columns
    .filter((column) => !model.isDraft(column.id) && model.source.columns().some((known) => known.id === column.id))
    .map((column) => column.id);
  const everyServerColumn = serverIds.length === model.source.columns().length;
  const requested = everyServerColumn ? undefined : (serverIds.length > 0 ? serverIds : [model.source.columns()[0]?.id ?? '']).join(',');
  const rows: GridRow[] = [];
  for (let offset = 0; offset === 0 || offset < model.rowCount(); offset += CHUNK) {
    const page = await call(endpoints.grid, { query: { snapshot, search, columns: requested, offset, limit: CHUNK } });
    rows.push(...page.rows);
    if (page.rows.length < CHUNK) break;
  }
  const order = model.sort.order();
  const inViewOrder = order ? order.map((index) => rows[index] as GridRow) : rows;
  const header = [
    ...PINNED.map((column) => column.title),
    ...columns.map((column) => (shownInOtherUnit(column.unit, model.durations()) ? `${column.id} (${unitLabel(column.unit, model.durations())})` : column.id)),
  ];
  return {
    header,
    rows: inViewOrder.map((row) => [...PINNED.map((column) => row[column.key]), ...columns.map((column) => statisticText(model, row, column))]),
  };
}

export async function exportCsv(model: GridModel, snapshot: string, search: string): Promise<number> {
  const { header, rows } = await gridTable(model, snapshot, search);
  download(
    `${snapshot}-statistics.csv`,
    new Blob([`${[header, ...rows].map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }),
  );
  return rows.length;
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
