/**
 * Compares a legacy export with our results by ClientNumber x statistic: equal, within tolerance
 * or mismatch; clients on one side only; client numbers on several legacy rows. Values are exact
 * decimals; equal text is equal without parsing (most cells), other pairs are compared as decimals
 * so that "12.0" equals "12".
 */
import { Decimal } from 'decimal.js';
import { be200Statistics } from '../be200/columns.ts';
import { value } from '../diff/delta.ts';
import type { LegacyExport, LegacyRow } from './legacy-export.ts';
import type { ClientOnlyInLegacy, ClientOnlyInOurs, DuplicateClient, OurClient, OurResults, Reconciliation, Variance } from './model.ts';
import { exactTolerances, isWithin, toleranceFor, type Tolerances } from './tolerance.ts';

/**
 * @example compareWithLegacy(await importLegacyExport(bytes, 'oct.csv'), ourResultsFromReport(report, 'legacy'))
 *   // { clientsCompared: 20, variances: [{ clientNumber: '1004', statistic: 'SecCalls', status: 'mismatch', ... }], ... }
 */
export function compareWithLegacy(legacy: LegacyExport, ours: OurResults, tolerances: Tolerances = exactTolerances): Reconciliation {
  const inFile = new Set(legacy.statistics);
  const statistics = be200Statistics.map((column) => column.name).filter((name) => inFile.has(name));
  const { firstRows, duplicates } = groupRows(legacy.rows);
  const ourClients = new Map(ours.clients.map((client) => [client.clientNumber, client]));
  const variances: Variance[] = [];
  const onlyInLegacy: ClientOnlyInLegacy[] = [];
  let clientsCompared = 0;
  for (const row of firstRows.values()) {
    const client = ourClients.get(row.clientNumber);
    if (!client) {
      onlyInLegacy.push({
        kind: 'only-in-legacy',
        clientNumber: row.clientNumber,
        row: row.row,
        ...(row.clientName ? { clientName: row.clientName } : {}),
        nonZero: countNonZero(row.values.values()),
      });
      continue;
    }
    clientsCompared++;
    compareClient(row, client, statistics, tolerances, variances);
  }
  const onlyInOurs: ClientOnlyInOurs[] = ours.clients
    .filter((client) => !firstRows.has(client.clientNumber))
    .map((client) => ({
      kind: 'only-in-ours',
      clientNumber: client.clientNumber,
      cltID: client.cltID,
      clientName: client.clientName,
      nonZero: countNonZero(client.values.values()),
    }));
  const named = new Set([...variances.map((v) => v.clientNumber), ...duplicates.map((d) => d.clientNumber)]);
  const clientNames: Record<string, string> = {};
  for (const clientNumber of named) {
    const name = ourClients.get(clientNumber)?.clientName || firstRows.get(clientNumber)?.clientName;
    if (name) clientNames[clientNumber] = name;
  }
  return {
    kind: 'reconciliation',
    legacy: { file: legacy.file, format: legacy.format, ...(legacy.exportedAt ? { exportedAt: legacy.exportedAt } : {}), rows: legacy.rows.length },
    variant: ours.variant,
    statistics,
    clientsCompared,
    variances,
    onlyInLegacy,
    onlyInOurs,
    duplicates,
    unknownColumns: legacy.unknownColumns,
    missingStatistics: legacy.missingStatistics,
    displayDifferences: legacy.displayDifferences,
    staleAcceptances: [],
    ...(legacy.mappedColumns && legacy.mappedColumns.length > 0 ? { mappedColumns: legacy.mappedColumns } : {}),
    clientNames,
  };
}

function compareClient(row: LegacyRow, client: OurClient, statistics: readonly string[], tolerances: Tolerances, into: Variance[]): void {
  for (const statistic of statistics) {
    const before = row.values.get(statistic) as string;
    const after = client.values.get(statistic) ?? '0';
    if (before === after) continue;
    const legacyValue = new Decimal(before);
    const ourValue = new Decimal(after);
    if (legacyValue.eq(ourValue)) continue;
    into.push({
      kind: 'variance',
      clientNumber: row.clientNumber,
      statistic,
      row: row.row,
      status: isWithin(legacyValue, ourValue, toleranceFor(tolerances, statistic)) ? 'within' : 'mismatch',
      delta: { key: [row.clientNumber, statistic], before: value(before), after: value(after), change: ourValue.minus(legacyValue).toFixed() },
    });
  }
}

/** The first row of each client number, and the client numbers found on more than one row. */
function groupRows(rows: readonly LegacyRow[]): { firstRows: Map<string, LegacyRow>; duplicates: DuplicateClient[] } {
  const byClient = new Map<string, LegacyRow[]>();
  for (const row of rows) {
    const list = byClient.get(row.clientNumber);
    if (list) list.push(row);
    else byClient.set(row.clientNumber, [row]);
  }
  const firstRows = new Map<string, LegacyRow>();
  const duplicates: DuplicateClient[] = [];
  for (const [clientNumber, list] of byClient) {
    const [first] = list as [LegacyRow, ...LegacyRow[]];
    firstRows.set(clientNumber, first);
    if (list.length > 1) {
      const identical = list.every((row) => sameValues(row.values, first.values));
      duplicates.push({ kind: 'duplicate-client', clientNumber, rows: list.map((row) => row.row), identical });
    }
  }
  return { firstRows, duplicates };
}

function sameValues(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, text]) => b.has(key) && new Decimal(text).eq(b.get(key) as string));
}

function countNonZero(values: Iterable<string>): number {
  let count = 0;
  for (const text of values) if (!/^-?0*\.?0*$/.test(text)) count++;
  return count;
}
