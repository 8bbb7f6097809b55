import { describe, expect, it } from 'vitest';
import { lineProgress } from '../../../server/cli/progress.ts';

describe('progress written as lines when the output is not a terminal', () => {
  it('writes a line when the step changes and at each further tenth of a long step, never twice the same', () => {
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line));
    progress.update(0, 100, 'generating calls');
    progress.update(5, 100, 'generating calls');
    progress.update(12, 100, 'generating calls');
    progress.update(19, 100, 'generating calls');
    progress.update(40, 100, 'copying the period');
    progress.update(41, 100, 'copying the period');
    progress.update(100, 100, 'copying the period');
    progress.stop();
    expect(lines).toEqual(['  generating calls (0 %)', '  generating calls (10 %)', '  copying the period (40 %)', '  copying the period (100 %)']);
  });
});
