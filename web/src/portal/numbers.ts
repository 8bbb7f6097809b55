/** Exact decimal text for people: thousands grouped, the decimals as given ("12345.5" → "12,345.5"). */
export function numberText(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A statistic's value with its unit, one of a plural unit said in the singular: "1,204 calls", "1 call". */
export function quantityText(value: string, unit: string): string {
  if (!unit) return numberText(value);
  const one = /^1(\.0*)?$/.test(value) && unit.endsWith('s') && !unit.endsWith('ss');
  return `${numberText(value)} ${one ? unit.slice(0, -1) : unit}`;
}
