/** The text of a cell as copied or exported: the unit the user chose, no grouping separators. */
import type { GridColumn, GridRow } from '../api/types.ts';
import type { GridModel } from './grid-model.ts';
import { PINNED } from './layout.ts';
import { formatValue } from './units.ts';

export function cellText(model: GridModel, row: GridRow, column: number): string {
  const pinned = PINNED[column];
  if (pinned) return row[pinned.key];
  const statistic = model.statisticAt(column) as GridColumn;
  return statisticText(model, row, statistic);
}

export function statisticText(model: GridModel, row: GridRow, column: GridColumn): string {
  return formatValue(model.valueOf(row, column.id), column.unit, model.durations());
}
