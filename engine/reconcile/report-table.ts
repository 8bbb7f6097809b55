/**
 * A reconciliation as a table for people: one row per client x statistic variance (legacy value,
 * ours, difference, status, explanation, who accepted it and why), then the findings that are not
 * about one cell (clients on one side only, duplicate rows, unknown and missing columns, cells a
 * workbook shows differently, stale acceptances). Accepted variances are a table of their own.
 */
import { be200Statistics } from '../be200/columns.ts';
import { type ColumnAcceptance, type OurResults, type Reconciliation, sideText, type Variance } from './model.ts';

export const REPORT_HEADER = [
  'ClientNumber',
  'ClientName',
  'Statistic',
  'Legacy',
  'Ours',
  'Difference',
  'Status',
  'Category',
  'Explanation',
  'Evidence',
  'AcceptedBy',
  'AcceptedAt',
  'AcceptedWhy',
  'AcceptedIn',
  'LegacyRow',
] as const;

export type ReportRow = readonly string[];

export interface ReconciliationTable {
  readonly header: readonly string[];
  /** Open variances (in client and report order), then the other findings. */
  readonly rows: readonly ReportRow[];
  readonly accepted: readonly ReportRow[];
}

const POSITION = new Map(be200Statistics.map((column) => [column.name, column.position]));

/** @example reconciliationTable(reconciliation, ours).rows[0] // ['1004', 'Acme', 'SecCalls', '12', '13', '1', 'mismatch', 'unexplained', ...] */
export function reconciliationTable(reconciliation: Reconciliation, ours?: OurResults): ReconciliationTable {
  const names = new Map([
    ...Object.entries(reconciliation.clientNames ?? {}),
    ...(ours?.clients ?? []).filter((client) => client.clientName).map((client) => [client.clientNumber, client.clientName] as const),
  ]);
  const name = (clientNumber: string) => names.get(clientNumber) ?? '';
  const ordered = [...reconciliation.variances].sort(
    (a, b) => Number(a.clientNumber) - Number(b.clientNumber) || (POSITION.get(a.statistic) ?? 0) - (POSITION.get(b.statistic) ?? 0),
  );
  const varianceRow = (v: Variance): ReportRow => [
    v.clientNumber,
    name(v.clientNumber),
    v.statistic,
    sideText(v.delta.before),
    sideText(v.delta.after),
    v.delta.change ?? '',
    v.acceptance ? `accepted ${statusText(v)}${v.carriedOver ? ' (carried over)' : ''}` : statusText(v),
    v.explanation?.category ?? '',
    v.explanation?.text ?? '',
    (v.explanation?.evidence ?? []).join('; '),
    v.acceptance?.by ?? '',
    v.acceptance?.at ?? '',
    v.acceptance?.reason ?? '',
    v.acceptance?.reconciliation ?? '',
    String(v.row),
  ];
  const finding = (
    clientNumber: string,
    clientName: string,
    statistic: string,
    status: string,
    text: string,
    row = '',
    accepted?: ColumnAcceptance,
  ): ReportRow => [
    clientNumber,
    clientName,
    statistic,
    '',
    '',
    '',
    accepted ? `accepted ${status}` : status,
    '',
    text,
    '',
    accepted?.by ?? '',
    accepted?.at ?? '',
    accepted?.reason ?? '',
    accepted?.reconciliation ?? '',
    row,
  ];
  const acceptedColumn = (finding: 'missing' | 'unknown', column: string) =>
    reconciliation.acceptedColumns?.find((a) => a.finding === finding && a.column === column);
  const findings: ReportRow[] = [
    ...reconciliation.onlyInLegacy.map((c) =>
      finding(
        c.clientNumber,
        c.clientName ?? '',
        '',
        'only in legacy',
        `in the legacy file but not in the snapshot; ${c.nonZero} non-zero statistics`,
        String(c.row),
      ),
    ),
    ...reconciliation.onlyInOurs.map((c) =>
      finding(
        c.clientNumber,
        c.clientName,
        '',
        'only in ours',
        `in the snapshot (cltID ${c.cltID}) but not in the legacy file; ${c.nonZero} non-zero statistics`,
      ),
    ),
    ...reconciliation.duplicates.map((d) =>
      finding(
        d.clientNumber,
        name(d.clientNumber),
        '',
        'duplicate rows',
        `on rows ${d.rows.join(', ')} (${d.identical ? 'identical' : 'different values'}); row ${d.rows[0]} was compared`,
        d.rows.join(' '),
      ),
    ),
    ...reconciliation.unknownColumns.map((c) =>
      finding(
        '',
        '',
        c.header,
        'unknown column',
        `column ${c.column} is not a Billing Export 200 statistic and was not compared; map it to a statistic or accept it`,
        '',
        acceptedColumn('unknown', c.header),
      ),
    ),
    ...reconciliation.missingStatistics.map((statistic) =>
      finding(
        '',
        '',
        statistic,
        'missing column',
        'the legacy file has no column for this statistic: it was not compared',
        '',
        acceptedColumn('missing', statistic),
      ),
    ),
    ...(reconciliation.mappedColumns ?? []).map((m) =>
      finding('', '', m.statistic, 'mapped column', `read from the file's column "${m.header}" (a saved column mapping)`),
    ),
    ...reconciliation.displayDifferences.map((d) =>
      finding(
        '',
        '',
        d.statistic,
        'displayed differently',
        `cell ${d.column}${d.row} stores ${d.stored} but shows ${d.displayed}; the stored value was compared`,
        String(d.row),
      ),
    ),
    ...reconciliation.staleAcceptances.map((s) => [
      s.acceptance.clientNumber,
      name(s.acceptance.clientNumber),
      s.acceptance.statistic,
      s.acceptance.legacyValue,
      s.acceptance.ourValue,
      '',
      'acceptance no longer applies',
      '',
      s.why,
      '',
      s.acceptance.by,
      s.acceptance.at,
      s.acceptance.reason,
      s.acceptance.reconciliation ?? '',
      '',
    ]),
  ];
  return {
    header: REPORT_HEADER,
    rows: [...ordered.filter((v) => !v.acceptance).map(varianceRow), ...findings],
    accepted: ordered.filter((v) => v.acceptance).map(varianceRow),
  };
}

const statusText = (v: Variance): string => (v.status === 'within' ? 'within tolerance' : 'mismatch');
