/**
 * Per-connection and per-user budgets for document updates, and the room's hard cap on its log
 * (limits.ts has the figures). A client over its budget is closed (1008) before its update reaches
 * the room; a room at its cap refuses every further update (4413), so one socket cannot fill the
 * database or make the room too large to open.
 */
import type { Connection } from './connection.ts';
import type { Extension, Refusal } from './hooks.ts';
import { budget, userBudgets, type CollabLimits } from './limits.ts';

export const CLOSE_ROOM_FULL = 4413;

export function createQuotas(limits: CollabLimits) {
  const rates = new WeakMap<Connection, { spend(cost: number): boolean }>();
  const userBytes = userBudgets(limits.userBytesPerMinute, 60_000);
  const userPresence = userBudgets(limits.presencePerSecond * 2, 1000);
  const over = (reason: string): Refusal => ({ code: 1008, reason, breach: false });

  const extension: Extension = {
    beforeApplyUpdate({ room, update, connection }) {
      let rate = rates.get(connection);
      if (!rate) rates.set(connection, (rate = budget(limits.updatesPerSecond, 1000)));
      if (!rate.spend(1)) return over('update rate exceeded');
      if (!userBytes.spend(connection.grant.userId, update.byteLength)) return over('update quota exceeded');
      if (room.logBytes() + update.byteLength > limits.roomBytes)
        return { code: CLOSE_ROOM_FULL, reason: 'room is full', breach: false };
      return null;
    }
  };
  return {
    extension,
    /** Presence changes, counted over all of a user's connections (each has its own rate too). */
    spendPresence: (userId: string) => userPresence.spend(userId, 1)
  };
}
