/**
 * What the reconciliation view asks the server: upload and compare, the kept reconciliations, one
 * of them, compare its file again, accept a variance or a column, map a column, the report, the
 * rows behind a cell.
 */
import { call, endpoints, urlOf } from '../api/client.ts';
import type { ReconciliationListItem, ReconciliationResult, Side, SourceRows, Variance } from '../api/types.ts';

export type { ReconciliationListItem, ReconciliationResult, Side, SourceRows, Variance };

export interface Upload {
  readonly file: File;
  readonly variant: 'legacy' | 'consensus';
  /** The default tolerance ("0", "abs:1,rel:0.01") and per statistic ("SecCalls" -> "abs:1"). */
  readonly fallback: string;
  readonly byStatistic: Readonly<Record<string, string>>;
  /** When the file was made, if it does not say (`2026-11-02T08:00`); empty when unknown. */
  readonly exportedAt?: string;
}

export function toleranceOptions(upload: Pick<Upload, 'fallback' | 'byStatistic'>): string[] {
  return [
    ...(upload.fallback.trim() ? [upload.fallback.trim()] : []),
    ...Object.entries(upload.byStatistic)
      .filter(([, v]) => v.trim())
      .map(([s, v]) => `${s}=${v.trim()}`),
  ];
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Uploads the file and compares it; the id of the kept reconciliation. */
export async function reconcile(snapshot: string, upload: Upload): Promise<string> {
  const { id } = await call(endpoints.createReconciliation, {
    body: {
      snapshot,
      fileName: upload.file.name,
      content: await base64Of(upload.file),
      variant: upload.variant,
      tolerances: toleranceOptions(upload),
      ...(upload.exportedAt ? { exportedAt: upload.exportedAt } : {}),
    },
  });
  return id;
}

/** The same file compared again (other tolerances, another snapshot of the period, a column mapped): the new reconciliation's id. */
export async function reconcileAgain(id: string, changes: { tolerances?: string[]; snapshot?: string }): Promise<string> {
  return (await call(endpoints.reconcileAgain, { params: { id }, body: changes })).id;
}

/** A kept reconciliation with the acceptances of its period applied. */
export const loadReconciliation = (id: string) => call(endpoints.showReconciliation, { params: { id } });

/** The kept reconciliations, newest first, each with its status as it stands now. */
export const listReconciliations = async (): Promise<ReconciliationListItem[]> => (await call(endpoints.listReconciliations, { query: {} })).reconciliations;

/** Accepts a column the file lacks or names differently, with a reason (approvers). */
export const acceptColumn = (id: string, column: { finding: 'missing' | 'unknown'; column: string }, reason: string) =>
  call(endpoints.acceptColumn, { params: { id }, body: { ...column, reason } });

/** Saves what an unknown column of this file layout holds (editors); compare again to read it so. */
export const mapColumn = (id: string, header: string, statistic: string) => call(endpoints.mapColumn, { params: { id }, body: { header, statistic } });

/** The tolerances of a kept reconciliation as the form edits them: the default and per statistic. */
export function tolerancesOf(specs: readonly string[]): Pick<Upload, 'fallback' | 'byStatistic'> {
  const byStatistic: Record<string, string> = {};
  let fallback = '0';
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at < 0) fallback = spec;
    else byStatistic[spec.slice(0, at)] = spec.slice(at + 1);
  }
  return { fallback, byStatistic };
}

/** Accepts one variance with a reason (approvers); it holds in every reconciliation of the period while its values hold. */
export const acceptVariance = (id: string, variance: Pick<Variance, 'clientNumber' | 'statistic'>, reason: string) =>
  call(endpoints.acceptVariance, { params: { id }, body: { clientNumber: variance.clientNumber, statistic: variance.statistic, reason } });

/** The report of open variances, findings and acceptances, as the server writes it. */
export const reportUrl = (id: string, format: 'csv' | 'xlsx') => urlOf(endpoints.reconciliationReport, { params: { id }, query: { format } });

/** The same cell (client x statistic) in a newer result, e.g. after a re-compare or an acceptance. */
export const sameCell = (variances: readonly Variance[], cell: Pick<Variance, 'clientNumber' | 'statistic'> | null | undefined): Variance | null =>
  variances.find((v) => v.clientNumber === cell?.clientNumber && v.statistic === cell?.statistic) ?? null;

/** Whether a variance still asks for attention: a mismatch nobody accepted. */
export const isOpen = (v: Variance): boolean => v.status === 'mismatch' && !v.acceptance;

/** Which variances the matrix shows. */
export type StatusFilter = 'open' | 'unexplained' | 'explained' | 'accepted' | 'all';

export const STATUS_FILTERS: readonly { readonly id: StatusFilter; readonly label: string }[] = [
  { id: 'open', label: 'Open mismatches' },
  { id: 'unexplained', label: 'Unexplained' },
  { id: 'explained', label: 'Explained' },
  { id: 'accepted', label: 'Accepted' },
  { id: 'all', label: 'All variances' },
];

const explained = (v: Variance) => v.explanation !== undefined && v.explanation.category !== 'unexplained';

export function matchesFilter(v: Variance, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'accepted') return !!v.acceptance;
  if (!isOpen(v)) return false;
  return filter === 'open' || (filter === 'explained') === explained(v);
}

/** A decimal with thousands separators, exactly as given otherwise: "-12345.5" → "-12,345.5". */
export function formatNumber(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}${(match[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${match[3] ?? ''}`;
}

/** The cltID of a client number (the rows-behind-a-cell route takes the snapshot's id). */
export async function cltIdOf(snapshot: string, clientNumber: string, statistic: string): Promise<number> {
  const page = await call(endpoints.grid, { query: { snapshot, search: clientNumber, columns: statistic, limit: 50 } });
  const row = page.rows.find((r) => r.clientNumber === clientNumber);
  if (!row) throw new Error(`client ${clientNumber} is not in snapshot ${snapshot}`);
  return row.cltID;
}

/** The snapshot rows behind our value of a cell; a statistic no row query can explain is an error saying why. */
export async function sourceRows(snapshot: string, clientNumber: string, statistic: string): Promise<Extract<SourceRows, { kind: 'source-rows' }>> {
  const client = await cltIdOf(snapshot, clientNumber, statistic);
  const found = await call(endpoints.sourceRows, { query: { snapshot, formula: statistic, client, limit: 100 } });
  if (found.kind === 'no-row-query') throw new Error(found.reason);
  return found;
}

export const sideText = (side: Side): string =>
  side.kind === 'value' ? formatNumber(side.value) : side.kind === 'absent' ? '(absent)' : `(unknown: ${side.reason})`;
