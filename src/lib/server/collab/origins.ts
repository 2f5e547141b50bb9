/**
 * Every Yjs transaction and awareness change in a room carries one of these origins, so that each
 * hook can tell who caused a change without guessing from its shape (Hocuspocus types its origins
 * the same way): the sender is never echoed its own update, content another instance stores is not
 * stored twice, and presence that came from a peer is never published back to it.
 */

/** A document change: who caused it, and whether this instance stores it. */
export type UpdateOrigin =
  /** The stored state, applied while the room loads: nothing to store, relay or project. */
  | { kind: 'load' }
  /** A client of this instance; `connection` is the sender, never echoed. */
  | { kind: 'client'; userId: string; connection: object }
  /** A server-side edit (an import, OCR, a restore) on behalf of a user. */
  | { kind: 'server'; userId: string }
  /** A client's update relayed by another instance: stored here too (its digest keeps one row). */
  | { kind: 'peer'; userId: string | null }
  /** Content another instance holds and stores (its answer to our sync request), or has stored (read back from the log). */
  | { kind: 'peer-sync' };

export const LOADING: UpdateOrigin = { kind: 'load' };
export const PEER_SYNC: UpdateOrigin = { kind: 'peer-sync' };

/** A presence change: a client of this instance, another instance, or the room unloading. */
export type AwarenessOrigin = { kind: 'client'; connection: object } | { kind: 'peer' } | { kind: 'unload' };

export const PEER_PRESENCE: AwarenessOrigin = { kind: 'peer' };
export const UNLOADING: AwarenessOrigin = { kind: 'unload' };

/** Only transactions of ours carry an origin of this shape; anything else is a bug. */
export function updateOrigin(origin: unknown): UpdateOrigin {
  if (origin && typeof origin === 'object' && 'kind' in origin) return origin as UpdateOrigin;
  throw new Error(`a room transaction without a typed origin: ${String(origin)}`);
}

/** The user an update is logged under, or null (content not stored here). */
export function authorOf(origin: UpdateOrigin): string | null {
  return origin.kind === 'client' || origin.kind === 'server' || origin.kind === 'peer'
    ? origin.userId
    : null;
}

/** Is this change stored by this instance? */
export function storedHere(origin: UpdateOrigin): boolean {
  return origin.kind !== 'load' && origin.kind !== 'peer-sync';
}

/** Is this change made on this instance (and so published to the others)? */
export function madeHere(origin: UpdateOrigin): boolean {
  return origin.kind === 'client' || origin.kind === 'server';
}
