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
    check('3725', 'milliseconds', 'hms', '3725');
    check('3725', 'count', 'minutes', '3725');
  });

  it('groups thousands on the exact string, keeping every decimal digit', () => {
    check('1234567', 'count', 'seconds', '1,234,567', true);
    check('-1234567.123456789012345', 'ticks', 'seconds', '-1,234,567.123456789012345', true);
    check('999', 'count', 'seconds', '999', true);
    check('1234567', 'count', 'seconds', '1234567');
  });

  it('labels the unit in the column header', () => {
    expect(unitLabel('seconds', 'hms')).toBe('h:mm:ss');
    expect(unitLabel('seconds', 'minutes')).toBe('min');
    expect(unitLabel('seconds', 'seconds')).toBe('s');
    expect(unitLabel('count', 'hms')).toBe('#');
  });
});
