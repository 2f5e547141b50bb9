/**
 * The update validator's contract, and a minimal stand-in until the full one (schema and role
 * rules, in `validate/`) lands: it refuses only updates whose dependencies the room lacks, which
 * the honest provider never sends. Such an update would otherwise be kept as pending structs,
 * relayed to every client that joins, and stored later under whoever re-sent it.
 */
import * as Y from 'yjs';
import type { RoomName } from '../../model/rooms.ts';

export type UpdateSender = {
  userId: string;
  role: 'admin' | 'coordinator' | 'reviewer' | 'observer';
  expert: boolean;
  readOnly: boolean;
};

export type ValidationContext = { doc: Y.Doc; update: Uint8Array; room: RoomName; sender: UpdateSender };

export type Validation = { ok: true } | { ok: false; code: string; reason: string; breach: boolean };

type Id = { client: number; clock: number };

const missing = (reason: string): Validation => ({
  ok: false,
  code: 'missing-dependency',
  reason,
  breach: false
});

export function validateUpdate(ctx: ValidationContext): Validation {
  let meta: { from: Map<number, number>; to: Map<number, number> };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    meta = Y.parseUpdateMeta(ctx.update);
    decoded = Y.decodeUpdate(ctx.update);
  } catch {
    return { ok: false, code: 'malformed', reason: 'not a Yjs update', breach: false };
  }
  const state = Y.decodeStateVector(Y.encodeStateVector(ctx.doc));
  const has = (client: number) => state.get(client) ?? 0;
  for (const [client, from] of meta.from)
    if (from > has(client)) return missing('a struct the room lacks precedes it');
  // Every id it refers to is in the room already or in the update itself (which starts where the
  // room ends, checked above).
  const known = (id: Id | null) =>
    id === null || id.clock < Math.max(has(id.client), meta.to.get(id.client) ?? 0);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) return missing('a gap in its structs');
    if (!(struct instanceof Y.Item)) continue;
    const parent =
      struct.parent && typeof struct.parent === 'object' && 'client' in struct.parent ? struct.parent : null;
    if (!known(struct.origin) || !known(struct.rightOrigin) || !known(parent as Id | null))
      return missing('it refers to a struct the room lacks');
  }
  for (const [client, deletions] of decoded.ds.clients) {
    const end = Math.max(has(client), meta.to.get(client) ?? 0);
    if (deletions.some((d) => d.clock + d.len > end)) return missing('it deletes a struct the room lacks');
  }
  return { ok: true };
}
