import { describe, expect, it } from 'vitest';
import { periodText, quantityText, shortDecimal } from '../../web/src/runs/numbers.ts';

describe('quantities and periods on invoices', () => {
  const check = (input: string, expected: string) => expect(quantityText(input), input).toBe(expected);

  it('groups thousands and keeps every decimal of an exact quantity', () => {
    check('0', '0');
    check('129', '129');
    check('1234', '1,234');
    check('1234567.5', '1,234,567.5');
    check('-1234.25', '−1,234.25');
    check('0.000001', '0.000001');
  });

  it('cuts a long exact decimal to six places for reading, keeping the whole value for the hover', () => {
    expect(shortDecimal('52.0666666666666666666666666666666667')).toEqual({ text: '52.066666…', exact: '52.0666666666666666666666666666666667' });
    expect(shortDecimal('4546')).toEqual({ text: '4,546', exact: undefined });
    expect(shortDecimal('1.123456')).toEqual({ text: '1.123456', exact: undefined });
    expect(shortDecimal('-1234.1234567')).toEqual({ text: '−1,234.123456…', exact: '-1234.1234567' });
  });

  it('shows a period by its first and last day', () => {
    expect(periodText({ start: '2026-10-01', end: '2026-10-31' })).toBe('2026-10-01 – 2026-10-31');
    expect(periodText({ start: '2026-10-01T00:00:00', end: '2026-10-07T23:59:59.997' })).toBe('2026-10-01 – 2026-10-07');
  });
});
