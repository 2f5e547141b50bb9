/** The collection grid's selection rules (components/collection/selection.svelte.ts). */
import { describe, expect, it } from 'vitest';
import { moveFocus, rangeOf } from '../../src/lib/components/collection/selection.svelte.ts';

const ORDER = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('grid selection', () => {
  it('selects a range in grid order, whichever way it is dragged', () => {
    expect(rangeOf(ORDER, 'b', 'e')).toEqual(['b', 'c', 'd', 'e']);
    expect(rangeOf(ORDER, 'e', 'b')).toEqual(['b', 'c', 'd', 'e']);
    expect(rangeOf(ORDER, 'c', 'c')).toEqual(['c']);
    expect(rangeOf(ORDER, 'gone', 'c')).toEqual(['c']);
    expect(rangeOf(ORDER, 'c', 'gone')).toEqual([]);
  });

  it('moves the focus by arrows in a grid of columns, clamped to the ends', () => {
    expect(moveFocus(2, 'ArrowRight', 3, 7, false)).toBe(3);
    expect(moveFocus(2, 'ArrowLeft', 3, 7, false)).toBe(1);
    expect(moveFocus(2, 'ArrowDown', 3, 7, false)).toBe(5);
    expect(moveFocus(5, 'ArrowDown', 3, 7, false)).toBe(6);
    expect(moveFocus(1, 'ArrowUp', 3, 7, false)).toBe(0);
    expect(moveFocus(4, 'Home', 3, 7, false)).toBe(0);
    expect(moveFocus(4, 'End', 3, 7, false)).toBe(6);
    expect(moveFocus(4, 'a', 3, 7, false)).toBeNull();
  });

  it('mirrors left and right in right-to-left pages', () => {
    expect(moveFocus(2, 'ArrowLeft', 3, 7, true)).toBe(3);
    expect(moveFocus(2, 'ArrowRight', 3, 7, true)).toBe(1);
  });
});
