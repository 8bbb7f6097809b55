/**
 * Which statistic columns the grid shows, in which order: grouped by family (families in the
 * order the report first uses them, columns in report order within a family), with columns run
 * from the editor added to their family, then filtered by the column search.
 */
import type { GridColumn } from '../api/types.ts';

/** Columns grouped by family, keeping the given order inside each family. */
export function orderByFamily(columns: readonly GridColumn[]): GridColumn[] {
  const families = new Map<string, GridColumn[]>();
  for (const column of columns) {
    const group = families.get(column.family);
    if (group) group.push(column);
    else families.set(column.family, [column]);
  }
  return [...families.values()].flat();
}

/** Every word of the filter must appear in the column's id, title or family. */
export function matchesFilter(column: GridColumn, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${column.id} ${column.title} ${column.family}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** "messagesByAgentType" → "Messages by agent type". */
export function familyLabel(family: string): string {
  const words = family.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (family === 'mergeComm') return 'MergeComm';
  if (family === 'dialouts') return 'Dial-outs';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface FamilySpan {
  readonly family: string;
  /** First and last column index (among statistics) of the family's run of columns. */
  readonly first: number;
  readonly last: number;
}

/** The runs of same-family columns that intersect [start, end). */
export function familySpans(columns: readonly Pick<GridColumn, 'family'>[], start: number, end: number): FamilySpan[] {
  const spans: FamilySpan[] = [];
  let i = start;
  while (i < end) {
    const family = columns[i]?.family as string;
    let first = i;
    while (first > 0 && columns[first - 1]?.family === family) first--;
    let last = i;
    while (last + 1 < columns.length && columns[last + 1]?.family === family) last++;
    spans.push({ family, first, last });
    i = last + 1;
  }
  return spans;
}
