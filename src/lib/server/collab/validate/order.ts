import * as Y from 'yjs';
import type { UpdateStruct } from './decode.ts';
import { refuse, type Refusal } from './types.ts';

/** A struct that adds to the document; `offset` of its clocks are stored already. */
export type Fresh = { struct: Y.Item | Y.GC; offset: number };
export type Integration = {
  ok: true;
  /** In the order Yjs integrates them: every dependency comes first. */
  fresh: Fresh[];
  /** Each client's clock once the update is applied. */
  state: Map<number, number>;
};

const MISSING = Symbol('missing');

/**
 * Replays Yjs's integration order (integrateStructs) without applying anything: a struct may only
 * continue its client's clock, and what it refers to (origin, right origin, parent) must be stored or
 * come earlier in this update. Whatever Yjs would park as pending is refused here: a room never
 * holds structs it cannot place, and never relays them.
 */
export function integrationOrder(doc: Y.Doc, byClient: Map<number, UpdateStruct[]>): Integration | Refusal {
  const state = new Map<number, number>();
  const cursor = new Map<number, number>();
  const fresh: Fresh[] = [];
  const clockOf = (client: number): number => {
    let clock = state.get(client);
    if (clock === undefined) {
      clock = Y.getState(doc.store, client);
      state.set(client, clock);
    }
    return clock;
  };
  const take = (client: number): UpdateStruct | undefined => {
    const list = byClient.get(client);
    const at = cursor.get(client) ?? 0;
    if (!list || at >= list.length) return undefined;
    cursor.set(client, at + 1);
    return list[at];
  };
  /** The first reference not stored yet: null when all are, MISSING when it can never be. */
  const needed = (item: Y.Item): Y.ID | null | typeof MISSING => {
    const parent = item.parent instanceof Y.ID ? item.parent : null;
    for (const ref of [item.origin, item.rightOrigin, parent]) {
      if (ref === null) continue;
      // Yjs assumes a client's own references point backwards; one that does not breaks the apply.
      if (ref.client === item.id.client) {
        if (ref.clock >= item.id.clock) return MISSING;
      } else if (ref.clock >= clockOf(ref.client)) return ref;
    }
    return null;
  };

  for (const client of byClient.keys()) {
    for (let first = take(client); first !== undefined; first = take(client)) {
      const stack: UpdateStruct[] = [first];
      while (stack.length > 0) {
        const struct = stack[stack.length - 1] as UpdateStruct;
        if (struct instanceof Y.Skip) {
          stack.pop();
          continue;
        }
        const known = clockOf(struct.id.client);
        if (struct.id.clock > known) {
          return refuse(
            'missing-dependency',
            `client ${struct.id.client} continues at clock ${struct.id.clock}, the room has ${known}`
          );
        }
        const offset = known - struct.id.clock;
        if (offset >= struct.length) {
          stack.pop();
          continue;
        }
        const ref = struct instanceof Y.Item ? needed(struct) : null;
        if (ref === MISSING) return refuse('missing-dependency', 'a struct refers forward in its own client');
        if (ref !== null) {
          const next = take(ref.client);
          if (next === undefined)
            return refuse('missing-dependency', `refers to ${ref.client}:${ref.clock}, which the room lacks`);
          stack.push(next);
          continue;
        }
        state.set(struct.id.client, struct.id.clock + struct.length);
        fresh.push({ struct, offset });
        stack.pop();
      }
    }
  }
  return { ok: true, fresh, state };
}
