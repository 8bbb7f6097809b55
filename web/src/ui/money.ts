/** Exact decimal text for people: thousands grouped, two decimals at least, the sign kept ("-1234.5" -> "-1,234.50"). */
export function moneyText(text: string, { signed = false }: { signed?: boolean } = {}): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = negative ? '−' : signed && !/^[0.]*$/.test(whole + fraction) ? '+' : '';
  return `${sign}${grouped}.${fraction.padEnd(2, '0')}`;
}

/** -1, 0 or 1 for an exact decimal text. */
export function signOf(text: string): -1 | 0 | 1 {
  if (/^[-+]?[0.]*$/.test(text)) return 0;
  return text.startsWith('-') ? -1 : 1;
}
