import { describe, it, expect } from 'vitest';
import { SnapshotError } from '../../snapshots/errors.ts';
import { firstDays, formatStamp, parsePeriod, parseStamp, toDatetimeTick, type Period } from '../../snapshots/period.ts';

const shown = (period: Period): [string, string] => [formatStamp(period.start), formatStamp(period.end)];

/** The error `run` throws, failing the test if it returns. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('parsePeriod', () => {
  it.each([
    ['2026-10', '2026-10-01 00:00:00.000', '2026-10-31 23:59:59.997'],
    ['2026-02', '2026-02-01 00:00:00.000', '2026-02-28 23:59:59.997'],
    ['2028-02', '2028-02-01 00:00:00.000', '2028-02-29 23:59:59.997'],
    ['2026-12', '2026-12-01 00:00:00.000', '2026-12-31 23:59:59.997'],
    ['2026-10-01..2026-10-07', '2026-10-01 00:00:00.000', '2026-10-07 23:59:59.997'],
    [' 2026-10 ', '2026-10-01 00:00:00.000', '2026-10-31 23:59:59.997'],
  ])('reads %j as %s .. %s, both ends inclusive', (text, start, end) => {
    expect(shown(parsePeriod(text))).toEqual([start, end]);
  });

  it.each([
    ['2026-13', 'a month that does not exist'],
    ['2026-00', 'month zero'],
    ['2026-1', 'a one-digit month'],
    ['October', 'a month name'],
    ['', 'nothing'],
    ['2026-10-07..2026-10-01', 'an end before the start'],
    ['2026-02-30..2026-03-01', 'a day that is not a date'],
    ['0050-01', 'a year before SQL Server datetime begins'],
    ['1700-01-01..1700-01-31', 'days before SQL Server datetime begins'],
  ])('rejects %j (%s) as a bad period that quotes the input', (text) => {
    const error = thrownBy(() => parsePeriod(text));
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).code).toBe('bad_period');
    expect((error as SnapshotError).message).toContain(`"${text}"`);
  });

  it('ends a month on its last datetime tick, one tick before the next month starts', () => {
    const september = parsePeriod('2026-09');
    const october = parsePeriod('2026-10');
    expect(toDatetimeTick(september.end)).toBe(september.end);
    expect(october.start - september.end).toBe(3);
  });
});

describe('toDatetimeTick', () => {
  const second = Date.UTC(2026, 9, 1, 12, 0, 0);

  // SQL Server datetime keeps 1/300 s: within every 10 ms, .x0-.x1 -> .x0, .x2-.x4 -> .x3,
  // .x5-.x8 -> .x7 and .x9 -> the next .x0 (Microsoft's datetime rounding table).
  it.each([
    ['.000', 0, '12:00:00.000'],
    ['.001', 1, '12:00:00.000'],
    ['.002', 2, '12:00:00.003'],
    ['.004', 4, '12:00:00.003'],
    ['.005', 5, '12:00:00.007'],
    ['.006', 6, '12:00:00.007'],
    ['.008', 8, '12:00:00.007'],
    ['.009', 9, '12:00:00.010'],
    ['.500', 500, '12:00:00.500'],
    ['.997', 997, '12:00:00.997'],
    ['.998', 998, '12:00:00.997'],
    ['.999', 999, '12:00:01.000'],
  ])('rounds %s to the datetime tick shown as %s', (_label, ms, expected) => {
    expect(formatStamp(toDatetimeTick(second + ms))).toBe(`2026-10-01 ${expected}`);
  });

  it('agrees with SQL Server for every millisecond of a second', () => {
    const documented = [0, 0, 3, 3, 3, 7, 7, 7, 7, 10]; // by the last digit of the milliseconds
    for (let ms = 0; ms < 1000; ms += 1) {
      const expected = second + ms - (ms % 10) + (documented[ms % 10] as number);
      expect(toDatetimeTick(second + ms), `.${String(ms).padStart(3, '0')}`).toBe(expected);
    }
  });

  it('rounds .999 of the last second of a year into the next year', () => {
    expect(formatStamp(toDatetimeTick(parseStamp('2026-12-31 23:59:59.999')))).toBe('2027-01-01 00:00:00.000');
  });
});

describe('firstDays', () => {
  it.each([
    [7, '2026-10-07 23:59:59.997'],
    [1, '2026-10-01 23:59:59.997'],
    [31, '2026-10-31 23:59:59.997'],
    [40, '2026-10-31 23:59:59.997'],
  ])('keeps the first %i days of 2026-10, ending %s', (days, end) => {
    expect(shown(firstDays(parsePeriod('2026-10'), days))).toEqual(['2026-10-01 00:00:00.000', end]);
  });
});

describe('parseStamp', () => {
  it.each(['2026-10-01 00:00:00.000', '2026-10-31 23:59:59.997', '2028-02-29 12:34:56.789', '1900-01-01 00:00:00.000'])(
    'reads back %s exactly as formatStamp printed it',
    (text) => {
      expect(formatStamp(parseStamp(text))).toBe(text);
    },
  );

  it('reads a stamp written with a T or without milliseconds', () => {
    expect(formatStamp(parseStamp('2026-10-01T08:30:00'))).toBe('2026-10-01 08:30:00.000');
  });

  it.each(['yesterday', '2026-02-30 00:00:00'])('rejects %j, which is not a timestamp, as a bad period quoting the input', (text) => {
    const error = thrownBy(() => parseStamp(text));
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).code).toBe('bad_period');
    expect((error as SnapshotError).message).toContain(`"${text}"`);
  });
});
