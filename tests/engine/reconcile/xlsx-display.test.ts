import { describe, expect, it } from 'vitest';
import { displayedIfDifferent } from '../../../engine/reconcile/xlsx-display.ts';

/** One line per number format: the stored value, the format, and what the sheet shows when that is another number. */
function check(stored: string, numFmt: string | undefined, shown: string | undefined): void {
  expect(displayedIfDifferent(stored, numFmt), `${stored} as ${numFmt}`).toBe(shown);
}

describe('displayedIfDifferent', () => {
  it('says nothing when the format shows the stored number', () => {
    check('1234', undefined, undefined);
    check('1234', 'General', undefined);
    check('1234', '@', undefined);
    check('1234', '0', undefined);
    check('1234', '#,##0', undefined);
    check('12.5', '0.00', undefined);
    check('-1234', '#,##0;(#,##0)', undefined);
    check('0', '#,##0;(#,##0);"-"', undefined);
    check('45000', 'yyyy-mm-dd', undefined);
  });

  it('shows the number a person reads when the format rounds, scales or multiplies it', () => {
    check('12.4', '0', '12');
    check('12.5', '0', '13');
    check('-12.5', '0', '-13');
    check('1234.567', '#,##0.00', '1,234.57');
    check('-1234.4', '#,##0;(#,##0)', '(1,234)');
    check('-1234.4', '#,##0;[Red]\\(#,##0\\)', '(1,234)');
    check('0.5', '0%', '50%');
    check('1500', '#,##0,', '2');
    check('0.30000000000000004', '0.00', '0.30');
  });
});
