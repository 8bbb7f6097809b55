import { describe, expect, it } from 'vitest';
import { parseLegacyNumber } from '../../../engine/reconcile/legacy-number.ts';

/** One line per format: the text a legacy file holds and the exact decimal it means, or the refusal. */
function check(input: string, expected: string | RegExp): void {
  const parsed = parseLegacyNumber(input);
  if (typeof expected === 'string') expect(parsed, JSON.stringify(input)).toEqual({ ok: true, value: expected });
  else expect(parsed.ok ? parsed.value : parsed.reason, JSON.stringify(input)).toMatch(expected);
}

describe('parseLegacyNumber', () => {
  it('reads whole numbers as Crystal writes them', () => {
    check('0', '0');
    check('1234', '1234');
    check('007', '7');
    check('  42  ', '42');
    check('\u00a042\u00a0', '42');
    check('9999999999', '9999999999');
    check('123456789012345678901234', '123456789012345678901234');
  });

  it('reads thousands separators only in groups of three', () => {
    check('1,234', '1234');
    check('12,345,678', '12345678');
    check('1,234.50', '1234.5');
    check('1,23', /decimal comma/);
    check('1,2345', /thousands separator/);
    check('1234,567', /thousands separator/);
    check(',123', /thousands separator/);
  });

  it("reads negatives with a leading minus, in parentheses, or with Crystal's trailing minus", () => {
    check('-12', '-12');
    check('(12)', '-12');
    check('( 1,234 )', '-1234');
    check('12-', '-12');
    check('+12', '12');
    check('-0', '0');
    check('(0)', '0');
    check('(-12)', /not a number/);
    check('--12', /not a number/);
    check('(12', /not a number/);
  });

  it('reads decimals exactly, never through a float', () => {
    check('0.1', '0.1');
    check('12.50', '12.5');
    check('.5', '0.5');
    check('12.', '12');
    check('0.30000000000000004', '0.30000000000000004');
    check('.', /not a number/);
  });

  it('refuses what is not a number instead of reading 0', () => {
    check('', /blank/);
    check('   ', /blank/);
    check('1.23457E+11', /scientific notation/);
    check('1e5', /scientific notation/);
    check('$1,234', /currency/);
    check('#N/A', /spreadsheet error/);
    check('N/A', /not a number/);
    check('12 34', /not a number/);
    check('1.2.3', /not a number/);
  });
});
