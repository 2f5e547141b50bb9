/**
 * The socket's front door: decides whether one Yjs update from a client may reach a room, before the
 * room's document, its log or any other client sees it. Pure: it reads `doc` and never changes it.
 *
 * Invariants it guards (DESIGN.md, "The socket is the front door"):
 * - nothing that Yjs would keep pending: every struct continues its client's clock and everything it
 *   refers to is stored or in the update; deletions name only what exists;
 * - the document schema: known roots, keys and content kinds per place, values within their limits
 *   (no NUL, plausible times, the selector codec's targets, bounded nesting);
 * - the role rules: read-only connections (observers, other people's blind layers) write nothing,
 *   only experts give the consistency opinion, and only experts write a body's overall evaluation
 *   (a body room holds nothing else);
 * - authorship comes from the connection: `createdBy`, `updatedBy` and a decision's `by` name the sender.
 * Cost: O(size of the update) plus O(log n) look-ups in the stored document, never a walk of it.
 */
import * as Y from 'yjs';
import { decode, type UpdateStruct } from './decode.ts';
import { checkDeletions } from './deletions.ts';
import { integrationOrder } from './order.ts';
import { DISCARDED, Places } from './places.ts';
import { checkContent } from './schema.ts';
import { readOnly as readOnlyRole } from '../../../model/roles.ts';
import { DEFAULT_LIMITS, refuse, type UpdateContext, type Verdict } from './types.ts';

export type { RefusalCode, UpdateContext, UpdateLimits, UpdateSender, Verdict } from './types.ts';

function writesStructs(doc: Y.Doc, byClient: Map<number, UpdateStruct[]>): boolean {
  for (const [client, structs] of byClient) {
    const last = structs[structs.length - 1] as UpdateStruct;
    if (last.id.clock + last.length > Y.getState(doc.store, client)) return true;
  }
  return false;
}

export function validateUpdate(ctx: UpdateContext): Verdict {
  const { doc, update, sender } = ctx;
  const limits = { ...DEFAULT_LIMITS, ...ctx.limits };
  if (update.byteLength > limits.maxUpdateBytes)
    return refuse('too-large', `the update exceeds ${limits.maxUpdateBytes} bytes`, false);
  const decoded = decode(update);
  if (!decoded.ok) return decoded;
  const readOnly = sender.readOnly || readOnlyRole(sender);
  if (readOnly && writesStructs(doc, decoded.byClient))
    return refuse('read-only', 'this connection may not change the document');
  // Everything in a body room is the overall evaluation, the expert's alone.
  const evaluationOnly = ctx.room.kind === 'body' && !sender.expert;
  if (evaluationOnly && writesStructs(doc, decoded.byClient))
    return refuse('expert-only', 'only forensic experts write the overall evaluation');
  const order = integrationOrder(doc, decoded.byClient);
  if (!order.ok) return order;
  const places = new Places(doc, decoded.byClient, ctx.room.kind);
  for (const { struct, offset } of order.fresh) {
    if (!(struct instanceof Y.Item)) continue;
    const place = places.place(struct, offset);
    if (place === DISCARDED) continue;
    if ('ok' in place) return place;
    const checked = checkContent(place, struct, ctx);
    if (checked === null) continue;
    if ('ok' in checked) return checked;
    places.opens(struct, checked);
  }
  return (
    checkDeletions(doc, decoded.ds, order.state, places, sender, readOnly || evaluationOnly) ?? { ok: true }
  );
}
