/** releaseHeapSlack (server/heap-slack.ts): the young generation a burst of allocation grew is given back. */
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { releaseHeapSlack } from '../../server/heap-slack.ts';

const youngMiB = () =>
  v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size / 2 ** 20;

describe('releaseHeapSlack', () => {
  it('shrinks a grown young generation to its least', () => {
    // Short-lived objects at a rate that makes V8 grow the young generation, as a start-up does.
    let kept: object[] = [];
    for (let i = 0; i < 3_000_000; i++) {
      kept.push({ i });
      if (kept.length > 200_000) kept = [];
    }
    const grown = youngMiB();
    expect(grown).toBeGreaterThan(4);
    releaseHeapSlack();
    expect(youngMiB()).toBeLessThan(grown / 4);
  });
});
