import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { refuse, type Refusal } from './types.ts';

export type UpdateStruct = Y.Item | Y.GC | Y.Skip;
export type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

export type Decoded = {
  ok: true;
  /** Each client's structs in clock order. */
  byClient: Map<number, UpdateStruct[]>;
  ds: DeleteSet;
};

/**
 * The update's structs and delete set, read without touching any document. Yjs keeps only the last
 * block of a client that appears twice (and an empty block erases an earlier one), so an update
 * must hold exactly one non-empty block per client: anything else would validate one set of
 * structs and apply another.
 */
export function decode(update: Uint8Array): Decoded | Refusal {
  let blocks: number;
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    blocks = decoding.readVarUint(decoding.createDecoder(update));
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    return refuse('malformed', `the update cannot be decoded (${(err as Error).message})`);
  }
  const byClient = new Map<number, UpdateStruct[]>();
  let current: UpdateStruct[] | null = null;
  let currentClient = -1;
  for (const struct of decoded.structs) {
    const client = struct.id.client;
    if (current === null || client !== currentClient) {
      if (byClient.has(client)) return refuse('malformed', `client ${client} appears twice`);
      current = [];
      currentClient = client;
      byClient.set(client, current);
    }
    current.push(struct);
  }
  if (byClient.size !== blocks)
    return refuse('malformed', 'the update repeats a client or holds empty blocks');
  return { ok: true, byClient, ds: decoded.ds };
}
