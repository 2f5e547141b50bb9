/**
 * The ingest pool's turns to cut (one pyramid per lane at a time): at most `count` at once, given in
 * the order asked; the libvips threads of each. The pool over real files and a real database: tests/integration/ingest-pool.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { cutTurns, vipsThreadsPerLane } from '../../src/lib/server/evidence/pool.ts';

/** Lets every promise that can settle now settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the turns to cut', () => {
  it('gives at most `count` at once, in the order they were asked for', async () => {
    const turn = cutTurns(2);
    const given: number[] = [];
    const ends = new Map<number, () => void>();
    for (const n of [0, 1, 2, 3, 4])
      void turn(0).then((end) => {
        given.push(n);
        ends.set(n, end);
      });
    await settled();
    expect(given).toEqual([0, 1]);
    ends.get(1)!();
    await settled();
    expect(given).toEqual([0, 1, 2]);
    ends.get(0)!();
    ends.get(2)!();
    await settled();
    expect(given).toEqual([0, 1, 2, 3, 4]);
  });

  it('passes an ending turn to the first in line, not to one asking after the end', async () => {
    const turn = cutTurns(1);
    const order: string[] = [];
    const first = await turn(0);
    const waiting = turn(0).then((end) => {
      order.push('waited');
      return end;
    });
    first();
    // Asked after the end, before the one in line has run: it must wait behind it.
    const late = turn(0).then((end) => {
      order.push('late');
      return end;
    });
    await settled();
    expect(order).toEqual(['waited']);
    (await waiting)();
    (await late)();
    expect(order).toEqual(['waited', 'late']);
    // Every turn ended: the next is given at once.
    await turn(0);
  });
});

describe("each lane's libvips threads", () => {
  it('are two for each core the lanes share, and never none', () => {
    expect(vipsThreadsPerLane(2, 2)).toBe(2);
    expect(vipsThreadsPerLane(1, 2)).toBe(4);
    expect(vipsThreadsPerLane(4, 8)).toBe(4);
    expect(vipsThreadsPerLane(8, 2)).toBe(1);
    expect(vipsThreadsPerLane(3, 2)).toBe(1);
  });
});
