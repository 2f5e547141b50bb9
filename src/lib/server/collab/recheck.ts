/**
 * Access re-checks for open connections. A connection is decided again within RECHECK_MS of any
 * change that can take access away (the access epoch moved since it was last decided), and every
 * connection each FULL_RECHECK_MS: a disabled user or a removed member is disconnected within
 * seconds, and a session that expires while its socket is open within a minute.
 */
import type { Connection, Grant } from './connection.ts';
import type { Room } from './room.ts';

const RECHECK_MS = 2000;
/** A safety round, and what bounds time-based ends (a session expiring while its socket is open). */
const FULL_RECHECK_MS = 60_000;

export function startRechecks<G extends Grant>(options: {
  rooms: () => Iterable<Room>;
  /** Still allowed? Called per connection when the access epoch moves, and on the safety round. */
  recheck(grant: G, room: string): Promise<boolean>;
  /** A number that moves whenever access may have been taken away; without it, every connection
   * is re-checked every RECHECK_MS. */
  accessEpoch?(): Promise<number>;
  stopped(): boolean;
  log(message: string): void;
}) {
  /** The access epoch each connection was last decided at (read before deciding). */
  const checkedAt = new WeakMap<Connection, number>();
  const readEpoch = () => options.accessEpoch?.().catch(() => NaN) ?? Promise.resolve(NaN);
  let lastFullRound = Date.now();

  async function round(): Promise<void> {
    // Read before deciding: a change made while a decision runs moves the epoch past the one the
    // connection is marked with, so the next tick decides again. NaN (no epoch, or unreadable)
    // equals nothing: everything is due.
    const epoch = await readEpoch();
    const full = Date.now() - lastFullRound >= FULL_RECHECK_MS;
    if (full) lastFullRound = Date.now();
    const due = [...options.rooms()].flatMap((room) =>
      [...(room.connections as Set<Connection>)]
        .filter((connection) => full || checkedAt.get(connection) !== epoch)
        .map((connection) => ({ room, connection }))
    );
    // Spread over most of the interval, one decision at a time: on SQLite every query runs on this
    // thread, and a round over hundreds of sockets taken in one go held up every relay behind it.
    const gap = (RECHECK_MS * 0.8) / Math.max(1, due.length);
    for (const { room, connection } of due) {
      await new Promise((resolve) => setTimeout(resolve, gap));
      if (options.stopped()) return;
      if (connection.ws.readyState !== connection.ws.OPEN) continue;
      const allowed = await options.recheck(connection.grant as G, room.name).catch(() => true);
      if (!allowed) {
        options.log(`${room.name}: access revoked for ${connection.grant.userId}`);
        connection.close(4403, 'access revoked');
      } else checkedAt.set(connection, epoch);
    }
  }

  let running = false;
  const timer = setInterval(async () => {
    // One round at a time: on a slow database a round may outlast the interval.
    if (running) return;
    running = true;
    try {
      await round();
    } finally {
      running = false;
    }
  }, RECHECK_MS);
  timer.unref();

  return {
    /** The epoch to mark a new connection with: read before its upgrade is decided. */
    readEpoch,
    decided: (connection: Connection, epoch: number) => checkedAt.set(connection, epoch),
    stop: () => clearInterval(timer)
  };
}
