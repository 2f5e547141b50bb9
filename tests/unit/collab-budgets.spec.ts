import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userBudgets } from '../../src/lib/server/collab/limits.ts';

const PERIOD = 1000;
const AMOUNT = 3;

describe('per-user budgets', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('are shared by every spend of one user, and refilled a period after their last refill', () => {
    const budgets = userBudgets(AMOUNT, PERIOD);
    for (let i = 0; i < AMOUNT; i++) expect(budgets.spend('olga', 1)).toBe(true);
    expect(budgets.spend('olga', 1)).toBe(false);
    expect(budgets.spend('bob', 1)).toBe(true); // someone else has his own
    vi.setSystemTime(PERIOD - 1);
    expect(budgets.spend('olga', 1)).toBe(false);
    vi.setSystemTime(PERIOD);
    expect(budgets.spend('olga', 1)).toBe(true);
  });

  it('are never handed back early by forgetting the unused ones', () => {
    const budgets = userBudgets(AMOUNT, PERIOD);
    // Olga's budget starts (and is used up) late in the first period of the sweep.
    vi.setSystemTime(0.95 * PERIOD);
    expect(budgets.spend('olga', AMOUNT)).toBe(true);
    // A spend by someone else past a period sweeps: Olga's budget was refilled 0.1 period ago, kept.
    vi.setSystemTime(1.05 * PERIOD);
    expect(budgets.spend('bob', 1)).toBe(true);
    expect(budgets.spend('olga', 1)).toBe(false);
    // A period after her refill she has it whole again, forgotten or not.
    vi.setSystemTime(1.95 * PERIOD);
    expect(budgets.spend('bob', 1)).toBe(true);
    expect(budgets.spend('olga', AMOUNT)).toBe(true);
    expect(budgets.spend('olga', 1)).toBe(false);
  });
});
