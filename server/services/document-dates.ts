/**
 * The dates an invoice or credit note carries: its own once its run is finalised; a draft's are
 * those it would carry if it were finalised today (the invoice date today, the due date after the
 * payment terms). The document page, the PDF and the accounting export all show these.
 */
import { addDays } from '../../engine/rating/period.ts';

export interface DocumentDates {
  readonly invoiceDate: string;
  readonly dueDate: string;
}

/** @example documentDates({ invoiceDate: null, dueDate: null }, 30, '2026-11-05') // { invoiceDate: '2026-11-05', dueDate: '2026-12-05' } */
export function documentDates(
  document: { readonly invoiceDate: string | null; readonly dueDate: string | null },
  paymentTermsDays: number,
  today: string,
): DocumentDates {
  const invoiceDate = document.invoiceDate ?? today;
  return { invoiceDate, dueDate: document.dueDate ?? addDays(invoiceDate, paymentTermsDays) };
}
