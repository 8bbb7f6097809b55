import { describe, expect, it } from 'vitest';
import { formatValue, unitLabel, type DurationDisplay } from '../../../web/src/grid/units.ts';
import type { Unit } from '../../../web/src/api/types.ts';

describe('how the grid shows a value', () => {
  const check = (raw: string, unit: Unit, display: DurationDisplay, expected: string, grouping = false) =>
    expect(formatValue(raw, unit, display, { grouping }), `${raw} ${unit} as ${display}`).toBe(expected);

  it('shows durations in seconds as seconds, h:mm:ss or minutes, and leaves every other unit alone', () => {
    check('3725', 'seconds', 'seconds', '3725');
    check('3725', 'seconds', 'hms', '1:02:05');
    check('59', 'seconds', 'hms', '0:00:59');
    check('360000', 'seconds', 'hms', '100:00:00');
    check('-61', 'seconds', 'hms', '-0:01:01');
    check('90', 'seconds', 'minutes', '1.50');
    check('3725', 'count', 'minutes', '3725');
  });

  it('shows durations counted in IS ticks (100 ns) or milliseconds in the unit the user chose, exactly', () => {
    check('12345678', 'ticks', 'seconds', '1.2345678');
    check('37250000000', 'ticks', 'hms', '1:02:05');
    check('900000000', 'ticks', 'minutes', '1.50');
    check('-15000000', 'ticks', 'seconds', '-1.5');
    check('5', 'ticks', 'seconds', '0.0000005');
    check('0', 'ticks', 'seconds', '0');
    check('12345678901234567890', 'ticks', 'seconds', '1,234,567,890,123.456789', true);
    check('3725', 'milliseconds', 'seconds', '3.725');
    check('3725000', 'milliseconds', 'hms', '1:02:05');
    check('2.5', 'milliseconds', 'seconds', '0.0025');
  });

  it('groups thousands on the exact string, keeping every decimal digit', () => {
    check('1234567', 'count', 'seconds', '1,234,567', true);
    check('-1234567.123456789012345', 'seconds', 'seconds', '-1,234,567.123456789012345', true);
    check('999', 'count', 'seconds', '999', true);
    check('1234567', 'count', 'seconds', '1234567');
  });

  it('labels the unit in the column header', () => {
    expect(unitLabel('seconds', 'hms')).toBe('h:mm:ss');
    expect(unitLabel('seconds', 'minutes')).toBe('min');
    expect(unitLabel('seconds', 'seconds')).toBe('s');
    expect(unitLabel('count', 'hms')).toBe('#');
    expect(unitLabel('ticks', 'seconds')).toBe('s');
    expect(unitLabel('milliseconds', 'hms')).toBe('h:mm:ss');
  });
});
