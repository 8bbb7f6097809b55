/** What the reconciliation view asks the server: upload and compare, read the result, accept a variance, the report, the rows behind a cell. */
import { call, endpoints, urlOf } from '../api/client.ts';
import type { ReconciliationResult, Side, SourceRows, Variance } from '../api/types.ts';

export type { ReconciliationResult, Side, SourceRows, Variance };

export interface Upload {
  readonly file: File;
  readonly variant: 'legacy' | 'consensus';
  /** The default tolerance ("0", "abs:1,rel:0.01") and per statistic ("SecCalls" -> "abs:1"). */
  readonly fallback: string;
  readonly byStatistic: Readonly<Record<string, string>>;
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

export async function reconcile(snapshot: string, upload: Upload): Promise<ReconciliationResult> {
  const { id } = await call(endpoints.createReconciliation, {
    body: {
      snapshot,
      fileName: upload.file.name,
      content: await base64Of(upload.file),
      variant: upload.variant,
      tolerances: toleranceOptions(upload),
    },
  });
  return loadReconciliation(id);
}

/** A reconciliation with the acceptances recorded so far (the server reads them back from its audit log). */
export const loadReconciliation = (id: string) => call(endpoints.showReconciliation, { params: { id } });

/** Accepts one variance with a reason (approvers); recorded in the audit log with who and when. */
export const acceptVariance = (id: string, variance: Pick<Variance, 'clientNumber' | 'statistic'>, reason: string) =>
  call(endpoints.acceptVariance, { params: { id }, body: { clientNumber: variance.clientNumber, statistic: variance.statistic, reason } });

/** The report of open variances, findings and acceptances, as the server writes it. */
export const reportUrl = (id: string, format: 'csv' | 'xlsx') => urlOf(endpoints.reconciliationReport, { params: { id }, query: { format } });

/** The same cell (client x statistic) in a newer result, e.g. after a re-compare or an acceptance. */
export const sameCell = (variances: readonly Variance[], cell: Variance | null): Variance | null =>
  variances.find((v) => v.clientNumber === cell?.clientNumber && v.statistic === cell?.statistic) ?? null;

/** Whether a variance still asks for attention: a mismatch nobody accepted. */
export const isOpen = (v: Variance): boolean => v.status === 'mismatch' && !v.acceptance;

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

export const sideText = (side: Side): string => (side.kind === 'value' ? side.value : side.kind === 'absent' ? '(absent)' : `(unknown: ${side.reason})`);
