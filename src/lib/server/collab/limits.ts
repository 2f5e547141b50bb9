/**
 * Every bound the collaboration socket keeps, in one place, configurable through the environment
 * (README, "Real-time annotation"). A client that passes a per-connection or per-user bound is
 * closed; a room that passes its hard cap refuses growth; nothing is buffered without bound.
 */
export type CollabLimits = {
  /** Largest websocket message (any kind). */
  messageBytes: number;
  /** Document updates per second one connection may send. */
  updatesPerSecond: number;
  /** Update bytes one user may send per minute, over all their connections. */
  userBytesPerMinute: number;
  /** Presence changes per second one connection may publish (a user: twice that over all tabs). */
  presencePerSecond: number;
  /** Largest presence state of one client. */
  presenceBytes: number;
  /** What may wait in a socket's send buffer before the client is dropped as a slow reader. */
  sendBufferBytes: number;
  /** Log bytes since the last snapshot at which the room takes a new snapshot. */
  compactBytes: number;
  /** Log bytes of one room beyond which it refuses every further update. */
  roomBytes: number;
  /** Sockets one user may hold open on one server process, over all rooms and tabs. */
  connectionsPerUser: number;
};

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: CollabLimits = {
  messageBytes: 8 * MiB,
  updatesPerSecond: 100,
  userBytesPerMinute: 32 * MiB,
  presencePerSecond: 60,
  presenceBytes: 64 * 1024,
  sendBufferBytes: 16 * MiB,
  compactBytes: 4 * MiB,
  roomBytes: 256 * MiB,
  connectionsPerUser: 32
};

const ENV: Record<keyof CollabLimits, string> = {
  messageBytes: 'COLLAB_MESSAGE_BYTES',
  updatesPerSecond: 'COLLAB_UPDATES_PER_SECOND',
  userBytesPerMinute: 'COLLAB_USER_BYTES_PER_MINUTE',
  presencePerSecond: 'COLLAB_PRESENCE_PER_SECOND',
  presenceBytes: 'COLLAB_PRESENCE_BYTES',
  sendBufferBytes: 'COLLAB_SEND_BUFFER_BYTES',
  compactBytes: 'COLLAB_COMPACT_BYTES',
  roomBytes: 'COLLAB_ROOM_BYTES',
  connectionsPerUser: 'COLLAB_CONNECTIONS_PER_USER'
};

export function readCollabLimits(env: NodeJS.ProcessEnv = process.env): CollabLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV) as Array<keyof CollabLimits>) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${ENV[key]} must be a positive integer, got ${raw}`);
    limits[key] = value;
  }
  return limits;
}

/** A budget refilled every `periodMs`: spend() is false once it is used up. */
export class Budget {
  readonly #amount: number;
  readonly #periodMs: number;
  #left: number;
  #refilledAt = Date.now();

  constructor(amount: number, periodMs: number) {
    this.#amount = amount;
    this.#periodMs = periodMs;
    this.#left = amount;
  }

  spend(cost: number): boolean {
    const now = Date.now();
    if (now - this.#refilledAt >= this.#periodMs) {
      this.#left = this.#amount;
      this.#refilledAt = now;
    }
    this.#left -= cost;
    return this.#left >= 0;
  }

  /** A period or more since its last refill: its next spend refills it, as a new budget's would. */
  refillDue(now: number): boolean {
    return now - this.#refilledAt >= this.#periodMs;
  }
}

export const budget = (amount: number, periodMs: number): Budget => new Budget(amount, periodMs);

/**
 * Budgets keyed by user, shared by all of that user's connections; forgotten once a period has passed
 * since their last refill (`refillDue`: a new budget in their place would be the same).
 */
export function userBudgets(amount: number, periodMs: number) {
  const budgets = new Map<string, Budget>();
  let sweptAt = Date.now();
  return {
    spend(userId: string, cost: number): boolean {
      const now = Date.now();
      // Unused budgets are forgotten once a period, not on every spend: this runs for every update
      // and every presence change, and a walk of every user's budget each time grew with the users.
      if (now - sweptAt > periodMs) {
        sweptAt = now;
        for (const [id, b] of budgets) if (b.refillDue(now)) budgets.delete(id);
      }
      let userBudget = budgets.get(userId);
      if (!userBudget) budgets.set(userId, (userBudget = new Budget(amount, periodMs)));
      return userBudget.spend(cost);
    }
  };
}
