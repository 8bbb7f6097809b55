/** Small factories for reconciliation tests: a legacy export and our results from plain objects. */
import type { LegacyExport } from '../../../engine/reconcile/legacy-export.ts';
import type { OurResults } from '../../../engine/reconcile/model.ts';

type Values = Readonly<Record<string, string>>;

/** Legacy rows from `[clientNumber, values]`, numbered from row 2 (row 1 is the header). */
export function legacyOf(
  rows: readonly (readonly [string, Values])[],
  statistics: readonly string[] = Object.keys(rows[0]?.[1] ?? {}),
  extra: Partial<LegacyExport> = {},
): LegacyExport {
  return {
    kind: 'legacy-export',
    file: 'oct.csv',
    format: 'csv',
    statistics,
    unknownColumns: [],
    missingStatistics: [],
    rows: rows.map(([clientNumber, values], i) => ({ row: i + 2, clientNumber, values: new Map(Object.entries(values)) })),
    displayDifferences: [],
    ...extra,
  };
}

export function oursOf(clients: readonly (readonly [string, Values])[], variant: 'legacy' | 'consensus' = 'legacy'): OurResults {
  return {
    variant,
    clients: clients.map(([clientNumber, values], i) => ({
      clientNumber,
      cltID: i + 1,
      clientName: `Client ${clientNumber}`,
      values: new Map(Object.entries(values)),
    })),
  };
}
