/** Day arithmetic of billing periods: table-first, one line per case. */
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, intersect, monthOf, monthParts, nextPeriod } from '../../../engine/rating/period.ts';

describe('billing period arithmetic', () => {
  it('adds days across month and year ends and leap days', () => {
    const check = (day: string, days: number, expected: string) => expect(addDays(day, days), `${day} + ${days}`).toBe(expected);
    check('2026-10-31', 1, '2026-11-01');
    check('2026-12-31', 1, '2027-01-01');
    check('2028-02-28', 1, '2028-02-29');
    check('2026-03-01', -1, '2026-02-28');
  });

  it('finds the first day some months on, and the calendar month of a day', () => {
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 12)).toBe('2027-01-01');
    expect(monthOf('2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });

  it('cuts a range into its calendar months', () => {
    expect(
      monthParts({ start: '2026-10-16', end: '2026-11-15' }).map(({ part, month }) => [part.start, part.end, daysBetween(month.start, month.end)]),
    ).toEqual([
      ['2026-10-16', '2026-10-31', 31],
      ['2026-11-01', '2026-11-15', 30],
    ]);
  });

  it('gives the next period: the next calendar months, or the same number of days', () => {
    const check = (start: string, end: string, expected: [string, string]) =>
      expect(nextPeriod({ start, end }), `${start}..${end}`).toEqual({ start: expected[0], end: expected[1] });
    check('2026-10-01', '2026-10-31', ['2026-11-01', '2026-11-30']);
    check('2026-01-01', '2026-01-31', ['2026-02-01', '2026-02-28']);
    check('2026-10-01', '2026-12-31', ['2027-01-01', '2027-03-31']);
    check('2026-10-01', '2026-10-07', ['2026-10-08', '2026-10-14']);
    check('2026-10-16', '2026-11-15', ['2026-11-16', '2026-12-16']);
  });

  it('intersects a range with dates, open-ended or not', () => {
    const october = { start: '2026-10-01', end: '2026-10-31' };
    expect(intersect(october, '2026-10-11', undefined)).toEqual({ start: '2026-10-11', end: '2026-10-31' });
    expect(intersect(october, '2020-01-01', '2026-10-14')).toEqual({ start: '2026-10-01', end: '2026-10-14' });
    expect(intersect(october, '2026-11-01', undefined)).toBeUndefined();
  });
});
