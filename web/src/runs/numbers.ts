/** Exact decimal quantities for people: thousands grouped, the decimals kept as they are ("12345.5" -> "12,345.5"). */
export function quantityText(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A long exact decimal cut for reading (a modifier's division can give 34 decimals), and the whole
 * value to show on hover; short ones unchanged: "52.0666666666666666667" -> { text: "52.066667…", exact: "52.0666…" }.
 */
export function shortDecimal(text: string, decimals = 6): { readonly text: string; readonly exact: string | undefined } {
  const [whole = '', fraction = ''] = text.split('.');
  if (fraction.length <= decimals) return { text: quantityText(text), exact: undefined };
  return { text: `${quantityText(whole)}.${fraction.slice(0, decimals)}…`, exact: text };
}

/** A date as the documents carry it (YYYY-MM-DD), or a dash while there is none. */
export function dateText(date: string | null): string {
  return date ?? '—';
}

/** A document's date: its own once finalised; a draft's, the one it would carry if finalised today (as its PDF shows). */
export function shownDate(date: string | null, provisional: string | undefined): string {
  if (date !== null) return date;
  return provisional === undefined ? '—' : `${provisional} if finalised today`;
}

/** A run's billing period: "2026-10-01 – 2026-10-31". */
export function periodText(period: { readonly start: string; readonly end: string }): string {
  return `${period.start.slice(0, 10)} – ${period.end.slice(0, 10)}`;
}
