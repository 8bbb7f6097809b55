/**
 * How a value is shown. Values arrive as exact decimal strings; durations (unit `seconds`) can be
 * shown as seconds, h:mm:ss or minutes, as the user prefers. Grouping separators are for the eye
 * only: copy and export leave them out so spreadsheets read the numbers.
 */
import type { Unit } from '../api/types.ts';

export type DurationDisplay = 'seconds' | 'hms' | 'minutes';

export const DURATION_DISPLAYS: readonly { readonly value: DurationDisplay; readonly label: string }[] = [
  { value: 'seconds', label: 'seconds' },
  { value: 'hms', label: 'h:mm:ss' },
  { value: 'minutes', label: 'minutes' },
];

/**
 * @example formatValue('3725', 'seconds', 'hms') === '1:02:05'
 * @example formatValue('1234567', 'count', 'hms', { grouping: true }) === '1,234,567'
 */
export function formatValue(raw: string, unit: Unit, display: DurationDisplay, { grouping = false } = {}): string {
  if (unit === 'seconds' && display === 'hms') return hms(Number(raw));
  if (unit === 'seconds' && display === 'minutes') return (Number(raw) / 60).toFixed(2);
  return grouping ? groupDigits(raw) : raw;
}

/** The short unit label shown in a column header. */
export function unitLabel(unit: Unit, display: DurationDisplay): string {
  if (unit === 'seconds') return display === 'hms' ? 'h:mm:ss' : display === 'minutes' ? 'min' : 's';
  return { count: '#', milliseconds: 'ms', ticks: 'ticks' }[unit];
}

function hms(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const sign = seconds < 0 ? '-' : '';
  const whole = Math.round(Math.abs(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Thousands separators on the exact string, so long decimals keep every digit. */
function groupDigits(raw: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(raw);
  if (!match) return raw;
  return `${match[1]}${(match[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${match[3] ?? ''}`;
}
