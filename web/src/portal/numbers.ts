/** Exact decimal text for people: thousands grouped, the decimals as given ("12345.5" → "12,345.5"). */
export function numberText(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A statistic's value with its unit: "1,204 calls". */
export const quantityText = (value: string, unit: string): string => (unit ? `${numberText(value)} ${unit}` : numberText(value));
