/**
 * The socket is the front door: every client update is validated before the room or the log sees
 * it. A refused update closes its sender — 4400 for a malformed update, 4403 for a rule breach —
 * is logged with the room's name, and audited when it breaks a rule (rather than being malformed).
 */
import type { AuditEntry } from '../audit/log.ts';
import { parseRoomName } from '../../model/rooms.ts';
import type { Extension } from './hooks.ts';
import type { UpdateContext, Verdict } from './validate/index.ts';

export const CLOSE_MALFORMED = 4400;
export const CLOSE_BREACH = 4403;
/** A websocket close reason holds at most 123 bytes. */
const REASON_BYTES = 120;

export function validation(options: {
  validate(ctx: UpdateContext): Verdict;
  audit?(entry: AuditEntry): Promise<unknown>;
  log(message: string): void;
}): Extension {
  return {
    beforeApplyUpdate({ room, update, connection }) {
      const name = parseRoomName(room.name);
      const grant = connection.grant;
      const verdict: Verdict = name
        ? options.validate({
            doc: room.doc,
            update,
            room: name,
            sender: {
              userId: grant.userId,
              // Until every grant carries the user's role, the least one its access implies: an
              // unknown role is never granted more than a reviewer's rights.
              role: grant.role ?? (grant.readOnly ? 'observer' : 'reviewer'),
              expert: grant.expert ?? false,
              readOnly: grant.readOnly
            }
          })
        : { ok: false, code: 'malformed', reason: 'no schema for this room', breach: false };
      if (verdict.ok) return null;
      options.log(`${room.name}: update from ${grant.userId} refused (${verdict.code}): ${verdict.reason}`);
      if (verdict.code === 'missing-dependency')
        return { code: CLOSE_MALFORMED, reason: verdict.reason, breach: false, resync: true };
      if (verdict.breach)
        options
          .audit?.({
            actorId: grant.userId,
            action: 'collab.update_refused',
            target: room.name,
            details: { code: verdict.code, reason: verdict.reason }
          })
          .catch((err: Error) => options.log(`${room.name}: auditing a refusal failed: ${err.message}`));
      return {
        code: verdict.breach ? CLOSE_BREACH : CLOSE_MALFORMED,
        reason: Buffer.from(`${verdict.code}: ${verdict.reason}`).subarray(0, REASON_BYTES).toString(),
        breach: verdict.breach
      };
    }
  };
}
