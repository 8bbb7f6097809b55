/**
 * How a value is shown. Values arrive as exact decimal strings; durations (units `seconds`,
 * `milliseconds` and IS `ticks` of 100 ns) are shown as seconds, h:mm:ss or minutes, as the user
 * prefers, whatever unit the formula counts in. Grouping separators are for the eye
 * only: copy and export leave them out so spreadsheets read the numbers.
 */
import type { Unit } from '../api/types.ts';

export type DurationDisplay = 'seconds' | 'hms' | 'minutes';

export const DURATION_DISPLAYS: readonly { readonly value: DurationDisplay; readonly label: string }[] = [
  { value: 'seconds', label: 'seconds' },
  { value: 'hms', label: 'h:mm:ss' },
  { value: 'minutes', label: 'minutes' },
];

/** Decimal places from each duration unit to seconds: 1 tick is 10^-7 s. */
const TO_SECONDS: Readonly<Record<Exclude<Unit, 'count'>, number>> = { seconds: 0, milliseconds: 3, ticks: 7 };

export function isDuration(unit: Unit): unit is Exclude<Unit, 'count'> {
  return unit !== 'count';
}

/**
 * @example formatValue('3725', 'seconds', 'hms') === '1:02:05'
 * @example formatValue('12345678', 'ticks', 'seconds') === '1.2345678'
 * @example formatValue('1234567', 'count', 'hms', { grouping: true }) === '1,234,567'
 */
export function formatValue(raw: string, unit: Unit, display: DurationDisplay, { grouping = false } = {}): string {
  if (!isDuration(unit)) return grouping ? groupDigits(raw) : raw;
  const seconds = shiftLeft(raw, TO_SECONDS[unit]);
  if (display === 'hms') return hms(Number(seconds));
  if (display === 'minutes') return (Number(seconds) / 60).toFixed(2);
  return grouping ? groupDigits(seconds) : seconds;
}

/** The short unit label shown in a column header. */
export function unitLabel(unit: Unit, display: DurationDisplay): string {
  if (!isDuration(unit)) return '#';
  return display === 'hms' ? 'h:mm:ss' : display === 'minutes' ? 'min' : 's';
}

/** Whether a column's values are shown in another unit than the formula's (so an export names the unit). */
export function shownInOtherUnit(unit: Unit, display: DurationDisplay): boolean {
  return isDuration(unit) && !(unit === 'seconds' && display === 'seconds');
}

/**
 * Divides an exact decimal string by 10^places without going through a binary float.
 *
 * @example shiftLeft('-1500', 3) === '-1.5'
 */
function shiftLeft(raw: string, places: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!match || places === 0) return raw;
  const digits = `${match[2]}${match[3] ?? ''}`.padStart(places + 1 + (match[3]?.length ?? 0), '0');
  const point = digits.length - places - (match[3]?.length ?? 0);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return match[1] && text !== '0' ? `-${text}` : text;
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
