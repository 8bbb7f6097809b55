import { describe, expect, it } from 'vitest';
import { moveFor } from '../../../web/src/grid/keyboard.ts';

const size = { rows: 100, columns: 10 };
const key = (name: string, modifiers: { shift?: boolean; ctrl?: boolean } = {}) => ({
  key: name,
  shiftKey: modifiers.shift ?? false,
  ctrlKey: modifiers.ctrl ?? false,
  metaKey: false,
});

describe('spreadsheet keys in the grid', () => {
  const check = (name: string, from: [number, number], to: [number, number] | null, modifiers = {}) => {
    const move = moveFor(key(name, modifiers), { row: from[0], column: from[1] }, size, 20);
    expect(move && [move.to.row, move.to.column], `${name} from ${from}`).toEqual(to);
  };

  it('moves by one, by a page, to the row ends and to the table corners, never out of the table', () => {
    check('ArrowDown', [0, 0], [1, 0]);
    check('ArrowUp', [0, 0], [0, 0]);
    check('ArrowRight', [5, 9], [5, 9]);
    check('ArrowLeft', [5, 3], [5, 2]);
    check('PageDown', [90, 4], [99, 4]);
    check('PageUp', [30, 4], [10, 4]);
    check('Home', [30, 4], [30, 0]);
    check('End', [30, 4], [30, 9]);
    check('Home', [30, 4], [0, 0], { ctrl: true });
    check('End', [30, 4], [99, 9], { ctrl: true });
    check('ArrowDown', [30, 4], [99, 4], { ctrl: true });
    check('a', [30, 4], null);
  });

  it('extends the selection with Shift', () => {
    expect(moveFor(key('ArrowDown', { shift: true }), { row: 1, column: 1 }, size, 20)?.extend).toBe(true);
    expect(moveFor(key('ArrowDown'), { row: 1, column: 1 }, size, 20)?.extend).toBe(false);
  });
});
