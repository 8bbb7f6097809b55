/**
 * An audit entry's detail as one line for people: a change recorded as [before, after] reads
 * "role: editor → approver"; anything else is shown as compact JSON.
 */
export function auditDetailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object' || Array.isArray(detail)) return JSON.stringify(detail);
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${isChange(value) ? `${text(value[0])} → ${text(value[1])}` : text(value)}`)
    .join('; ');
}

const isChange = (value: unknown): value is [unknown, unknown] => Array.isArray(value) && value.length === 2;
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
