/** The portal's colour contrast (web/src/portal/contrast.ts): WCAG ratios, the text colour on a brand colour, a colour darkened to read on white. */
import { describe, expect, it } from 'vitest';
import { contrastRatio, INK, READABLE, readableOn, textColourOn, WHITE } from '../../web/src/portal/contrast.ts';

describe('the portal’s colour contrast', () => {
  it('measures ratios as WCAG defines them', () => {
    const check = (a: string, b: string, ratio: number) => expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    check('#000000', '#ffffff', 21);
    check('#ffffff', '#000000', 21);
    check('#777777', '#ffffff', 4.48);
    check('#1f5fbf', '#1f5fbf', 1);
  });

  it('puts white text on a dark brand colour and ink on a light one', () => {
    expect(textColourOn('#0b5c4a')).toBe(WHITE);
    expect(textColourOn('#ffd400')).toBe(INK);
    expect(textColourOn('#ffffff')).toBe(INK);
  });

  it('darkens a light colour used as text on white until it reads, and leaves a dark one as it is', () => {
    for (const light of ['#ffd400', '#77ccff', '#ff8800', '#cccccc']) {
      const darker = readableOn(light);
      expect(contrastRatio(darker, WHITE), `${light} → ${darker}`).toBeGreaterThanOrEqual(READABLE);
      expect(darker).not.toBe(light);
    }
    expect(readableOn('#0b5c4a')).toBe('#0b5c4a');
  });
});
