/**
 * The workspace database's record of run lifecycles (`run_events`) and of the numbers issued to
 * documents (`document_counters`, `issued_documents`). Events are only ever appended; a number is
 * taken from its series' counter in the transaction that issues it, so numbers are gap-free.
 */
import { z } from 'zod';
import type { DocumentKind } from '../../engine/runs/invoice-documents.ts';
import { lifecycles, type RunEvent, type RunLifecycle } from '../../engine/runs/lifecycle.ts';
import { type Reader, rowMapping, timestamp, type Transaction } from '../store/database.ts';

const eventFromRow = rowMapping(
  z.object({ run_id: z.string(), kind: z.enum(['correction', 'finalise', 'discard']), actor: z.string(), occurred_at: timestamp, detail: z.string() }),
  (row): RunEvent => ({ ...(JSON.parse(row.detail) as object), kind: row.kind, run: row.run_id, actor: row.actor, at: row.occurred_at }) as RunEvent,
);

/** Every run's lifecycle as recorded so far (read inside a transaction to act on it). */
export async function runLifecycles(db: Reader): Promise<(run: string) => RunLifecycle> {
  const rows = await db.all('SELECT run_id, kind, actor, occurred_at, detail FROM run_events ORDER BY seq');
  return lifecycles(rows.map(eventFromRow));
}

export async function appendRunEvent(tx: Transaction, event: RunEvent): Promise<void> {
  const { kind, run, actor, at, ...detail } = event;
  await tx.run(`INSERT INTO run_events VALUES (nextval('ids'), $run, $kind, $actor, $at::TIMESTAMP, $detail)`, {
    run,
    kind,
    actor,
    at,
    detail: JSON.stringify(detail),
  });
}

/** The series a kind of document is numbered in, and how its numbers are written. */
export const SERIES: Readonly<Record<DocumentKind, string>> = { invoice: 'INV', creditNote: 'CN' };

/** @example numberText('INV', 1) // 'INV-000001' */
export const numberText = (series: string, seq: number): string => `${series}-${String(seq).padStart(6, '0')}`;

export interface IssuedDocument {
  readonly number: string;
  readonly kind: DocumentKind;
  readonly run: string;
  readonly account: string;
  /** A credit note: the number of the invoice it credits. */
  readonly credits: string | null;
  readonly total: string;
  readonly currency: string;
}

export type DocumentToIssue = Omit<IssuedDocument, 'number'>;

/** Numbers `documents` in order, each from its series' counter; call inside the transaction that finalises. */
export async function issueNumbers(tx: Transaction, documents: readonly DocumentToIssue[], now: Date): Promise<IssuedDocument[]> {
  const issued: IssuedDocument[] = [];
  for (const document of documents) {
    const series = SERIES[document.kind];
    await tx.run('INSERT INTO document_counters VALUES ($series, 0) ON CONFLICT DO NOTHING', { series });
    await tx.run('UPDATE document_counters SET last = last + 1 WHERE series = $series', { series });
    const [row] = await tx.all('SELECT last FROM document_counters WHERE series = $series', { series });
    const seq = z.coerce.number().parse(row?.last);
    const number = numberText(series, seq);
    await tx.run(`INSERT INTO issued_documents VALUES ($number, $series, $seq, $kind, $run, $account, $credits, $total, $currency, $at::TIMESTAMP)`, {
      number,
      series,
      seq,
      kind: document.kind,
      run: document.run,
      account: document.account,
      credits: document.credits,
      total: document.total,
      currency: document.currency,
      at: now.toISOString(),
    });
    issued.push({ ...document, number });
  }
  return issued;
}

const issuedFromRow = rowMapping(
  z.object({
    number: z.string(),
    kind: z.enum(['invoice', 'creditNote']),
    run_id: z.string(),
    account: z.string(),
    credits: z.string().nullable(),
    total: z.string(),
    currency: z.string(),
  }),
  (row): IssuedDocument => ({
    number: row.number,
    kind: row.kind,
    run: row.run_id,
    account: row.account,
    credits: row.credits,
    total: row.total,
    currency: row.currency,
  }),
);

/** The documents issued to a run, in number order. */
export async function issuedDocuments(db: Reader, run: string): Promise<IssuedDocument[]> {
  const rows = await db.all('SELECT * FROM issued_documents WHERE run_id = $run ORDER BY series, seq', { run });
  return rows.map(issuedFromRow);
}
