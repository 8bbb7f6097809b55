/** When things happen: the days of the window, weekday rhythm and the hour-of-day curve of calls. */
import { DAY_MS, toDatetimeTick, type Period } from '../period.ts';
import type { Random } from './random.ts';

/** Midnight of every day that overlaps the window. */
export function daysOf(window: Period): number[] {
  const days: number[] = [];
  for (let day = Math.floor(window.start / DAY_MS) * DAY_MS; day <= window.end; day += DAY_MS) days.push(day);
  return days;
}

/** Answering services are busiest on weekdays; weekends carry about half the traffic. */
export function weekdayFactor(day: number): number {
  const weekday = new Date(day).getUTCDay();
  return weekday === 0 || weekday === 6 ? 0.55 : 1;
}

/** Relative call volume per hour: office overflow by day, after-hours coverage at night. */
const hourWeights = [2, 1.5, 1, 1, 1, 1.5, 3, 6, 9, 10, 10, 9, 8, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2.5];

/** A stamp on the given day, following the hour-of-day curve, rounded to a `datetime` tick. */
export function timeOfDay(random: Random, day: number): number {
  const hour = random.weighted(hourWeights);
  return toDatetimeTick(day + hour * 3_600_000 + Math.floor(random.next() * 3_600_000));
}

/** A stamp anywhere in the day, uniformly (system traffic does not sleep). */
export function anyTimeOfDay(random: Random, day: number): number {
  return toDatetimeTick(day + Math.floor(random.next() * DAY_MS));
}

/** A moment `afterMs` (give or take) after `stamp`, on a datetime tick. */
export function later(stamp: number, afterMs: number): number {
  return toDatetimeTick(stamp + Math.max(0, afterMs));
}
