/** Exact decimal quantities for people: thousands grouped, the decimals kept as they are ("12345.5" -> "12,345.5"). */
export function quantityText(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A date as the documents carry it (YYYY-MM-DD), or a dash while there is none. */
export function dateText(date: string | null): string {
  return date ?? '—';
}

/** A run's billing period: "2026-10-01 – 2026-10-31". */
export function periodText(period: { readonly start: string; readonly end: string }): string {
  return `${period.start.slice(0, 10)} – ${period.end.slice(0, 10)}`;
}
